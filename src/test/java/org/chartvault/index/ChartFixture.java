package org.chartvault.index;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small archive built in code: five patients' documents of several types and dates, one of them with
 * OCR damage ("hypertensiom", "Intemal"), plus a long document for paging. Pages get word boxes laid
 * out on a grid so hit boxes can be checked against the words they belong to.
 */
final class ChartFixture {
    private ChartFixture() {
    }

    /** Pixels per character and per line of the synthetic word layout. */
    static final int CHAR_WIDTH = 20;
    static final int LINE_HEIGHT = 40;

    record Chart(Document document, List<PageContent> pages) {
        PageContent page(int number) {
            return pages.stream().filter(p -> p.number() == number).findFirst().orElseThrow();
        }
    }

    static final Chart CARDIOLOGY = chart("doc-cardiology", "lopez_discharge.pdf",
            new Indexing("100001", "Maria Lopez", LocalDate.of(1958, 4, 2), "Discharge Summary", LocalDate.of(2024, 3, 15), "E-1001"),
            List.of("hold-2024-smith"),
            """
                    DISCHARGE SUMMARY
                    Patient admitted with acute myocardial infarction. History of hypertension and type 2 diabetes mellitus.
                    Blood pressure 150/90 on admission.""",
            """
                    Patient was started on aspirin and metoprolol. Echocardiogram showed reduced ejection fraction.
                    Follow up with cardiology in two weeks.""",
            null);

    static final Chart PULMONARY = chart("doc-pulmonary", "obrien_progress.tif",
            new Indexing("100002", "James O'Brien", LocalDate.of(1949, 11, 20), "Progress Note", LocalDate.of(2023, 11, 2), "E-2001"),
            List.of(),
            """
                    PROGRESS NOTE
                    COPD exacerbation with shortness of breath. Hx of CHF.
                    Plan:nebulizers and prednisone taper.""");

    static final Chart OCR_DAMAGED = chart("doc-ocr", "park_hp_scan.pdf",
            new Indexing("100003", "Susan Park", LocalDate.of(1971, 1, 9), "History and Physical", LocalDate.of(2024, 7, 20), "E-3001"),
            List.of(),
            """
                    HISTORY AND PHYSICAL
                    Past medical history: hypertensiom, hyperlipidemia.
                    Patient denies chest pain. Intemal bleeding ruled out.""");

    static final Chart LAB = chart("doc-lab", "lopez_labs.pdf",
            new Indexing("100001", "Maria Lopez", LocalDate.of(1958, 4, 2), "Lab Report", LocalDate.of(2024, 12, 30), "E-1002"),
            List.of(),
            """
                    LABORATORY REPORT
                    Hemoglobin A1c 8.2 percent. Lipid panel within normal limits.
                    Patient has a history of MI.""");

    static final Chart RADIOLOGY = chart("doc-radiology", "chen_cxr.jpg",
            new Indexing("100004", "Robert Chen", LocalDate.of(1980, 6, 30), "Radiology Report", LocalDate.of(2022, 5, 5), "E-4001"),
            List.of(),
            """
                    CHEST X RAY
                    No acute cardiopulmonary process. Heart size normal. Stemum intact.
                    Impression: no pneumonia.""");

    /** 25 pages of routine nursing notes for paging; no words shared with the clinical fixture above. */
    static final Chart NURSING = nursing();

    static final List<Chart> ALL = List.of(CARDIOLOGY, PULMONARY, OCR_DAMAGED, LAB, RADIOLOGY, NURSING);

    private static Chart nursing() {
        String[] texts = new String[25];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "NURSING FLOWSHEET\nRoutine vital signs recorded at shift change " + (i + 1) + ".\nResident resting comfortably.";
        }
        return chart("doc-nursing", "flowsheets.zip",
                new Indexing("100005", "Ann Wu", LocalDate.of(1935, 2, 14), "Nursing Note", LocalDate.of(2021, 8, 1), "E-5001"),
                List.of(), texts);
    }

    /** Pages in order; a null text makes a blank page (kept in the document, left out of search). */
    static Chart chart(String id, String fileName, Indexing indexing, List<String> holds, String... texts) {
        List<PageContent> pages = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) pages.add(texts[i] == null ? blankPage(i + 1) : page(i + 1, texts[i]));
        return new Chart(document(id, fileName, indexing, holds), List.copyOf(pages));
    }

    static Document document(String id, String fileName, Indexing indexing, List<String> holds) {
        Instant now = Instant.parse("2025-01-15T10:00:00Z");
        return new Document(id, "sha-" + id, fileName, "application/pdf", 1234, "batch-1", "scanner1", now,
                indexing, DocumentStatus.INDEXED, 0, List.of(), holds, List.of(), null, 1, now);
    }

    /** A page whose words are laid out on a grid: column = character offset in the line, row = line. */
    static PageContent page(int number, String text) {
        List<Word> words = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int line = 0; line < lines.length; line++) {
            String l = lines[line];
            int i = 0;
            while (i < l.length()) {
                if (l.charAt(i) == ' ') {
                    i++;
                    continue;
                }
                int start = i;
                while (i < l.length() && l.charAt(i) != ' ') i++;
                words.add(new Word(l.substring(start, i), start * CHAR_WIDTH, line * LINE_HEIGHT,
                        (i - start) * CHAR_WIDTH, LINE_HEIGHT - 10, 91f, line));
            }
        }
        return new PageContent(number, 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0.0, 90.0, text, words, false);
    }

    static PageContent blankPage(int number) {
        return new PageContent(number, 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0.0, null, "", List.of(), true);
    }

    static void indexAll(SearchIndex index) throws Exception {
        for (Chart chart : ALL) index.index(chart.document(), chart.pages());
        index.refresh();
    }

    /** Page keys "documentId/page" of fixture pages, for readable expectations. */
    static final Map<String, String> SHORT = Map.of(
            "C", "doc-cardiology", "P", "doc-pulmonary", "O", "doc-ocr", "L", "doc-lab", "R", "doc-radiology", "N", "doc-nursing");
}
