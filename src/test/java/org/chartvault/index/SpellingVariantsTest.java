package org.chartvault.index;

import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpellingVariantsTest {

    @TempDir
    Path dir;

    @Test
    void aWordIsExpandedOncePerReaderIntoTheSameVariantsAsLucenesOwnRewrite() throws Exception {
        try (FSDirectory directory = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(TextAnalysis.indexAnalyzer()))) {
            add(writer, "Known hypertension, hypertensiom on the scan, hypertensive urgency.");
            SpellingVariants variants = new SpellingVariants();
            FuzzyQuery word = new FuzzyQuery(new Term(PageFields.TEXT, "hypertension"), 2, 0, 16, true);
            try (DirectoryReader first = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(first);
                Query expanded = variants.expand(searcher, word);
                assertEquals(terms(word.rewrite(searcher)), terms(expanded));
                assertEquals(Set.of("hypertension", "hypertensiom", "hypertensive"), terms(expanded));
                assertSame(expanded, variants.expand(searcher, word), "the second search reuses the expansion");

                add(writer, "Hypertenslon noted again.");
                try (DirectoryReader second = DirectoryReader.openIfChanged(first, writer)) {
                    IndexSearcher newer = new IndexSearcher(second);
                    Query again = variants.expand(newer, word);
                    assertNotSame(expanded, again);
                    assertTrue(terms(again).contains("hypertenslon"), "a newly indexed spelling: " + terms(again));
                    assertEquals(terms(expanded), terms(variants.expand(searcher, word)),
                            "a search still on the older reader gets that reader's variants");
                    assertSame(again, variants.expand(newer, word), "the older reader did not take the cache back");
                }
            }
        }
    }

    @Test
    void theCacheKeepsAtMostItsBoundOfWords() throws Exception {
        try (FSDirectory directory = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(TextAnalysis.indexAnalyzer()))) {
            add(writer, "aaaa bbbb cccc");
            SpellingVariants variants = new SpellingVariants();
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int i = 0; i < SpellingVariants.MAX_WORDS + 100; i++) {
                    variants.expand(searcher, new FuzzyQuery(new Term(PageFields.TEXT, "word" + i), 1, 0, 16, true));
                    assertTrue(variants.cachedWords() <= SpellingVariants.MAX_WORDS);
                }
                assertTrue(variants.cachedWords() > 0);
            }
        }
    }

    private static void add(IndexWriter writer, String text) throws Exception {
        org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
        doc.add(new TextField(PageFields.TEXT, text, Field.Store.NO));
        writer.addDocument(doc);
    }

    private static Set<String> terms(Query query) {
        Set<String> terms = new TreeSet<>();
        query.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query q, Term... ts) {
                for (Term t : ts) terms.add(t.text());
            }

            @Override
            public QueryVisitor getSubVisitor(org.apache.lucene.search.BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        return terms;
    }
}
