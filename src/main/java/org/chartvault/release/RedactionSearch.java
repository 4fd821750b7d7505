package org.chartvault.release;

import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * "Redact every occurrence": finds a phrase the clerk types, or one of a few named patterns (Social Security
 * numbers, phone numbers), in the OCR words of a page and proposes a box over each word of each occurrence, in the
 * page image's pixels, exactly as a clerk would draw it. The clerk accepts the proposals page by page; accepted,
 * they are ordinary {@link Redaction}s and are burned in by {@link Redactor}.
 * <p>
 * The page's words are read in order (line by line, left to right) joined by single spaces, so an occurrence may
 * run across a line break. No regular expression is taken from the caller: a phrase is matched literally (case and
 * the spacing between its words do not matter), and patterns are chosen by name.
 */
public final class RedactionSearch {
    /** Longest phrase: a name, a diagnosis, a sentence at most. */
    static final int MAX_PHRASE = 200;
    /** Pixels added around each word: OCR boxes hug the ink, and anti-aliased edges reach a pixel or two beyond. */
    static final int PAD = 2;

    /** The named patterns, in the clerks' words. */
    enum Named {
        SSN("ssn", "Social Security numbers",
                // 123-45-6789 or 123 45 6789; a bare nine-digit run only behind its label (it may be an MRN)
                "(?<![\\p{Alnum}-])\\d{3}[- ]\\d{2}[- ]\\d{4}(?![\\p{Alnum}-])"
                        + "|(?i:\\b(?:SSN|SS#|Social Security(?: No\\.?| Number| #)?)\\s*[:#]?\\s*)\\d{9}(?!\\d)"),
        PHONE("phone", "phone numbers",
                // (555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567
                "(?<![\\p{Alnum}-])(?:\\+?1[-. ]?)?(?:\\(\\d{3}\\) ?|\\d{3}[-. ])\\d{3}[-. ]\\d{4}(?![\\p{Alnum}-])");

        final String wire;
        final String description;
        final Pattern pattern;

        Named(String wire, String description, String regex) {
            this.wire = wire;
            this.description = description;
            this.pattern = Pattern.compile(regex);
        }

        static Named of(String value) {
            String wanted = value.strip().toLowerCase(Locale.ROOT);
            for (Named n : values()) if (n.wire.equals(wanted)) return n;
            throw new InvalidReleaseException("bad-pattern", "'" + org.chartvault.Refusal.quoted(value) + "' is not a "
                    + "pattern ChartVault knows; use " + java.util.Arrays.stream(values()).map(n -> n.wire + " ("
                    + n.description + ")").collect(Collectors.joining(" or ")) + ", or give a 'phrase'.");
        }
    }

    /** What to look for: a phrase or a named pattern, exactly one of them. */
    record Query(String phrase, String pattern) {
        Query {
            phrase = phrase == null || phrase.isBlank() ? null : phrase.strip().replaceAll("\\s+", " ");
            pattern = pattern == null || pattern.isBlank() ? null : pattern.strip();
            if ((phrase == null) == (pattern == null)) {
                throw new InvalidReleaseException("bad-query", "Give either a 'phrase' to redact wherever it occurs "
                        + "or a 'pattern' (ssn, phone), not " + (phrase == null ? "neither" : "both") + ".");
            }
            if (phrase != null && phrase.length() > MAX_PHRASE) {
                throw new InvalidReleaseException("bad-query", "The phrase is longer than " + MAX_PHRASE + " characters.");
            }
            if (pattern != null) Named.of(pattern);
        }

        Pattern compiled() {
            if (pattern != null) return Named.of(pattern).pattern;
            String words = java.util.Arrays.stream(phrase.split(" ")).map(Pattern::quote).collect(Collectors.joining("\\s+"));
            // whole words only: "Ann" does not take the start of "Annual"
            return Pattern.compile("(?<![\\p{L}\\p{N}])" + words + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }

        /** For the audit trail: the pattern's name, or that a phrase was searched (not the phrase, which may be a name). */
        String describe() {
            return pattern != null ? "pattern " + Named.of(pattern).wire : "a phrase of " + phrase.split(" ").length + " word(s)";
        }
    }

    /** One occurrence's box on a page, with the words it covers (so the clerk sees what goes). */
    public record Box(int x, int y, int width, int height, String text) {
        Redaction on(String documentId, int page) {
            return new Redaction(documentId, page, x, y, width, height);
        }
    }

    private RedactionSearch() {
    }

    /** The boxes over every occurrence on the page, one per word, in reading order. */
    static List<Box> find(Query query, PageContent page) {
        List<Word> words = page.words().stream()
                .sorted(Comparator.comparingInt(Word::line).thenComparingInt(Word::x)).toList();
        StringBuilder text = new StringBuilder();
        int[] starts = new int[words.size()];
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) text.append(' ');
            starts[i] = text.length();
            text.append(words.get(i).text());
        }
        Map<Integer, Box> boxes = new LinkedHashMap<>();
        Matcher m = query.compiled().matcher(text);
        while (m.find()) {
            if (m.end() == m.start()) continue;
            for (int i = 0; i < words.size(); i++) {
                int from = starts[i], to = from + words.get(i).text().length();
                if (to <= m.start() || from >= m.end()) continue;
                Word w = words.get(i);
                Rectangle r = new Rectangle(w.x(), w.y(), Math.max(1, w.width()), Math.max(1, w.height()));
                r.grow(PAD, PAD);
                r = r.intersection(new Rectangle(0, 0, Math.max(1, page.width()), Math.max(1, page.height())));
                if (r.isEmpty()) continue;
                boxes.putIfAbsent(i, new Box(r.x, r.y, r.width, r.height, w.text()));
            }
        }
        return new ArrayList<>(boxes.values());
    }
}
