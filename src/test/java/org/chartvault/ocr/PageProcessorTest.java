package org.chartvault.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartvault.document.PageContent;
import org.chartvault.testing.TesseractCommand;
import org.chartvault.imaging.Word;
import org.chartvault.imaging.FileTypes;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.SourcePage;
import org.chartvault.testing.Corpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The page path end to end on real scans, with real Tesseract: every format reads to plausible text, turned pages
 * come out upright, and ChartVault reads a skewed noisy page at least as well as the plain tesseract command.
 */
class PageProcessorTest {
    static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");
    private static final PageLimits LIMITS = new PageLimits(2000, 150_000_000L);
    private static PageProcessor processor;

    @TempDir
    Path temp;

    @BeforeAll
    static void startOcr() {
        processor = new PageProcessor(new OcrSettings(TESSDATA, "eng", 2, Duration.ofSeconds(120)));
    }

    @AfterAll
    static void stopOcr() {
        processor.close();
    }

    @Test
    void readsTheSkewedNoisyHistoryAtLeastAsWellAsTheTesseractCommand() throws Exception {
        Path scan = Corpus.scans().resolve("s01-history.png");
        String truth = Files.readString(Corpus.groundTruthOf(scan));

        long started = System.nanoTime();
        String command = TesseractCommand.read(scan);
        long commandMillis = (System.nanoTime() - started) / 1_000_000;
        ProcessedPage page = processAll(scan).get(0);

        double ours = OcrQuality.characterErrorRate(page.content().text(), truth);
        double theirs = OcrQuality.characterErrorRate(command, truth);
        System.out.printf(Locale.ROOT, "s01-history.png CER: ChartVault %.4f (WER %.4f), tesseract command %.4f (WER %.4f)%n",
                ours, OcrQuality.wordErrorRate(page.content().text(), truth), theirs,
                OcrQuality.wordErrorRate(command, truth));
        System.out.printf(Locale.ROOT, "s01-history.png time: ChartVault %s; tesseract command %d ms%n", page.timings(), commandMillis);
        assertTrue(ours <= theirs, "ChartVault " + ours + " vs tesseract " + theirs);
        assertTrue(ours < 0.02, "CER " + ours);
        assertEquals(-2.2, page.content().skew(), 0.2, "the page was scanned 2.2 degrees aslant");
    }

