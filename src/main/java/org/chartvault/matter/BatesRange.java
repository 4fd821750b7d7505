package org.chartvault.matter;

import java.time.Instant;
import java.util.Objects;

/**
 * Bates numbers handed to one production or packet of a matter: {@code first} to {@code last}, both included. A range
 * once handed out is never handed out again, even when its owner used fewer numbers or was given a longer range later.
 *
 * @param owner the export or release id the range is for
 * @param kind  {@link #PRODUCTION} or {@link #PACKET}
 */
public record BatesRange(String owner, String kind, long first, long last, String claimedBy, Instant claimedAt) {
    public static final String PRODUCTION = "production", PACKET = "packet";

    public BatesRange {
        Objects.requireNonNull(owner, "owner");
        if (first < 1 || last < first) throw new IllegalArgumentException("a Bates range runs from 1 up, first to last");
    }

    public long count() {
        return last - first + 1;
    }
}
