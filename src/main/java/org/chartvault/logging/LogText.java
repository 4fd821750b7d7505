package org.chartvault.logging;

/** Text made safe for one log line: every character that could end the line or drive a terminal is written as an escape. */
public final class LogText {
    private LogText() {
    }

    /**
     * The text with control characters (CR, LF, tab, ESC, NEL …), the Unicode line and paragraph separators and
     * the bidirectional overrides written as {@code \r}, {@code \n}, {@code \t} or a backslash-u escape: an attempt to
     * forge a line stays visible as what it was.
     */
    public static String oneLine(String text) {
        if (text == null) return null;
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) first++;
        if (first == text.length()) return text;
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) // C0, DEL and C1 (NEL among them)
                || c == '\u2028' || c == '\u2029' // line and paragraph separators
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069'); // bidi embeddings, overrides, isolates
    }
}
