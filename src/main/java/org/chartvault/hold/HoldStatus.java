package org.chartvault.hold;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Whether a hold still preserves its documents. A released hold is kept, with its document list, as a record. */
public enum HoldStatus {
    ACTIVE("active"),
    RELEASED("released");

    private final String wire;

    HoldStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static HoldStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown hold status: " + value));
    }
}
