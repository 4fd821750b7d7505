package org.chartvault.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.chartvault.index.SearchHit.Highlight;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Plain-text snippets of page text with the ranges of the matching words, made by Lucene's
 * UnifiedHighlighter from the offsets stored in the postings. Never HTML: the viewer marks the
 * ranges itself, so nothing in OCR text can ever be taken for markup.
 */
final class Snippets {

    /** About three lines of a page: enough to recognise the passage, short enough for a list of hits. */
    static final int TARGET_LENGTH = 250;
    /** Hard cap, for the rare passage that runs long (a long phrase match in the middle). */
    static final int MAX_LENGTH = 320;
    /** Text beyond this many characters of a page is not looked at for snippets (a dense page has ~5,000). */
    static final int MAX_PAGE_CHARS = 100_000;
    static final String ELLIPSIS = "…";

    record Snippet(String text, List<Highlight> highlights) {
        static final Snippet EMPTY = new Snippet("", List.of());
    }

    private Snippets() {
    }

    /** One snippet per document id, in the order given; the query should be rewritten by {@code searcher}. */
    static List<Snippet> of(IndexSearcher searcher, Analyzer indexAnalyzer, Query query, int[] docIds) throws IOException {
        return of(searcher, indexAnalyzer, query, docIds, null);
    }

    /**
     * As above, with the page texts already read by the caller ({@code texts} gives the text of a document id), so
     * the stored fields of a hit are decompressed once for its fields and its snippet, not twice.
     */
    static List<Snippet> of(IndexSearcher searcher, Analyzer indexAnalyzer, Query query, int[] docIds,
                            IntFunction<String> texts) throws IOException {
        if (docIds.length == 0) return List.of();
        Highlighter highlighter = new Highlighter(texts, UnifiedHighlighter.builder(searcher, indexAnalyzer)
                .withFormatter(new Formatter())
                // passages of ~250 characters centred on the first match, cut at word boundaries
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getWordInstance(Locale.ROOT), TARGET_LENGTH, 0.5f))
                .withMaxLength(MAX_PAGE_CHARS)
                .withFieldMatcher(PageFields.TEXT::equals));
        Object[] formatted = highlighter.snippets(query, docIds);
        List<Snippet> snippets = new ArrayList<>(formatted.length);
        for (Object f : formatted) snippets.add(f instanceof Snippet s ? s : Snippet.EMPTY);
        return snippets;
    }

    private static final class Highlighter extends UnifiedHighlighter {
        private final IntFunction<String> texts;

        Highlighter(IntFunction<String> texts, Builder builder) {
            super(builder);
            this.texts = texts;
        }

        @Override
        protected List<CharSequence[]> loadFieldValues(String[] fields, DocIdSetIterator docIter, int cacheCharsThreshold)
                throws IOException {
            if (texts == null) return super.loadFieldValues(fields, docIter, cacheCharsThreshold);
            List<CharSequence[]> values = new ArrayList<>();
            for (int doc = docIter.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docIter.nextDoc()) {
                String text = texts.apply(doc);
                if (text == null) text = "";
                // the same cut as the stored-field loader makes at withMaxLength
                values.add(new CharSequence[]{text.length() > MAX_PAGE_CHARS ? text.substring(0, MAX_PAGE_CHARS) : text});
            }
            return values;
        }

        Object[] snippets(Query query, int[] docIds) throws IOException {
            return highlightFieldsAsObjects(new String[]{PageFields.TEXT}, query, docIds, new int[]{1}).get(PageFields.TEXT);
        }
    }

    /** The best passage as a Snippet: whitespace (line breaks included) collapsed, match offsets moved along. */
    static final class Formatter extends PassageFormatter {
        @Override
        public Object format(Passage[] passages, String content) {
            if (passages.length == 0) return Snippet.EMPTY;
            Passage passage = passages[0];
            int start = passage.getStartOffset();
            int end = Math.min(passage.getEndOffset(), content.length());
            int[][] matches = new int[passage.getNumMatches()][];
            for (int i = 0; i < matches.length; i++) {
                matches[i] = new int[]{passage.getMatchStarts()[i], passage.getMatchEnds()[i]};
            }
            return format(content, start, end, matches);
        }

        static Snippet format(String content, int start, int end, int[][] matches) {
            // where each content offset in [start, end] lands in the collapsed text
            int[] target = new int[end - start + 1];
            StringBuilder text = new StringBuilder(end - start);
            for (int i = start; i < end; i++) {
                target[i - start] = text.length();
                char c = content.charAt(i);
                if (Character.isWhitespace(c)) {
                    if (!text.isEmpty() && text.charAt(text.length() - 1) != ' ') text.append(' ');
                } else {
                    text.append(c);
                }
            }
            target[end - start] = text.length();
            while (!text.isEmpty() && text.charAt(text.length() - 1) == ' ') text.setLength(text.length() - 1);
            boolean truncated = text.length() > MAX_LENGTH;
            if (truncated) {
                int cut = text.lastIndexOf(" ", MAX_LENGTH);
                text.setLength(cut > MAX_LENGTH / 2 ? cut : MAX_LENGTH);
            }

            String prefix = start > 0 ? ELLIPSIS : "";
            boolean cutShort = end < content.length() && !content.substring(end).isBlank();
            String snippet = prefix + text + (cutShort || truncated ? ELLIPSIS : "");

            Arrays.sort(matches, Comparator.comparingInt(m -> m[0]));
            List<Highlight> highlights = new ArrayList<>();
            for (int[] m : matches) {
                int from = target[Math.clamp(m[0], start, end) - start];
                int to = Math.min(target[Math.clamp(m[1], start, end) - start], text.length());
                if (to <= from) continue;
                from += prefix.length();
                to += prefix.length();
                Highlight last = highlights.isEmpty() ? null : highlights.getLast();
                if (last != null && from <= last.end()) {
                    highlights.set(highlights.size() - 1, new Highlight(last.start(), Math.max(last.end(), to)));
                } else {
                    highlights.add(new Highlight(from, to));
                }
            }
            return new Snippet(snippet, List.copyOf(highlights));
        }
    }
}
