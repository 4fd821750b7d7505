package org.chartvault.hold;

/**
 * How the pages of a production are numbered: {@code prefix} then the page number zero-padded to {@code digits},
 * counting up from {@code start} across the whole production (CV000001, CV000002, ...).
 */
public record BatesNumbering(String prefix, long start, int digits) {
    public static final String DEFAULT_PREFIX = "CV";
    /** Six digits number a production of up to 999,999 pages, the usual width in load files. */
    public static final int DEFAULT_DIGITS = 6;
    /** Longest prefix: Bates numbers are printed on every page and must stay short. */
    static final int MAX_PREFIX = 20;

    public BatesNumbering {
        prefix = prefix == null ? DEFAULT_PREFIX : prefix.strip();
        if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0," + (MAX_PREFIX - 1) + "}")) {
            throw new IllegalArgumentException("The Bates prefix must be 1 to " + MAX_PREFIX + " letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit.");
        }
        if (digits < 3 || digits > 12) throw new IllegalArgumentException("Bates numbers must have 3 to 12 digits.");
        if (start < 1 || start > largest(digits)) {
            throw new IllegalArgumentException("The first Bates number must be from 1 to " + largest(digits) + ".");
        }
    }

    public static BatesNumbering defaults() {
        return new BatesNumbering(DEFAULT_PREFIX, 1, DEFAULT_DIGITS);
    }

    /** The Bates number of the page {@code offset} pages after the first page of the production. */
    public String number(long offset) {
        long n = start + offset;
        if (n > largest(digits)) {
            throw new IllegalArgumentException("The production has more pages than " + digits
                    + "-digit Bates numbers starting at " + start + " can number; use more digits.");
        }
        return prefix + String.format("%0" + digits + "d", n);
    }

    private static long largest(int digits) {
        return (long) Math.pow(10, digits) - 1;
    }
}
