package org.chartvault.capture;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.chartvault.document.Indexing;
import org.chartvault.testing.TesseractCommand;
import org.chartvault.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic indexing on the shared corpus's chart scans (s01-s06: fictional patients; skewed, noisy, bitonal G4,
 * JPEG, upside down, sideways, 200 DPI), read by {@code tesseract --psm 1}, whose orientation detection stands in
 * for the imaging step. The expected values are what each page's ground truth prints; the medication record's
 * type is not in the hospital's list, so the right answer there is no type.
 */
class TextIndexerCorpusTest {

    @TempDir
    Path dir;

    private record Expected(String file, int page, Indexing truth) {
    }

    private static Indexing truth(String mrn, String name, String birth, String type, String service) {
        return new Indexing(mrn, name, LocalDate.parse(birth), type, LocalDate.parse(service), null);
    }

    private static final Indexing S01 = truth("00573910", "WOJCIECHOWSKI, HENRIETTA", "1952-01-03", "History and physical", "2024-09-21");
    private static final Indexing S02 = truth("00819342", "DELACROIX-MBEKI, ORLANDO", "1984-06-27", "Nursing assessment", "2025-02-14");
    private static final Indexing S05 = truth("00350268", "ABERCROMBIE-OYELOWO, FENELLA", "2011-03-30", "Referral", "2025-07-19");
    private static final List<Expected> PAGES = List.of(
            new Expected("s01-history.png", 0, S01),
            new Expected("s02-nursing.tif", 0, S02),
            new Expected("s03-pathology.jpg", 0, truth("00140877", "LINDGREN-ASANTE, MARISOL", "1969-10-15", "Pathology report", "2025-04-02")),
            new Expected("s04-medication.png", 0, truth("00927761", "QUINTANILLA, BARNABY", "1939-08-08", null, "2024-12-01")),
            new Expected("s05-referral.tif", 0, S05),
            new Expected("s06-three-page-scan.pdf", 0, S02),
            new Expected("s06-three-page-scan.pdf", 1, S01),
            new Expected("s06-three-page-scan.pdf", 2, S05));

    @Test
    void indexesTheCorpusChartScans() throws Exception {
        TextIndexer indexer = new TextIndexer(DocumentTypes.standard(), TextIndexerTest.CLOCK);
        IndexingScore ocr = new IndexingScore(), groundTruth = new IndexingScore();
        List<String> misses = new ArrayList<>();
        for (Expected e : PAGES) {
            Path scan = Corpus.scans().resolve(e.file());
            Path image = e.file().endsWith(".pdf") ? rendered(scan, e.page()) : scan;
            String text = TesseractCommand.read(image, "--psm", "1");
            Indexing taken = indexer.index(text).indexing(TextIndexerTest.TAKE);
            Indexing truth = e.truth();
            ocr.add(truth, withoutEncounter(taken));
            if (!truth.equals(withoutEncounter(taken))) misses.add(e.file() + " page " + (e.page() + 1) + ": took " + taken);
            if (e.page() == 0 && !e.file().endsWith(".pdf")) {
                String gt = Files.readString(Corpus.groundTruthOf(scan), StandardCharsets.UTF_8);
                groundTruth.add(truth, withoutEncounter(indexer.index(gt).indexing(TextIndexerTest.TAKE)));
            }
        }
        System.out.println(groundTruth.table("Corpus ground-truth text, s01-s05:"));
        System.out.println(ocr.table("Corpus scans through tesseract --psm 1, s01-s05 and the three pages of s06:"));
        misses.forEach(System.out::println);
        for (String field : List.of("MRN", "type", "service date", "birth date")) {
            assertEquals(1.0, groundTruth.precision(field), field);
            assertEquals(1.0, groundTruth.recall(field), field);
            assertTrue(ocr.precision(field) >= 0.85, field + " precision " + ocr.precision(field));
            assertTrue(ocr.recall(field) >= 0.75, field + " recall " + ocr.recall(field));
        }
    }

    /** The corpus pages print no encounter number. */
    private static Indexing withoutEncounter(Indexing i) {
        return new Indexing(i.mrn(), i.patientName(), i.birthDate(), i.documentType(), i.serviceDate(), null);
    }

    private Path rendered(Path pdf, int page) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            Path png = dir.resolve(pdf.getFileName() + "-" + page + ".png");
            ImageIO.write(new PDFRenderer(document).renderImageWithDPI(page, 300, ImageType.GRAY), "png", png.toFile());
            return png;
        }
    }

}
