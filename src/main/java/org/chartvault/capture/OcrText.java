package org.chartvault.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading OCR output the way a clerk would: words with their places, and letters Tesseract confuses. */
final class OcrText {
    private OcrText() {
    }

    /**
     * A word of a line. {@code colonAfter} says a ':' or ';' follows it (OCR often reads one for the other),
     * which marks a label.
     */
    record Token(String text, int start, int end, boolean colonAfter) {
        /** Without the punctuation that clings to words in prose: quotes, brackets, trailing periods and commas. */
        String bare() {
            return text.replaceAll("^[\"'(\\[]+|[\"')\\].,]+$", "");
        }
    }

    /** Words split at spaces, ':' and ';'; '#' is a word of its own ("MRN#" is "MRN", "#"). */
    static List<Token> tokens(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0, n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c) || c == ':' || c == ';') {
                i++;
                continue;
            }
            int start = i;
            if (c == '#') {
                i++;
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i)) && ":;#".indexOf(line.charAt(i)) < 0) i++;
            }
            int after = i;
            while (after < n && line.charAt(after) == ' ') after++;
            boolean colon = after < n && (line.charAt(after) == ':' || line.charAt(after) == ';');
            tokens.add(new Token(line.substring(start, i), start, i, colon));
        }
        return tokens;
    }

    /**
     * Upper case with the digits OCR puts for look-alike letters turned back into letters, and everything but
     * letters, digits, '#' and '&' removed: "Med1cal Rec0rd" and "MEDICAL RECORD" fold alike.
     */
    static String fold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '0' -> out.append('O');
                case '1', '|', '!' -> out.append('I');
                case '5' -> out.append('S');
                case '8' -> out.append('B');
                default -> {
                    if (Character.isLetterOrDigit(c) || c == '#' || c == '&') out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * The digits a number was printed with, undoing OCR's letters for digits (O for 0, l or I for 1, S for 5,
     * B for 8, Z for 2, G for 6); hyphens dropped. Null when the word is not a number misread a little: more
     * than half of it must be real digits.
     */
    static String digits(String word) {
        StringBuilder out = new StringBuilder(word.length());
        int real = 0, total = 0;
        for (char c : word.toCharArray()) {
            if (c == '-') continue;
            total++;
            if (c >= '0' && c <= '9') {
                real++;
                out.append(c);
                continue;
            }
            char digit = switch (c) {
                case 'O', 'o', 'Q', 'D' -> '0';
                case 'I', 'l', '|', 'i', '!' -> '1';
                case 'S', 's' -> '5';
                case 'B' -> '8';
                case 'Z', 'z' -> '2';
                case 'G' -> '6';
                default -> 0;
            };
            if (digit == 0) return null;
            out.append(digit);
        }
        return total > 0 && real * 2 > total ? out.toString() : null;
    }

    /**
     * How many single-letter edits turn {@code a} into {@code b}, or {@code max + 1} once it is more than
     * {@code max}. Only the diagonal band {@code max} wide is computed: the words compared are short and
     * {@code max} is 1 or 2, and this runs for every word of every line against every label.
     */
    static int distance(String a, String b, int max) {
        int n = a.length(), m = b.length();
        if (Math.abs(n - m) > max) return max + 1;
        int over = max + 1;
        int[] previous = new int[m + 1], current = new int[m + 1];
        for (int j = 0; j <= m; j++) previous[j] = j <= max ? j : over;
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - max), to = Math.min(m, i + max);
            current[0] = i <= max ? i : over;
            if (from > 1) current[from - 1] = over;
            int rowBest = current[0];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                current[j] = Math.min(v, over);
                rowBest = Math.min(rowBest, current[j]);
            }
            if (to < m) current[to + 1] = over;
            if (rowBest > max) return over;
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[m], over);
    }

    /**
     * Whether OCR could have read {@code printed} as {@code read} (both folded): equal, or for words of 4-9
     * letters one edit, for longer ones two; three-letter words ("MRN", "DOB") only with one letter swapped
     * for a look-alike ("MRM", "HRN", "DO8").
     */
    static int misreadDistance(String read, String printed) {
        if (read.equals(printed)) return 0;
        int len = printed.length();
        if (len <= 3) {
            if (read.length() != len) return -1;
            int differences = 0;
            for (int i = 0; i < len; i++) {
                if (read.charAt(i) != printed.charAt(i)) {
                    if (!lookAlike(read.charAt(i), printed.charAt(i))) return -1;
                    differences++;
                }
            }
            return differences <= 1 ? differences : -1;
        }
        int allowed = len >= 10 ? 2 : 1;
        int d = distance(read, printed, allowed);
        return d <= allowed ? d : -1;
    }

    private static final String[] LOOK_ALIKES = {"MNHW", "RBKP", "ODQC", "BE", "IJLT", "UV", "S"};

    private static boolean lookAlike(char a, char b) {
        for (String group : LOOK_ALIKES) if (group.indexOf(a) >= 0 && group.indexOf(b) >= 0) return true;
        return false;
    }
}
