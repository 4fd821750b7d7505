package org.chartvault.document;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Where a document is on its way from upload to searchable, in the words of the API contract. */
public enum DocumentStatus {
    QUEUED("queued"),
    PROCESSING("processing"),
    INDEXED("indexed"),
    NEEDS_REVIEW("needs-review"),
    FAILED("failed");

    private final String wire;

    DocumentStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Finished processing, whatever the outcome: the page counts of its batch are final. */
    public boolean isSettled() {
        return this == INDEXED || this == NEEDS_REVIEW || this == FAILED;
    }

    /** Processed with pages to show: indexed or waiting for review (settled, and not failed). */
    public boolean isProcessed() {
        return this == INDEXED || this == NEEDS_REVIEW;
    }

    @JsonCreator
    public static DocumentStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown document status: " + value));
    }
}
