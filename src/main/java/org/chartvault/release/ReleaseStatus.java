package org.chartvault.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a release request stands, in the clerks' words. */
public enum ReleaseStatus {
    /** Logged; nobody has started on it. */
    RECEIVED("received"),
    /** A clerk is assembling it. */
    IN_PROGRESS("in-progress"),
    /** The packet was produced and handed out: a disclosure. */
    RELEASED("released"),
    /** Refused, with a reason given to the requester. */
    DENIED("denied");

    private final String wire;

    ReleaseStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Still waiting for a clerk: counts towards the due date. */
    public boolean isOpen() {
        return this == RECEIVED || this == IN_PROGRESS;
    }

    /** Accepts the wire names and the obvious spellings ("in progress", "IN_PROGRESS"). */
    @JsonCreator
    public static ReleaseStatus fromWire(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Arrays.stream(values()).filter(s -> s.wire.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidReleaseException("bad-status", "'" + value + "' is not a release status; use "
                        + Arrays.stream(values()).map(ReleaseStatus::wire).collect(Collectors.joining(", ")) + "."));
    }
}
