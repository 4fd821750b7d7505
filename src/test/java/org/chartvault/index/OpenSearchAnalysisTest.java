package org.chartvault.index;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.chartvault.testing.OpenSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The analysis written as OpenSearch index settings makes exactly the tokens {@link TextAnalysis} makes: the same
 * words, OCR confusion keys (marked, stacked at the word's position), positions and offsets, for page text and for
 * patient names, on the fixture's pages and on the cases the key folding has rules for.
 */
@Tag("long")
class OpenSearchAnalysisTest {
    static OpenSearchIndex index;

    @BeforeAll
    static void open() throws Exception {
        index = new OpenSearchIndex(OpenSearch.url(), "analysis-" + UUID.randomUUID(), Clock.systemUTC());
    }

    @AfterAll
    static void close() throws Exception {
        if (index != null) index.close();
    }

    static Stream<String> texts() {
        List<String> texts = new ArrayList<>(List.of(
                "Intemal bleeding; internal medicine. Stemum and sternum.",
                "hypertensi0n b1ood 10 mg 1.5 l0 a1c ab1 rn vv avvful arn modern",
                "Dx:pneumonia Dr.Smith BP: 150/90 s/p CABG x3 on 3/15/2024, 2.5mg",
                "The patient's Müller O'Brien's café naïve — “quoted” words",
                "rnrn vvvv rnvv 0000 1o1 o1o RN VV 0RN",
                "MRN 00573910 E-3001 hold-2024-smith"));
        for (ChartFixture.Chart chart : ChartFixture.ALL) {
            for (var page : chart.pages()) if (!page.blank()) texts.add(page.text());
        }
        return texts.stream();
    }

    @ParameterizedTest
    @MethodSource("texts")
    void pageTextBecomesTheSameTokensOnBothEngines(String text) throws Exception {
        assertEquals(lucene(TextAnalysis.indexAnalyzer(), PageFields.TEXT, text), openSearch("chart_text", text));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void patientNamesBecomeTheSameTokensOnBothEngines(String text) throws Exception {
        assertEquals(lucene(TextAnalysis.indexAnalyzer(), PageFields.PATIENT_NAME, text), openSearch("chart_name", text));
    }

    /** Each token as "term@position[start,end)", the position counted from the first token. */
    private static List<String> lucene(Analyzer analyzer, String field, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                tokens.add(term + "@" + position + "[" + offset.startOffset() + "," + offset.endOffset() + ")");
            }
            stream.end();
        }
        return tokens;
    }

    private static List<String> openSearch(String analyzer, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (JsonNode token : index.analyze(analyzer, text)) {
            tokens.add(token.path("token").asText() + "@" + token.path("position").asInt()
                    + "[" + token.path("start_offset").asInt() + "," + token.path("end_offset").asInt() + ")");
        }
        return tokens;
    }
}
