package org.chartvault.capture;

import org.chartvault.document.Indexing;
import org.chartvault.testing.TesseractCommand;
import org.chartvault.document.PageContent;
import org.chartvault.patient.CsvImport;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.testing.CaptureStream;
import org.chartvault.testing.CaptureStream.Role;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.HeaderVariants;
import org.chartvault.testing.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The capture building blocks one after the other on a scanning room's batch, as the pipeline will run them:
 * barcodes split the stream, Tesseract reads each document's first pages, auto-indexing combines sheet, label and
 * text, and the registry (imported from CSV) checks the patient. Two steps belong to the imaging helper and are
 * stood in for here: blank backs are skipped by their ground truth, and {@code tesseract --psm 1} turns
 * upside-down pages. Prints precision and recall of the decided values and of the text alone.
 */
class CaptureEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aScannedBatchBecomesIndexedDocuments() throws Exception {
        ChartGenerator generator = new ChartGenerator();
        List<ChartDocument> documents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ChartDocument d = generator.document(700 + i, ChartGenerator.DOCUMENT_TYPES.get((i * 3) % 11), 1 + i % 2);
            documents.add(i % 2 == 0 ? d : HeaderVariants.restyle(d, 700 + i));
        }
        // half the separators are plain "next document" sheets, so the text has to do the indexing
        CaptureStream batch = CaptureStream.withSeparators(documents, new CaptureStream.Options(300, 2.0, 0.25, 0.5, 0.25, true, 150), 77);
        List<BufferedImage> pages = ChartFiles.readTiff(ChartFiles.tiff(batch.pages(), ChartFiles.TiffCompression.CCITT_G4));

        PatientRegistry registry = new PatientRegistry(new LocalDiskStore(dir.resolve("store")), new InProcessLocks(), TextIndexerTest.CLOCK);
        StringBuilder csv = new StringBuilder("mrn,last_name,first_name,birth_date,sex\n");
        for (int i = 0; i < 8; i++) {
            Patient p = generator.patient(700 + i);
            csv.append(p.mrn()).append(',').append(p.lastName()).append(',').append(p.firstName()).append(',')
                    .append(p.birthDate()).append(',').append(p.sex() == Patient.Sex.FEMALE ? "F" : "M").append('\n');
        }
        assertEquals(8, new CsvImport(registry).importCsv(new StringReader(csv.toString()), "test").created());

        DocumentTypes types = DocumentTypes.standard();
        BarcodeScanner scanner = new BarcodeScanner();
        TextIndexer indexer = new TextIndexer(types, TextIndexerTest.CLOCK);
        AutoIndexing auto = new AutoIndexing(types, TextIndexerTest.TAKE);
        RegistryCheck check = new RegistryCheck(registry);

        List<StreamSplitter.Part> parts = new StreamSplitter().split(pages.stream().map(scanner::scan).toList());
        assertEquals(documents.size(), parts.size());

        IndexingScore decided = new IndexingScore(), textOnly = new IndexingScore();
        Map<RegistryCheck.Agreement, Integer> verdicts = new EnumMap<>(RegistryCheck.Agreement.class);
        int reviewed = 0;
        for (int d = 0; d < parts.size(); d++) {
            StreamSplitter.Part part = parts.get(d);
            List<PageContent> read = new ArrayList<>();
            for (int position : part.pages()) {
                // the header is on the first printed page; the pipeline passes up to three, one keeps this test quick
                if (batch.roles().get(position).role() == Role.BLANK_BACK || read.size() == 1) continue;
                read.add(new PageContent(read.size() + 1, 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0, null,
                        TesseractCommand.read(pages.get(position), "--psm", "1"), List.of(), false));
            }
            TextFindings text = indexer.index(read);
            AutoIndexing.Decision decision = auto.decide(Indexing.EMPTY, part, text);
            Indexing truth = TextIndexerTest.expected(batch.documents().get(d).printed(), types);
            decided.add(truth, decision.indexing());
            textOnly.add(truth, text.indexing(TextIndexerTest.TAKE));

            List<String> reasons = new ArrayList<>(decision.reasons().stream().map(org.chartvault.document.ReviewReason::text).toList());
            if (decision.indexing().mrn() != null) {
                RegistryCheck.Verdict verdict = check.check(decision.indexing().mrn(), decision.indexing().patientName(),
                        decision.indexing().birthDate());
                verdicts.merge(verdict.agreement(), 1, Integer::sum);
                if (verdict.needsReview()) reasons.addAll(verdict.reasons());
            }
            if (!reasons.isEmpty()) {
                reviewed++;
                System.out.println("document " + d + " to review: " + reasons);
            }
        }
        System.out.println(decided.table("Generated 300 DPI batch, 8 documents (separator sheets, labels, text), decided values:"));
        System.out.println(textOnly.table("The same documents, OCR text alone:"));
        System.out.println("registry verdicts " + verdicts + ", documents to review " + reviewed);

        for (String field : List.of("MRN", "type", "service date")) {
            assertEquals(1.0, decided.precision(field), field + " precision");
            assertTrue(decided.recall(field) >= 0.85, field + " recall " + decided.recall(field));
        }
        assertEquals(0, verdicts.getOrDefault(RegistryCheck.Agreement.CONTRADICTS, 0));
        assertEquals(0, verdicts.getOrDefault(RegistryCheck.Agreement.UNKNOWN_MRN, 0));
    }

}
