package org.chartvault.release;

/**
 * What an administrator may set for every release: how long the hospital has to answer, and how Bates numbers
 * look. Stored in {@code settings/release.json}, so every node and every restart uses the same values.
 *
 * @param dueDays     days from receipt to the due date (HIPAA allows 30)
 * @param batesPrefix letters before each Bates number, e.g. {@code CV} in {@code CV000001}
 * @param batesDigits digits of the zero-padded number
 * @param batesStart  the first number of a packet made in a legal matter (the matter's range); null: from 1
 */
public record ReleaseSettings(int dueDays, String batesPrefix, int batesDigits,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              Long batesStart) {
    public static final ReleaseSettings DEFAULTS = new ReleaseSettings(30, "CV", 6);

    public ReleaseSettings(int dueDays, String batesPrefix, int batesDigits) {
        this(dueDays, batesPrefix, batesDigits, null);
    }

    public ReleaseSettings {
        if (dueDays < 1 || dueDays > 365) {
            throw new InvalidReleaseException("bad-settings", "dueDays must be between 1 and 365, not " + dueDays + ".");
        }
        batesPrefix = batesPrefix == null ? "" : batesPrefix.strip();
        if (!batesPrefix.matches("[A-Za-z0-9_-]{0,20}")) {
            throw new InvalidReleaseException("bad-settings", "batesPrefix is up to 20 letters, digits, '-' or '_'.");
        }
        if (batesStart != null && batesStart < 1) {
            throw new InvalidReleaseException("bad-settings", "batesStart must be 1 or more.");
        }
        if (batesDigits < 3 || batesDigits > 12) {
            throw new InvalidReleaseException("bad-settings", "batesDigits must be between 3 and 12, not " + batesDigits + ".");
        }
    }

    /** The Bates number of the {@code n}th released page (from 1): from 1, or from a matter's range. */
    public String bates(int n) {
        return batesPrefix + String.format("%0" + batesDigits + "d", (batesStart == null ? 1 : batesStart) + n - 1);
    }

    /** These settings numbering from {@code first} (a packet in a matter). */
    public ReleaseSettings startingAt(long first) {
        return new ReleaseSettings(dueDays, batesPrefix, batesDigits, first);
    }
}
