package org.chartvault.matter;

import java.util.List;

/** The stored form of one matter's ranges, oldest first; {@code matter} as it was first named. */
record MatterNumbering(String matter, List<BatesRange> ranges) {
    MatterNumbering {
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
    }

    /** The first number no range has used. */
    long next() {
        return ranges.stream().mapToLong(BatesRange::last).max().orElse(0) + 1;
    }
}
