package org.chartvault.patient;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** Administrative sex as HL7 table 0001 codes it (F, M, O, U). */
public enum Sex {
    FEMALE("F"), MALE("M"), OTHER("O"), UNKNOWN("U");

    private final String code;

    Sex(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /**
     * The sex a code or word means: F/M/O/U, or female/male/other/unknown in any case; HL7's A (ambiguous) and
     * N (not applicable) count as other and unknown. Empty for anything else.
     */
    public static Optional<Sex> parse(String value) {
        if (value == null) return Optional.empty();
        return Optional.ofNullable(switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "F", "FEMALE" -> FEMALE;
            case "M", "MALE" -> MALE;
            case "O", "OTHER", "A" -> OTHER;
            case "U", "UNKNOWN", "N", "" -> UNKNOWN;
            default -> null;
        });
    }

    @JsonCreator
    static Sex fromJson(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown sex code " + code));
    }
}
