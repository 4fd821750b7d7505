package org.chartvault.index;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The fixture archive indexed once on disk, then a table of what people type and which pages they
 * must get back (like Lucene's TestDemo). Pages are written C1 = doc-cardiology page 1, and so on:
 * C cardiology, P pulmonary, O OCR-damaged H&amp;P, L lab, R radiology, N nursing.
 */
class SearchQueryTableTest {

    @TempDir
    static Path indexDir;
    static LuceneSearchIndex index;

    @BeforeAll
    static void indexFixture() throws Exception {
        index = new LuceneSearchIndex(indexDir);
        ChartFixture.indexAll(index);
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                // plain words, AND between them, order free
                arguments("aspirin metoprolol", "C2"),
                arguments("pressure blood", "C1"),
                arguments("myocardial", "C1"),
                arguments("fracture", ""),
                // Boolean operators and grouping
                arguments("aspirin OR prednisone", "C2 P1"),
                arguments("hypertension NOT diabetes", "O1"),
                arguments("(aspirin OR prednisone) AND nebulizers", "P1"),
                arguments("mrn:100001 NOT aspirin", "C1 L1"),
                arguments("mrn:100004 AND NOT patient", "R1"),
                // phrases, with one word of slop but in order
                arguments("\"blood pressure\"", "C1"),
                arguments("\"admitted acute\"", "C1"),
                arguments("\"pressure blood\"", ""),
                // synonyms both ways, multi-word ones in and out of quotes
                arguments("MI", "C1 L1"),
                arguments("\"myocardial infarction\"", "C1 L1"),
                arguments("\"heart attack\"", "C1 L1"),
                arguments("heart attack", "C1 L1"),
                arguments("SOB", "P1"),
                arguments("\"shortness of breath\"", "P1"),
                arguments("chf", "P1"),
                arguments("\"congestive heart failure\"", "P1"),
                arguments("hx", "C1 P1 O1 L1"),
                arguments("BP", "C1"),
                arguments("dm", "C1"),
                arguments("echo", "C2"),
                arguments("a1c", "L1"),
                arguments("\"glycated hemoglobin\"", "L1"),
                arguments("HTN", "C1 O1"),
                // OCR tolerance: damaged query finds clean text, clean query finds damaged text
                arguments("hypertension", "C1 O1"),
                arguments("hypertensiom", "C1 O1"),
                arguments("internal bleeding", "O1"),
                arguments("intemal", "O1"),
                arguments("b1ood pressure", "C1"),
                arguments("sternum", "R1"),
                arguments("echocardiograms", "C2"),
                arguments("pneumonias", "R1"),
                // "Plan:nebulizers" in OCR text is two words, not one
                arguments("nebulizers", "P1"),
                // fields by friendly names
                arguments("mrn:100001", "C1 C2 L1"),
                arguments("type:\"discharge summary\"", "C1 C2"),
                arguments("type:\"LAB REPORT\"", "L1"),
                arguments("patient:lopez", "C1 C2 L1"),
                arguments("patient:\"o'brien\"", "P1"),
                arguments("date:[2024-01-01 TO 2024-12-31]", "C1 C2 O1 L1"),
                arguments("date:[2024-07-20 TO *]", "O1 L1"),
                arguments("date:2023", "P1"),
                arguments("date:2024-03", "C1 C2"),
                arguments("date:3/15/2024", "C1 C2"),
                arguments("born:1949", "P1"),
                arguments("page:2 AND aspirin", "C2"),
                arguments("\"vital signs\" AND page:7", "N7"),
                arguments("file:lopez_labs.pdf", "L1"),
                arguments("file:lopez*", "C1 C2 L1"),
                arguments("hold:hold-2024-smith", "C1 C2"),
                arguments("encounter:E-3001", "O1"),
                arguments("status:indexed AND pneumonia", "R1"),
                arguments("doc:doc-lab", "L1"),
                // fields ORed: a rarer value ranks higher (the engines must agree on that too)
                arguments("type:\"discharge summary\" OR type:\"lab report\"", "C1 C2 L1"),
                arguments("mrn:100001 OR mrn:100002", "C1 C2 L1 P1"),
                arguments("file:lopez* OR hold:hold-2024-smith", "C1 C2 L1"),
                // wildcards after two letters
                arguments("cardio*", "C2 R1"),
                // text pasted with a colon: searched as words
                arguments("impression:pneumonia", "R1"),
                arguments("BP: 150/90", "C1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("queries")
    void queryFindsExactlyThesePages(String q, String expected) throws Exception {
        assertEquals(pages(expected), found(SearchQuery.of(q)));
    }

    static Stream<Arguments> filteredQueries() {
        LocalDate june = LocalDate.of(2024, 6, 1);
        return Stream.of(
                arguments("history", "100001", null, null, null, "C1 L1"),
                arguments("history", null, "lab report", null, null, "L1"),
                arguments("history", null, "LAB REPORT", null, null, "L1"),
                arguments("", "100001", null, null, null, "C1 C2 L1"),
                arguments("patient", null, null, june, null, "O1 L1"),
                arguments("patient", null, null, null, june, "C1 C2"),
                arguments(null, null, null, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), "C1 C2"),
                arguments("aspirin", "100002", null, null, null, ""));
    }

    @ParameterizedTest(name = "{0} mrn={1} type={2} from={3} to={4} -> {5}")
    @MethodSource("filteredQueries")
    void filtersNarrowTheQuery(String q, String mrn, String type, LocalDate from, LocalDate to, String expected)
            throws Exception {
        assertEquals(pages(expected), found(new SearchQuery(q, mrn, type, from, to, 0, SearchQuery.MAX_LIMIT)));
    }

    private static Set<String> found(SearchQuery query) throws Exception {
        SearchResult result = index.search(query);
        assertEquals(result.hits().size(), result.total(), "every hit fits in one page of results here");
        return result.hits().stream().map(h -> h.documentId() + "/" + h.page()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** "C1 L1" → {doc-cardiology/1, doc-lab/1}. */
    static Set<String> pages(String shortForm) {
        return Arrays.stream(shortForm.split(" ")).filter(s -> !s.isBlank())
                .map(s -> ChartFixture.SHORT.get(s.substring(0, 1)) + "/" + s.substring(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
