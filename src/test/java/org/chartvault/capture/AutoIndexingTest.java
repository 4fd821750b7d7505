package org.chartvault.capture;

import org.chartvault.document.Indexing;
import org.chartvault.document.ReviewReason;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoIndexingTest {

    private final DocumentTypes types = DocumentTypes.standard();
    private final TextIndexer indexer = new TextIndexer(types, TextIndexerTest.CLOCK);
    private final AutoIndexing auto = new AutoIndexing(types, TextIndexerTest.TAKE);
    private final StreamSplitter splitter = new StreamSplitter();

    private static final String PAGE = """
            NORTHGATE COMMUNITY HOSPITAL
            DISCHARGE SUMMARY
            Patient: DOE, JANE    MRN: 00573910
            DOB: 01/05/1960    Date of service: 03/02/2024
            """;

    @Test
    void textAloneIndexesAClearPage() {
        AutoIndexing.Decision d = auto.decide(Indexing.EMPTY, null, indexer.index(PAGE));

        assertEquals(new Indexing("00573910", "DOE, JANE", LocalDate.of(1960, 1, 5), "Discharge summary",
                LocalDate.of(2024, 3, 2), null), d.indexing());
        assertEquals(Source.TEXT, d.sources().get("mrn"));
        assertFalse(d.needsReview(), d.reasons().toString());
    }

    @Test
    void theSeparatorSheetOutranksTheTextAndADisagreeingTextIsAReason() {
        SeparatorSheet sheet = new SeparatorSheet("00999999", "operative report", LocalDate.of(2024, 3, 1), null, null);
        StreamSplitter.Part part = splitter.split(List.of(new PageBarcodes(sheet, List.of(), List.of()), PageBarcodes.NONE)).get(0);

        AutoIndexing.Decision d = auto.decide(Indexing.EMPTY, part, indexer.index(PAGE));

        assertEquals("00999999", d.indexing().mrn());
        assertEquals("Operative report", d.indexing().documentType(), "the sheet's type, in the list's words");
        assertEquals(LocalDate.of(2024, 3, 1), d.indexing().serviceDate());
        assertEquals(LocalDate.of(1960, 1, 5), d.indexing().birthDate(), "what the sheet lacks comes from the text");
        assertEquals(Source.BARCODE, d.sources().get("mrn"));
        assertEquals(Source.TEXT, d.sources().get("birthDate"));
        assertEquals(1, d.reasons().size());
        assertEquals(ReviewReason.Kind.SOURCES_DISAGREE, d.reasons().get(0).kind());
        assertTrue(d.reasons().get(0).text().startsWith("The separator sheet says MRN 00999999 but the text says 00573910"), d.reasons().toString());
    }

    @Test
    void whatAPersonTypedOutranksEverything() {
        Indexing typed = new Indexing("00573910", null, null, "11506-3", null, null);
        SeparatorSheet sheet = new SeparatorSheet("00573910", "Consultation", null, null, null);
        StreamSplitter.Part part = splitter.split(List.of(new PageBarcodes(sheet, List.of(), List.of()), PageBarcodes.NONE)).get(0);

        AutoIndexing.Decision d = auto.decide(typed, part, indexer.index(PAGE));

        assertEquals("Progress note", d.indexing().documentType());
        assertEquals(Source.USER, d.sources().get("documentType"));
        assertFalse(d.needsReview(), d.reasons().toString());
    }

    @Test
    void aPageWithoutPatientOrTypeGoesToReviewSayingWhy() {
        AutoIndexing.Decision d = auto.decide(Indexing.EMPTY, null, indexer.index("Seen today. Doing well.\nDate of service: 03/02/2024"));

        assertNull(d.indexing().mrn());
        assertTrue(d.needsReview());
        assertEquals(List.of(ReviewReason.Kind.NO_PATIENT, ReviewReason.Kind.NO_DOCUMENT_TYPE), d.reasons().stream().map(ReviewReason::kind).toList());
        assertEquals(List.of("No MRN was found in the text.", "No document type was found in the text."), d.reasons().stream().map(ReviewReason::text).toList());
    }

    @Test
    void aTypeOutsideTheListIsKeptButQuestioned() {
        AutoIndexing.Decision d = auto.decide(new Indexing("1234567", null, null, "Ballet programme", LocalDate.of(2024, 1, 1), null),
                null, TextFindings.NONE);

        assertEquals("Ballet programme", d.indexing().documentType());
        assertEquals(List.of(ReviewReason.about("documentType", ReviewReason.Kind.UNKNOWN_DOCUMENT_TYPE, "The document type 'Ballet programme' is not in the list of document types.")), d.reasons());
    }
}