    @Test
    void pagesTurnedEveryWayComeOutUpright() throws Exception {
        String reference = Files.readString(Corpus.scans().resolve("ocrmypdf-linn.ref.txt"));
        List<ProcessedPage> pages = processAll(Corpus.scans().resolve("ocrmypdf-cardinal.pdf"));
        assertEquals(4, pages.size());
        int[] turns = {0, 270, 180, 90}; // the brochure is printed at 0, 90, 180 and 270 degrees
        for (int i = 0; i < 4; i++) {
            PageContent content = pages.get(i).content();
            double recall = OcrQuality.wordRecall(content.text(), reference);
            System.out.printf(Locale.ROOT, "cardinal page %d: rotation %d, word recall %.3f, %s%n", i + 1,
                    content.rotation(), recall, pages.get(i).timings());
            assertEquals(turns[i], content.rotation(), "page " + (i + 1));
            assertTrue(recall > 0.9, "page " + (i + 1) + " recall " + recall);
            assertTrue(content.width() < content.height(), "upright brochure page is portrait");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ocrmypdf-skew.pdf", "ocrmypdf-ccitt.pdf"})
    void linnBrochureReadsFromEveryEncoding(String file) throws Exception {
        String reference = Files.readString(Corpus.scans().resolve("ocrmypdf-linn.ref.txt"));
        ProcessedPage page = processAll(Corpus.scans().resolve(file)).get(0);
        double recall = OcrQuality.wordRecall(page.content().text(), reference);
        System.out.printf(Locale.ROOT, "%s: word recall %.3f, skew %.2f, %s%n", file, recall, page.content().skew(), page.timings());
        assertTrue(recall > 0.9, "recall " + recall);
        assertEquals(0, page.content().rotation());
    }

    /**
     * Pages the tesseract command used to read better than ChartVault (BENCHMARKS.md, "OCR quality"): a table whose
     * column of cheque numbers was lost and a title band in gray (one Otsu threshold for the whole page; such pages,
     * with much ink outside the words read, are now read again with local thresholds), and a black-and-white page
     * read with the gray edges its deskew made.
     */
    @ParameterizedTest(name = "{0} by {1}: at least the command's, and {2} or better")
    @CsvSource({
            "scribe-table_02.png,    recall, 0.97", // bank statement table (was 0.90, the command 0.955)
            "scribe-multicol_06.png, recall, 0.95", // research note with a gray title band (was 0.92, the command 0.93)
            "tesseract-eurotext.tif, CER,    0.023", // bitonal, deskewed 0.8 degrees (was 0.024, the command 0.022)
    })
    void pagesTheCommandReadBetterAreReadAtLeastAsWell(String file, String measure, double bound) throws Exception {
        Path scan = Corpus.scans().resolve(file);
        String truth = Files.readString(Corpus.groundTruthOf(scan));
        String ours = processAll(scan).get(0).content().text();
        String theirs = TesseractCommand.read(scan);
        boolean recall = measure.equals("recall");
        double ourScore = recall ? OcrQuality.wordRecall(ours, truth) : OcrQuality.characterErrorRate(ours, truth);
        double theirScore = recall ? OcrQuality.wordRecall(theirs, truth) : OcrQuality.characterErrorRate(theirs, truth);
        System.out.printf(Locale.ROOT, "%s %s: ChartVault %.4f, tesseract command %.4f%n", file, measure, ourScore, theirScore);
        if (recall) {
            assertTrue(ourScore >= theirScore, "recall " + ourScore + ", the command's " + theirScore);
            assertTrue(ourScore >= bound, "recall " + ourScore);
        } else {
            assertTrue(ourScore <= theirScore, "CER " + ourScore + ", the command's " + theirScore);
            assertTrue(ourScore <= bound, "CER " + ourScore);
        }
    }

    @ParameterizedTest(name = "{0}: rotation {1}, CER below {2}")
    @CsvSource({
            "s02-nursing.tif,   0,   0.02", // CCITT G4 TIFF
            "s03-pathology.jpg, 180, 0.02", // upside down, JPEG quality 60
            "s04-medication.png, 90, 0.05", // on its side, salt-and-pepper noise
            "s05-referral.tif,  0,   0.02", // 200 DPI, skewed 1.2 degrees
    })
    void chartPagesReadCloseToTheirGroundTruth(String file, int rotation, double maxCer) throws Exception {
        Path scan = Corpus.scans().resolve(file);
        ProcessedPage page = processAll(scan).get(0);
        double cer = OcrQuality.characterErrorRate(page.content().text(), Files.readString(Corpus.groundTruthOf(scan)));
        System.out.printf(Locale.ROOT, "%s: CER %.4f, rotation %d, skew %.2f, confidence %.1f, %s%n", file, cer,
                page.content().rotation(), page.content().skew(), page.content().confidence(), page.timings());
        assertEquals(rotation, page.content().rotation());
        assertTrue(cer < maxCer, "CER " + cer);
        assertTrue(page.content().confidence() > 80);
    }

    @Test
    void threePageScanReadsPageByPage() throws Exception {
        Path scan = Corpus.scans().resolve("s06-three-page-scan.pdf");
        String[] truths = Files.readString(Corpus.groundTruthOf(scan)).split("\f");
        List<ProcessedPage> pages = processAll(scan);
        assertEquals(3, pages.size());
        for (int i = 0; i < 3; i++) {
            double cer = OcrQuality.characterErrorRate(pages.get(i).content().text(), truths[i]);
            assertEquals(i + 1, pages.get(i).content().number());
            assertTrue(cer < 0.02, "page " + (i + 1) + " CER " + cer);
        }
    }

    @ParameterizedTest(name = "{0} page {1} mentions {2}")
    @CsvSource({
            "ocrmypdf-typewriter.png,      1, linzen|water|melk",       // 1-bit PNG, resolution estimated
            "ocrmypdf-congress.jpg,        1, congress|senate|president", // JPEG without DPI (118), read at 200
            "ocrmypdf-aspect.pdf,          1, perfect|circle",           // 200 x 100 DPI in a PDF
            "ocrmypdf-c02-22.pdf,          1, tip-toeing|along|path",    // 150 DPI colour JPEG in a PDF
            "pillow-total-pages-zero.tif,  1, page|number|tif",          // G3 fax, 204 x 196 DPI
    })
    void otherScansReadToPlausibleText(String file, int number, String words) throws Exception {
        Path scan = Corpus.scans().resolve(file);
        ProcessedPage page;
        try (PageSource source = PageSource.open(scan, FileTypes.detect(scan), LIMITS)) {
            page = processor.process(source.page(number));
        }
        String text = page.content().text().toLowerCase(Locale.ROOT);
        System.out.printf(Locale.ROOT, "%s: %d words, confidence %.1f, %s%n", file, page.content().words().size(),
                page.content().confidence(), page.timings());
        for (String word : words.split("\\|")) assertTrue(text.contains(word), word + " in: " + text);
        assertTrue(page.content().confidence() > 60);
    }

    @Test
    void lonelyHandDrawnDigitsAreReadAsDigits() throws Exception {
        List<ProcessedPage> pages = processAll(Corpus.scans().resolve("pdfbox-ccittg4multi.tif"));
        assertEquals(3, pages.size());
        for (ProcessedPage page : pages) {
            assertFalse(page.content().blank());
            assertEquals(120, page.content().dpi(), "read enlarged, stored at its own resolution");
            assertEquals(344, page.content().width());
            assertTrue(page.notes().stream().anyMatch(note -> note.contains("enlarged from 120 DPI")), page.notes().toString());
            assertTrue(page.content().text().strip().matches("\\d"), "one digit: " + page.content().text());
        }
    }

    @Test
    void bornDigitalPageKeepsItsTextLayerAndIsNotOcrd() throws Exception {
        Path pdf = temp.resolve("discharge.pdf");
        List<String> lines = List.of("Discharge summary: Eleonora Vasquez-Whitfield, MRN 00482913",
                "Follow-up in cardiology clinic in 2 weeks; repeat BMP on 04/18/2025.");
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN), 12);
                content.setLeading(16);
                content.newLineAtOffset(72, 720);
                for (String line : lines) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            document.save(pdf.toFile());
        }
        ProcessedPage page = processAll(pdf).get(0);
        PageContent content = page.content();
        assertEquals(PageContent.SOURCE_TEXT_LAYER, content.source());
        assertEquals(String.join("\n", lines), content.text(), "exactly the text of the PDF, not a reading of it");
        assertEquals(100.0, content.confidence());
        assertTrue(content.words().stream().allMatch(w -> w.confidence() == 100f));
        assertEquals(0, page.timings().ocr(), "no OCR ran");
        assertEquals(0, content.rotation());
        assertFalse(content.blank());
    }

    @Test
    void blankPageIsKeptButNotOcrd() throws Exception {
        ProcessedPage page = processAll(Corpus.malformed().resolve("ocrmypdf-no_contents.pdf")).get(0);
        assertTrue(page.content().blank());
        assertTrue(page.content().words().isEmpty());
        assertNull(page.content().confidence());
        assertEquals(0, page.timings().ocr());
        assertTrue(page.imagePng().length > 0 && page.thumbnailPng().length > 0);
    }

    @Test
    void pageThatCannotBeReadInTimeFailsWithAReason() throws Exception {
        SourcePage page;
        try (PageSource source = PageSource.open(Corpus.scans().resolve("ocrmypdf-ccitt.pdf"), PageSource.PDF, LIMITS)) {
            page = source.page(1);
        }
        // Tesseract's own deadline, checked between words: the page needs about three seconds
        try (OcrEngine engine = new OcrEngine(TESSDATA, "eng")) {
            var failed = assertThrows(PageFailedException.class, () -> engine.recognise(page.image(), page.dpi(),
                    OcrEngine.Layout.AUTO, Duration.ofMillis(300)));
            assertTrue(failed.getMessage().contains("did not finish within"), failed.getMessage());
            // and the engine is fine for the next page
            assertFalse(engine.recognise(page.image(), page.dpi(), OcrEngine.Layout.AUTO, Duration.ofSeconds(60)).words().isEmpty());
        }
        // the page's limit as a whole, through the workers
        try (PageProcessor impatient = new PageProcessor(new OcrSettings(TESSDATA, "eng", 1, Duration.ofMillis(500)))) {
            var failed = assertThrows(PageFailedException.class, () -> impatient.process(page));
            assertTrue(failed.getMessage().contains("0.5 seconds"), failed.getMessage());
        }
    }

    @Test
    void wordsCarryBoxesAndLinesOnTheStoredImage() throws Exception {
        ProcessedPage page = processAll(Corpus.scans().resolve("s05-referral.tif")).get(0);
        PageContent content = page.content();
        List<Word> words = content.words();
        assertTrue(words.size() > 40);
        assertEquals(0, words.get(0).line());
        int lines = words.get(words.size() - 1).line() + 1;
        assertEquals(content.text().split("\n").length, lines, "one text line per word line");
        for (int i = 1; i < words.size(); i++) {
            assertTrue(words.get(i).line() - words.get(i - 1).line() <= 1, "lines numbered without gaps");
        }
        for (Word word : words) {
            assertTrue(word.x() >= 0 && word.y() >= 0 && word.x() + word.width() <= content.width()
                    && word.y() + word.height() <= content.height(), word.toString());
        }
        // the first line is the title, at the top of the upright page
        assertTrue(words.get(0).y() < content.height() / 4, words.get(0).toString());
    }

    /** Opens the file and processes every page on the shared workers, in parallel. */
    static List<ProcessedPage> processAll(Path file) throws Exception {
        List<CompletableFuture<ProcessedPage>> pending = new ArrayList<>();
        try (PageSource source = PageSource.open(file, FileTypes.detect(file), LIMITS)) {
            for (int number = 1; number <= source.pageCount(); number++) pending.add(processor.submit(source.page(number)));
        }
        List<ProcessedPage> pages = new ArrayList<>();
        for (CompletableFuture<ProcessedPage> page : pending) pages.add(page.get(5, TimeUnit.MINUTES));
        return pages;
    }

}
