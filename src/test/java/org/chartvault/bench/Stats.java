package org.chartvault.bench;

import java.util.Arrays;
import java.util.Locale;

/** Small number helpers for the tables. */
final class Stats {
    private Stats() {
    }

    /** The p-th percentile (0-100) of the values, nearest rank. */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) return "-";
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }

    static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String ratio(double ours, double theirs) {
        if (theirs == 0 || Double.isNaN(ours) || Double.isNaN(theirs)) return "-";
        return String.format(Locale.ROOT, "%.2fx", ours / theirs);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
