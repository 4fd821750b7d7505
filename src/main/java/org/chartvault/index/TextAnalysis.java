package org.chartvault.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How text becomes terms. One chain for page text and patient names:
 * StandardTokenizer → English possessive ('s) → lower case → ASCII folding; then at index time the
 * OCR confusion keys ({@link OcrVariants}) and at query time the medical abbreviation synonyms.
 *
 * <p>No stemming. English stemmers merge words a clinician keeps apart (Porter, as in Lucene's
 * EnglishAnalyzer, makes "hepatic" and "hepatitis" both "hepat", "generic" and "general" both "gener",
 * "organ" and "organization" both "organ") and cut drug names ("codeine" → "codein"). The spelling
 * tolerance every plain word gets already lets "fracture" find "fractures", ranked below the exact
 * word. MRNs and doses are untouched either way: no filter here changes digits.
 * No stop words: "hepatitis a", "vitamin a", "type a" are real searches.
 */
final class TextAnalysis {
    private TextAnalysis() {
    }

    /** Where the synonym list lives inside the jar (the pom packages the index/ folder there). */
    static final String SYNONYMS_RESOURCE = "index/synonyms.txt";

    /**
     * "Dx:pneumonia" and "Dr.Smith" are single words to Unicode word breaking (a colon or period between
     * letters joins them), so OCR text without a space after a label would hide the word from search.
     * Replacing that one character by a space keeps every offset where it was.
     */
    private static final Pattern JOINED_BY_PUNCTUATION = Pattern.compile("(?<=\\p{L})[:.](?=\\p{L})");

    /** Terms as they are written into the index. */
    static Analyzer indexAnalyzer() {
        return new PerFieldAnalyzerWrapper(new ChartText(null, true),
                Map.of(PageFields.PATIENT_NAME, new ChartText(null, false)));
    }

    /** Terms as a query looks for them: the same chain, synonyms added, no OCR keys (the parser adds those). */
    static Analyzer queryAnalyzer(SynonymMap synonyms) {
        return new PerFieldAnalyzerWrapper(new ChartText(synonyms, false),
                Map.of(PageFields.PATIENT_NAME, new ChartText(null, false)));
    }

    /** Loads the packaged synonym list; a broken list stops start-up rather than silently searching without it. */
    static SynonymMap packagedSynonyms() throws IOException {
        try (InputStream in = TextAnalysis.class.getClassLoader().getResourceAsStream(SYNONYMS_RESOURCE)) {
            if (in == null) throw new IOException("The synonym list " + SYNONYMS_RESOURCE + " is missing from the classpath");
            return synonyms(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    static SynonymMap synonyms(Reader solrFormat) throws IOException {
        // entries go through the query chain up to (not including) the synonym filter, so "Heart-Attack" in
        // the file matches "heart attack" typed by a user
        try (Analyzer entryAnalyzer = new ChartText(null, false)) {
            SolrSynonymParser parser = new SolrSynonymParser(true, true, entryAnalyzer);
            parser.parse(solrFormat);
            return parser.build();
        } catch (ParseException e) {
            throw new IOException("The synonym list " + SYNONYMS_RESOURCE + " has an error near line " + e.getErrorOffset()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The one text chain, with or without query-time synonyms and index-time OCR keys. */
    private static final class ChartText extends Analyzer {
        private final SynonymMap synonyms;
        private final boolean ocrVariants;

        ChartText(SynonymMap synonyms, boolean ocrVariants) {
            this.synonyms = synonyms;
            this.ocrVariants = ocrVariants;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new PatternReplaceCharFilter(JOINED_BY_PUNCTUATION, " ", reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream terms = new EnglishPossessiveFilter(source);
            terms = new LowerCaseFilter(terms);
            terms = new ASCIIFoldingFilter(terms);
            if (synonyms != null) terms = new SynonymGraphFilter(terms, synonyms, true);
            if (ocrVariants) terms = new OcrVariants.Filter(terms);
            return new TokenStreamComponents(source, terms);
        }

        /** What wildcard and fuzzy words typed by a user go through: case and accents only. */
        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }
    }
}
