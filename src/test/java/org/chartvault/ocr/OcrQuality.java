package org.chartvault.ocr;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures of OCR quality against a reference text, for tests. Texts are compared with whitespace folded (runs of
 * spaces and line breaks become one space), after Unicode NFKC and folding of typographic quotes and dashes, since
 * the reference texts are not consistent about either.
 */
public final class OcrQuality {
    private OcrQuality() {
    }

    /** The text as compared: NFKC, plain quotes and hyphens, single spaces, trimmed. */
    public static String fold(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replaceAll("[\u2018\u2019\u201A\u201B\u2032]", "'")
                .replaceAll("[\u201C\u201D\u201E\u201F\u2033]", "\"")
                .replaceAll("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]", "-");
        return normal.strip().replaceAll("\\s+", " ");
    }

    /** Character error rate: edit distance between the folded texts over the length of the folded reference. */
    public static double characterErrorRate(String recognised, String reference) {
        String ref = fold(reference);
        String got = fold(recognised);
        if (ref.isEmpty()) return got.isEmpty() ? 0 : 1;
        return (double) editDistance(toCodePoints(got), toCodePoints(ref)) / ref.codePointCount(0, ref.length());
    }

    /** Word error rate: edit distance over words, in order, over the number of reference words. */
    public static double wordErrorRate(String recognised, String reference) {
        List<String> ref = words(reference);
        List<String> got = words(recognised);
        if (ref.isEmpty()) return got.isEmpty() ? 0 : 1;
        return (double) editDistance(got.toArray(), ref.toArray()) / ref.size();
    }

    /**
     * Share of the reference words (as a multiset, case-insensitive, punctuation at the ends ignored) found in the
     * recognised text, in any order: for references whose line order is not reading order, or which are themselves
     * approximate.
     */
    public static double wordRecall(String recognised, String reference) {
        Map<String, Integer> available = new HashMap<>();
        for (String word : bareWords(recognised)) available.merge(word, 1, Integer::sum);
        List<String> wanted = bareWords(reference);
        if (wanted.isEmpty()) return 1;
        int found = 0;
        for (String word : wanted) {
            Integer left = available.get(word);
            if (left != null && left > 0) {
                found++;
                available.put(word, left - 1);
            }
        }
        return (double) found / wanted.size();
    }

    static List<String> words(String text) {
        String folded = fold(text);
        return folded.isEmpty() ? List.of() : List.of(folded.split(" "));
    }

    private static List<String> bareWords(String text) {
        return words(text).stream()
                .map(w -> w.toLowerCase(java.util.Locale.ROOT).replaceAll("^\\p{Punct}+|\\p{Punct}+$", ""))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    private static Integer[] toCodePoints(String text) {
        return text.codePoints().boxed().toArray(Integer[]::new);
    }

    /** Levenshtein distance over any sequence, two rows of memory. */
    static int editDistance(Object[] a, Object[] b) {
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) previous[j] = j;
        for (int i = 1; i <= a.length; i++) {
            current[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int substitution = previous[j - 1] + (a[i - 1].equals(b[j - 1]) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length];
    }
}
