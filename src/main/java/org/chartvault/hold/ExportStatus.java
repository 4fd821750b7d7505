package org.chartvault.hold;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Where a production export is, in the words of the API contract (a queued export counts as running). */
public enum ExportStatus {
    RUNNING("running"),
    DONE("done"),
    FAILED("failed");

    private final String wire;

    ExportStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ExportStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown export status: " + value));
    }
}
