package org.chartvault.capture;

import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.HeaderVariants;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextIndexerTest {

    /** What the pipeline would take without a person; the floor below which a value goes to review. */
    static final double TAKE = 0.6;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private final DocumentTypes types = DocumentTypes.standard();
    private final TextIndexer indexer = new TextIndexer(types, CLOCK);

    /** Expected values with the printed heading turned into the type's display name, as capture reports it. */
    static Indexing expected(ChartDocument document, DocumentTypes types) {
        Indexing truth = document.indexing();
        return new Indexing(truth.mrn(), truth.patientName(), truth.birthDate(),
                types.resolve(truth.documentType()).orElseThrow().display(), truth.serviceDate(), truth.encounter());
    }

    static List<PageContent> pages(ChartDocument document) {
        return document.pages().stream().map(p -> new PageContent(p.pageNumber(), 2550, 3300, 300, PageContent.SOURCE_OCR,
                0, 0, null, p.text(), List.of(), false)).toList();
    }

    @Test
    void indexesGeneratedDocumentsInTheirOwnAndOtherHospitalsLayouts() {
        ChartGenerator generator = new ChartGenerator();
        IndexingScore plain = new IndexingScore(), restyled = new IndexingScore();
        for (long seed = 0; seed < 100; seed++) {
            ChartDocument document = generator.document(seed);
            plain.add(expected(document, types), indexer.index(pages(document)).indexing(TAKE));
            ChartDocument other = HeaderVariants.restyle(document, seed);
            restyled.add(expected(other, types), indexer.index(pages(other)).indexing(TAKE));
        }
        System.out.println(plain.table("Ground-truth text, generator layout, 100 documents:"));
        System.out.println(restyled.table("Ground-truth text, other hospitals' labels, date formats and titles, 100 documents:"));
        for (IndexingScore score : List.of(plain, restyled)) {
            for (String field : IndexingScore.FIELDS.keySet()) {
                assertTrue(score.precision(field) >= 0.98, field + " precision " + score.precision(field));
                assertTrue(score.recall(field) >= 0.95, field + " recall " + score.recall(field));
            }
        }
    }

    @Test
    void twoDifferentMrnsAreCandidatesNotAValue() {
        TextFindings found = indexer.index("""
                RIVERSIDE MEDICAL CENTER
                PROGRESS NOTE
                Patient: DOE, JANE    MRN: 00573910
                Referred from the clinic chart of BROWN, ANN    MRN: 44120987
                """);

        assertTrue(found.mrn().isAmbiguous());
        assertEquals(List.of("00573910", "44120987"), found.mrn().findings().stream().map(Finding::value).sorted().toList());
        assertNull(found.indexing(TAKE).mrn());
        assertTrue(found.reasons(TAKE).stream().anyMatch(r -> r.kind() == org.chartvault.document.ReviewReason.Kind.AMBIGUOUS_VALUE && r.isAbout("mrn")
                && r.text().contains("00573910") && r.text().contains("44120987")), found.reasons(TAKE).toString());
        assertEquals("Progress note", found.indexing(TAKE).documentType());
    }

    @Test
    void theSameMrnInHeaderAndFooterIsOneSurerValue() {
        TextFindings found = indexer.index("Patient: DOE, JANE    MRN: 00573910\nbody text\nDOE, JANE    MRN: 00573910    Page 1 of 2");

        assertEquals(1, found.mrn().findings().size());
        assertTrue(found.mrn().findings().get(0).confidence() > 0.95);
        assertEquals("00573910", found.indexing(TAKE).mrn());
    }

    @Test
    void withoutLabelsNothingIsGuessed() {
        TextFindings found = indexer.index("""
                NORTHGATE COMMUNITY HOSPITAL
                Jane Doe 00573910
                01/05/1960
                Seen on 03/02/2024 for follow-up. The patient tolerated the procedure well.
                Comparison: prior study dated 09/30/2021.
                """);

        assertTrue(found.mrn().isEmpty(), found.mrn().toString());
        assertTrue(found.birthDate().isEmpty(), found.birthDate().toString());
        assertTrue(found.serviceDate().isEmpty(), found.serviceDate().toString());
        assertTrue(found.patientName().isEmpty(), found.patientName().toString());
        assertTrue(found.documentType().isEmpty());
        assertTrue(found.reasons(TAKE).stream().map(org.chartvault.document.ReviewReason::text).toList().containsAll(List.of("No MRN was found in the text.", "No document type was found in the text.")),
                found.reasons(TAKE).toString());
    }

    @Test
    void ocrMisreadingsOfLabelsAndDigitsAreReadThroughWithLessConfidence() {
        TextFindings clean = indexer.index("MRN: 00573910\nDOB: 01/05/1960\nDate of service: 03/02/2024");
        TextFindings misread = indexer.index("MRM: 0O5739l0\nD0B: 01/O5/1960\nDate of servlce; 03/02/2024");

        assertEquals("00573910", misread.indexing(0).mrn());
        assertEquals(LocalDate.of(1960, 1, 5), misread.indexing(0).birthDate());
        assertEquals(LocalDate.of(2024, 3, 2), misread.indexing(0).serviceDate());
        assertTrue(misread.mrn().findings().get(0).confidence() < clean.mrn().findings().get(0).confidence());
        assertTrue(misread.birthDate().findings().get(0).confidence() < clean.birthDate().findings().get(0).confidence());
    }

    @Test
    void datesAreReadInTheFormatsChartsUse() {
        record Case(String text, LocalDate expected) {
        }
        for (Case c : new Case[] {
                new Case("01/05/2024", LocalDate.of(2024, 1, 5)), new Case("1/5/24", LocalDate.of(2024, 1, 5)),
                new Case("2024-01-05", LocalDate.of(2024, 1, 5)), new Case("01-05-2024", LocalDate.of(2024, 1, 5)),
                new Case("January 5, 2024", LocalDate.of(2024, 1, 5)), new Case("Jan. 5 2024", LocalDate.of(2024, 1, 5)),
                new Case("5 January 2024", LocalDate.of(2024, 1, 5)), new Case("Sept 30, 2021", LocalDate.of(2021, 9, 30)),
                new Case("20240105", LocalDate.of(2024, 1, 5)), new Case("31/01/2024", LocalDate.of(2024, 1, 31)),
                new Case("01 / 05 / 2024", LocalDate.of(2024, 1, 5)), new Case("13/13/2024", null),
                new Case("02/30/2024", null), new Case("12/01/2031", null)}) {
            TextFindings found = indexer.index("Date of service: " + c.text());
            assertEquals(c.expected(), found.indexing(0).serviceDate(), c.text());
        }
        // two-digit birth years are in the past
        assertEquals(LocalDate.of(1960, 1, 5), indexer.index("DOB: 1/5/60").indexing(0).birthDate());
        assertEquals(LocalDate.of(2019, 1, 5), indexer.index("DOB: 1/5/19").indexing(0).birthDate());
    }

    @Test
    void namesAreTakenOnlyWhereTheyLookLikeNames() {
        assertEquals("O'DONNELL, GRACE", indexer.index("Patient: O'DONNELL, GRACE    MRN: 00573910").indexing(0).patientName());
        assertEquals("Grace O'Donnell", indexer.index("Patient Name: Grace O'Donnell DOB: 01/05/1960").indexing(0).patientName());
        assertEquals("DOE, JANE A", indexer.index("Name: DOE, JANE A. Attending: Gloria Whitcombe, MD").indexing(0).patientName());
        assertTrue(indexer.index("Patient tolerated the procedure well").patientName().isEmpty());
        assertTrue(indexer.index("Statement of patient:\nI consent to the procedure described above.").patientName().isEmpty());
        assertTrue(indexer.index("Attending Name: Gloria Whitcombe").patientName().isEmpty());
    }

    @Test
    void theTitleDecidesTheTypeAndProseDoesNot() {
        record Case(String text, String expected) {
        }
        for (Case c : new Case[] {
                new Case("CEDAR RIDGE HOSPITAL\nOPERATIVE REPORT\nPatient: DOE, JANE", "Operative report"),
                new Case("CEDAR RIDGE HOSPITAL\nH&P\n", "History and physical"),
                new Case("Surgical Pathology Report\n", "Pathology report"),
                new Case("CEDAR RIDGE HOSPITAL\nPROGRESS N0TE (continued)\n", "Progress note"),
                new Case("DISCHARGE SUMMARY\nThe patient will need a referral and gave consent for consultation.", "Discharge summary"),
                new Case("Reason for visit: follow-up.\nShe gave consent. A referral was sent.", null)}) {
            assertEquals(c.expected(), indexer.index(c.text()).indexing(0).documentType(), c.text());
        }
        TextFindings two = indexer.index("CONSULTATION\nPROGRESS NOTE\n");
        assertTrue(two.documentType().isAmbiguous());
        assertEquals(2, two.documentType().findings().size());
    }

    @Test
    void tesseractsDoubtLowersConfidence() {
        String text = "MRN: 00573910";
        PageContent sure = new PageContent(1, 100, 100, 300, PageContent.SOURCE_OCR, 0, 0, 95.0, text,
                List.of(new Word("MRN:", 0, 0, 10, 10, 96, 0), new Word("00573910", 20, 0, 10, 10, 95, 0)), false);
        PageContent unsure = new PageContent(1, 100, 100, 300, PageContent.SOURCE_OCR, 0, 0, 40.0, text,
                List.of(new Word("MRN:", 0, 0, 10, 10, 96, 0), new Word("00573910", 20, 0, 10, 10, 31, 0)), false);

        double high = indexer.index(List.of(sure)).mrn().findings().get(0).confidence();
        double low = indexer.index(List.of(unsure)).mrn().findings().get(0).confidence();

        assertTrue(low < high - 0.2, low + " vs " + high);
        assertTrue(indexer.index(List.of(unsure)).reasons(0.8).stream().anyMatch(r -> r.kind() == org.chartvault.document.ReviewReason.Kind.UNSURE_VALUE));
    }

    @Test
    void aServiceDateBeforeBirthIsNotTaken() {
        TextFindings found = indexer.index("DOB: 05/06/1990\nDate: 01/02/1985\nAdmission Date: 03/04/2020");
        assertEquals(LocalDate.of(2020, 3, 4), found.indexing(0).serviceDate());
        assertEquals(1, found.serviceDate().findings().size());
    }

    @Test
    void onlyTheFirstPagesAreRead() {
        ChartPage page = new ChartGenerator().page(3);
        List<PageContent> many = new java.util.ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            String text = n == 5 ? "MRN: 99999999" : "body text only";
            many.add(new PageContent(n, 1, 1, 300, PageContent.SOURCE_OCR, 0, 0, null, text, List.of(), false));
        }
        assertTrue(indexer.index(many).mrn().isEmpty());
        assertEquals(page.indexing().mrn(), indexer.index(page.text()).indexing(0).mrn());
    }
}
