package org.chartvault.capture;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where an indexing value came from; a reviewer weighs a barcode above a word read from the page. */
public enum Source {
    /** A ChartVault separator sheet in front of the document. */
    BARCODE,
    /** A patient label (Code 128 or DataMatrix sticker) on a page of the document. */
    LABEL,
    /** Read from the OCR text of the document. */
    TEXT,
    /** Looked up in the patient registry. */
    REGISTRY,
    /** Typed by a person (upload form or reviewer). */
    USER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
