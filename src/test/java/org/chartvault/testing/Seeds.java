package org.chartvault.testing;

import java.util.Random;

/** Random sources for the generators. */
final class Seeds {
    private Seeds() {
    }

    /**
     * A {@link Random} for one purpose of one seed. {@code java.util.Random}'s first draws from neighbouring seeds
     * (1, 2, 3...) are nearly alike, and two purposes seeded alike draw alike, so the seed and purpose are
     * scrambled (SplitMix64) first.
     */
    static Random random(long seed, int purpose) {
        long z = seed + (purpose + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }
}
