package org.chartvault.release;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The one extension of a request's due date (45 CFR 164.524(b)(2)(i)): up to 30 days more, given within the first
 * period with a written notice to the requester stating the reason for the delay and the date by which the hospital
 * will act.
 *
 * @param reason          the reason for the delay, as the requester is told it
 * @param firstDueDate    the due date before the extension
 * @param newDueDate      the date by which the hospital will act
 * @param notifiedOn      the day the written notice was given
 * @param by              the clerk who gave it
 */
public record Extension(String reason, LocalDate firstDueDate, LocalDate newDueDate, LocalDate notifiedOn, String by,
                        Instant at) {
    /** The rule allows at most this many days beyond the first due date. */
    public static final int MAX_DAYS = 30;
}
