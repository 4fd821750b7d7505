package org.chartvault.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which words of a page a query matches, as boxes on the page image. The page's words are indexed
 * on their own in memory with the same analyzer as the real index and the same parsed query is
 * asked for its matches, so synonyms, spelling variants and OCR confusions box exactly what search
 * found.
 */
final class HitBoxes {
    private HitBoxes() {
    }

    /**
     * Where the words matching the user's query {@code q} are on the page: the same for every engine, since it is
     * computed from the page's own words, not from the index.
     */
    static List<HitBox> forQuery(UserQueryParser parser, String q, PageContent page, Analyzer analyzer)
            throws BadQueryException {
        if (UserQueryParser.isBlank(q) || page.blank()) return List.of();
        try {
            return find(parser.parse(q), page, analyzer);
        } catch (IOException e) {
            // an in-memory index of one page: an I/O error here is a bug, not something the caller can fix
            throw new UncheckedIOException(e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new BadQueryException("The search expands to too many words; use fewer or longer words.", e);
        }
    }

    /** Offsets are all the matches API needs here: no stored copy, no length norms to write. */
    private static final FieldType WORDS_TYPE = wordsType();

    private static FieldType wordsType() {
        FieldType type = new FieldType(PageFields.TEXT_TYPE);
        type.setStored(false);
        type.setOmitNorms(true);
        type.freeze();
        return type;
    }

    static List<HitBox> find(Query parsed, PageContent page, Analyzer indexAnalyzer) throws IOException {
        Query wordsOnly = positiveTextParts(parsed);
        if (wordsOnly == null || page.words().isEmpty()) return List.of();

        // the page text rebuilt from its words, remembering where each word sits in it
        List<Word> words = page.words();
        int[] starts = new int[words.size()];
        int[] ends = new int[words.size()];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            if (i > 0) text.append(word.line() != words.get(i - 1).line() ? '\n' : ' ');
            starts[i] = text.length();
            text.append(word.text() == null ? "" : word.text());
            ends[i] = text.length();
        }

        List<int[]> matched = new ArrayList<>();
        // a one-document index that lives for this call: no merges, no compound file, no commit
        IndexWriterConfig config = new IndexWriterConfig(indexAnalyzer)
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setMergeScheduler(new SerialMergeScheduler())
                .setUseCompoundFile(false)
                .setCommitOnClose(false);
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory();
             IndexWriter writer = new IndexWriter(directory, config)) {
            var doc = new org.apache.lucene.document.Document();
            doc.add(new Field(PageFields.TEXT, text.toString(), WORDS_TYPE));
            writer.addDocument(doc);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                Weight weight = searcher.createWeight(searcher.rewrite(wordsOnly), ScoreMode.COMPLETE_NO_SCORES, 1f);
                Matches matches = weight.matches(reader.leaves().getFirst(), 0);
                MatchesIterator it = matches == null ? null : matches.getMatches(PageFields.TEXT);
                while (it != null && it.next()) {
                    MatchesIterator terms = it.getSubMatches();
                    if (terms == null) {
                        matched.add(new int[]{it.startOffset(), it.endOffset()});
                    } else {
                        while (terms.next()) matched.add(new int[]{terms.startOffset(), terms.endOffset()});
                    }
                }
            }
        }

        List<HitBox> boxes = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (int[] m : matched) {
                if (m[0] < ends[i] && m[1] > starts[i]) {
                    Word w = words.get(i);
                    boxes.add(new HitBox(w.x(), w.y(), w.width(), w.height(), w.text()));
                    break;
                }
            }
        }
        return boxes;
    }

    /**
     * Every part of the query that looks for words of page text, joined by OR: metadata conditions
     * (mrn:, date:) and NOT parts have nothing to box, and a page the viewer shows is worth marking
     * even where it matches only some of the words.
     */
    static Query positiveTextParts(Query query) {
        List<Query> parts = new ArrayList<>();
        collect(query, parts);
        if (parts.isEmpty()) return null;
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Query part : parts) any.add(part, BooleanClause.Occur.SHOULD);
        return any.build();
    }

    private static void collect(Query query, List<Query> parts) {
        switch (query) {
            case BooleanQuery bool -> {
                for (BooleanClause clause : bool.clauses()) {
                    if (clause.occur() != BooleanClause.Occur.MUST_NOT) collect(clause.query(), parts);
                }
            }
            case BoostQuery boost -> collect(boost.getQuery(), parts);
            case ConstantScoreQuery constant -> collect(constant.getQuery(), parts);
            case DisjunctionMaxQuery dismax -> dismax.getDisjuncts().forEach(d -> collect(d, parts));
            default -> {
                if (looksAtText(query)) parts.add(query);
            }
        }
    }

    private static boolean looksAtText(Query query) {
        boolean[] text = new boolean[1];
        query.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                if (PageFields.TEXT.equals(field)) text[0] = true;
                return false;
            }
        });
        return text[0];
    }
}
