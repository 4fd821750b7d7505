package org.chartvault.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How the audited attempt ended. Lower-case on the wire and in the hash. */
public enum Outcome {
    /** The action was carried out. */
    SUCCESS,
    /** The caller was not allowed to do it (wrong role, CSRF check, locked account...). */
    DENIED,
    /** The caller was allowed but it did not work (wrong password, bad input, storage error...). */
    FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Outcome fromWire(String value) {
        for (Outcome o : values()) {
            if (o.wire().equals(value)) return o;
        }
        throw new IllegalArgumentException("unknown outcome '" + value + "': expected success, denied or failed");
    }
}
