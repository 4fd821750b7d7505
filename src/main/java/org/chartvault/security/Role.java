package org.chartvault.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a user may do. A user can hold several roles. Lower-case on the wire: {@code scanner}, {@code roi}... */
public enum Role {
    /** Uploads batches and fixes scanning mistakes. */
    SCANNER,
    /** Assigns documents to patients and works the review queue. */
    INDEXER,
    /** Release of information: searches, views and releases records to requesters. */
    ROI,
    /** Legal holds, litigation exports, retention and destruction. */
    LEGAL,
    /** Users, roles, settings and the audit trail. */
    ADMIN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.wire().equals(value.strip().toLowerCase(Locale.ROOT))) return r;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a role; the roles are "
                + Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", ")) + ".");
    }
}
