package org.chartvault.patient;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A patient record in use, or one retired by a merge (its documents now belong to the surviving MRN). */
public enum PatientStatus {
    ACTIVE, MERGED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
