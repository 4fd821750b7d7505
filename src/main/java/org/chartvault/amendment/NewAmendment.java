package org.chartvault.amendment;

import java.time.LocalDate;

/** A patient's amendment request as a clerk logs it; {@code receivedDate} is today when not given. */
public record NewAmendment(String documentId, String requester, LocalDate receivedDate, String whatIsWrong,
                           String requestedChange) {
}
