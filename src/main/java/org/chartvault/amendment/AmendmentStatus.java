package org.chartvault.amendment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an amendment request stands. */
public enum AmendmentStatus {
    /** Received; the 60-day clock runs. */
    REQUESTED("requested"),
    /** The amendment was made: its text is linked to the document. */
    ACCEPTED("accepted"),
    /** Refused on one of the grounds of 164.526(a)(2); the patient was told how to disagree and complain. */
    DENIED("denied");

    private final String wire;

    AmendmentStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean isOpen() {
        return this == REQUESTED;
    }

    @JsonCreator
    public static AmendmentStatus fromWire(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wire.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidAmendmentException("bad-status", "'" + org.chartvault.Refusal.quoted(value)
                        + "' is not an amendment status; use " + Arrays.stream(values()).map(AmendmentStatus::wire)
                        .collect(Collectors.joining(", ")) + "."));
    }
}
