package org.chartvault.capture;

import org.chartvault.document.Indexing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Precision and recall of automatic indexing, field by field: precision is the share of values capture took that
 * are right, recall the share of true values it took right. A field capture leaves empty costs recall only; a
 * wrong value costs both; a value taken where the document has none costs precision.
 */
final class IndexingScore {
    static final Map<String, Function<Indexing, Object>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("MRN", Indexing::mrn);
        FIELDS.put("type", Indexing::documentType);
        FIELDS.put("service date", Indexing::serviceDate);
        FIELDS.put("birth date", Indexing::birthDate);
        FIELDS.put("name", i -> i.patientName() == null ? null : nameKey(i.patientName()));
        FIELDS.put("encounter", Indexing::encounter);
    }

    private final Map<String, int[]> counts = new LinkedHashMap<>();   // right, wrong, missed, rightly left empty

    /** Adds one document: what it truly is and what capture made of it (types as display names on both sides). */
    void add(Indexing truth, Indexing found) {
        FIELDS.forEach((field, get) -> {
            int[] c = counts.computeIfAbsent(field, f -> new int[4]);
            Object want = get.apply(truth), got = get.apply(found);
            if (want == null && got == null) c[3]++;
            else if (got == null) c[2]++;
            else if (Objects.equals(want, got)) c[0]++;
            else c[1]++;
        });
    }

    double precision(String field) {
        int[] c = counts.get(field);
        return c[0] + c[1] == 0 ? 1 : c[0] / (double) (c[0] + c[1]);
    }

    /** Over the documents that have a true value (a field rightly left empty counts for neither measure). */
    double recall(String field) {
        int[] c = counts.get(field);
        return c[0] + c[1] + c[2] == 0 ? 1 : c[0] / (double) (c[0] + c[1] + c[2]);
    }

    String table(String title) {
        StringBuilder out = new StringBuilder(title).append('\n');
        counts.forEach((field, c) -> out.append(String.format(Locale.ROOT,
                "  %-13s precision %.3f  recall %.3f   (right %d, wrong %d, not taken %d%s)%n",
                field, precision(field), recall(field), c[0], c[1], c[2], c[3] == 0 ? "" : ", rightly empty " + c[3])));
        return out.toString();
    }

    /** "Margaret Wojciechowski" and "WOJCIECHOWSKI, MARGARET" are the same name. */
    static String nameKey(String name) {
        String[] words = name.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}' -]", " ").strip().split("\\s+");
        Arrays.sort(words);
        return String.join(" ", words);
    }
}
