package org.chartvault.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.chartvault.imaging.Word;
import org.chartvault.imaging.SourcePage.Origin;
import org.chartvault.imaging.UnreadableFileException.Reason;
import org.chartvault.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageSourceTest {
    private static final PageLimits LIMITS = new PageLimits(2000, 150_000_000L);

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} page {1}: {2} {3}x{4} at {5} DPI")
    @CsvSource({
            // file,                       page, origin,            width, height, dpi, bitonal, pages
            "s01-history.png,              1, IMAGE_FILE,         2676, 3398, 300, false, 1",
            "s02-nursing.tif,              1, IMAGE_FILE,         2550, 3300, 300, true,  1",
            "s03-pathology.jpg,            1, IMAGE_FILE,         2550, 3300, 300, false, 1",
            "pdfbox-ccittg4multi.tif,      3, IMAGE_FILE,         344,  287,  120, true,  3",
            // G3 fax at 204 x 196 DPI: rows stretched to square pixels, 2156 * 204 / 196 = 2244
            "pillow-total-pages-zero.tif,  2, IMAGE_FILE,         1728, 2244, 204, true,  3",
            // 200 x 100 DPI image on a PDF page: columns kept, rows doubled
            "ocrmypdf-aspect.pdf,          1, PDF_SCANNED_IMAGE,  1000, 800,  200, false, 1",
            "ocrmypdf-c02-22.pdf,          1, PDF_SCANNED_IMAGE,  800,  981,  150, false, 1",
            "ocrmypdf-ccitt.pdf,           1, PDF_SCANNED_IMAGE,  2550, 3300, 300, true,  1",
            // JBIG2, placed sideways on a landscape page: taken as the page shows it
            "ocrmypdf-cardinal.pdf,        2, PDF_SCANNED_IMAGE,  3300, 2550, 300, true,  4",
            "ocrmypdf-cardinal.pdf,        3, PDF_SCANNED_IMAGE,  2550, 3300, 300, true,  4",
            "s06-three-page-scan.pdf,      2, PDF_SCANNED_IMAGE,  2676, 3398, 300, false, 3",
    })
    void everySupportedFormatOpensPageByPage(String file, int page, Origin origin, int width, int height, int dpi,
                                             boolean bitonal, int pages) throws Exception {
        Path path = Corpus.scans().resolve(file);
        try (PageSource source = PageSource.open(path, FileTypes.detect(path), LIMITS)) {
            assertEquals(pages, source.pageCount());
            SourcePage result = source.page(page);
            assertEquals(page, result.number());
            assertEquals(origin, result.origin());
            assertEquals(width, result.image().getWidth());
            assertEquals(height, result.image().getHeight());
            assertEquals(dpi, result.dpi());
            assertEquals(bitonal, result.bitonal());
            assertFalse(result.hasTextLayer());
            assertTrue(hasInk(result.image()), "the decoded page shows something");
        }
    }

    @ParameterizedTest(name = "{0}: {1} DPI")
    @CsvSource({
            // SOURCES.md speaks of 72 DPI metadata, but the file has no pHYs chunk (72 is what viewers assume)
            "ocrmypdf-typewriter.png,   337, does not state",
            "ocrmypdf-congress.jpg,     118, does not state",        // 1000 px wide, no density
            "scribe-deposition_02.png,  235, claims 96 x 96 DPI",    // the benchmark page is about 235 DPI
    })
    void implausibleOrMissingResolutionIsEstimatedFromAPageWidth(String file, int dpi, String why) throws Exception {
        Path path = Corpus.scans().resolve(file);
        try (PageSource source = PageSource.open(path, FileTypes.detect(path), LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(dpi, page.dpi());
            assertTrue(page.notes().stream().anyMatch(note -> note.contains(why) && note.contains("assumed")), page.notes().toString());
        }
    }

    @Test
    void scanPlacedAslantIsTakenStraight() throws Exception {
        Path path = Corpus.scans().resolve("ocrmypdf-skew.pdf");
        try (PageSource source = PageSource.open(path, PageSource.PDF, LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(Origin.PDF_SCANNED_IMAGE, page.origin());
            assertEquals(2550, page.image().getWidth());
            // the placement matrix turns the image 1.87 degrees clockwise on the page
            assertEquals(-1.87, page.skewRemoved(), 0.05);
        }
    }

    @Test
    void textOnlyBornDigitalPageIsReadForIngestFromAPreviewWithTheFullPagesWordsAndSize() throws Exception {
        Path pdf = temp.resolve("born-digital.pdf");
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            String line = "Discharge summary: patient stable, follow up in two weeks.";
            PDPage textOnly = new PDPage(PDRectangle.LETTER);
            PDPage ruled = new PDPage(PDRectangle.LETTER);
            PDPage turned = new PDPage(PDRectangle.A4);
            turned.setRotation(90);
            turned.setCropBox(new PDRectangle(20, 30, 500, 700)); // odd sizes: the preview must work out the same
            for (PDPage page : List.of(textOnly, ruled, turned)) {
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 11);
                    content.newLineAtOffset(72, 600);
                    content.showText(line);
                    content.endText();
                    if (page == ruled) {
                        content.moveTo(72, 590);
                        content.lineTo(500, 590);
                        content.stroke();
                    }
                }
            }
            document.save(pdf.toFile());
        }
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, LIMITS)) {
            for (int number = 1; number <= 3; number++) {
                SourcePage full = source.page(number);
                SourcePage forIngest = source.pageForIngest(number);
                assertFalse(full.isPreview());
                assertEquals(number != 2, forIngest.isPreview(), "page " + number + ": a page with a ruled line is drawn in full");
                assertTrue(forIngest.hasTextLayer());
                assertEquals(full.textLayer(), forIngest.textLayer(), "page " + number);
                assertEquals(full.dpi(), forIngest.dpi());
                if (forIngest.isPreview()) {
                    assertEquals(new SourcePage.Size(full.image().getWidth(), full.image().getHeight()), forIngest.fullSize(),
                            "page " + number);
                    assertTrue(forIngest.image().getWidth() < full.image().getWidth() / 4, "a small preview");
                    assertTrue(hasInk(forIngest.image()));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"qpdf-encrypted-40-bit-R3.pdf", "ocrmypdf-skew-encrypted.pdf", "pdfbox-PasswordSample-256bit.pdf"})
    void pdfThatNeedsAPasswordIsRefusedAsEncrypted(String file) {
        Path encrypted = Corpus.hostile().resolve(file);
        var refused = assertThrows(UnreadableFileException.class, () -> PageSource.open(encrypted, PageSource.PDF, LIMITS));
        assertEquals(Reason.ENCRYPTED, refused.reason());
        assertTrue(refused.getMessage().contains("password"), refused.getMessage());
    }

    @Test
    void pdfEncryptedWithAnEmptyUserPasswordIsRead() throws Exception {
        try (PageSource source = PageSource.open(Corpus.malformed().resolve("pdfjs-empty_protected.pdf"), PageSource.PDF, LIMITS)) {
            assertEquals(1, source.pageCount());
            assertEquals(Origin.PDF_RENDERED, source.page(1).origin());
        }
    }

    @Test
    void imageDeclaringTenGigapixelsIsRefusedFromItsHeader() {
        Path huge = Corpus.hostile().resolve("png-100000x100000.png");
        var refused = assertThrows(UnreadableFileException.class, () -> PageSource.open(huge, PageSource.PNG, LIMITS));
        assertEquals(Reason.PAGE_TOO_LARGE, refused.reason());
        assertTrue(refused.getMessage().contains("100000 x 100000"), refused.getMessage());
    }

    @Test
    void pdfPageWithAGigapixelImageIsRefusedBeforeDecoding() throws Exception {
        try (PageSource source = PageSource.open(Corpus.malformed().resolve("ocrmypdf-hugemono.pdf"), PageSource.PDF, LIMITS)) {
            var refused = assertThrows(UnreadableFileException.class, () -> source.page(1));
            assertEquals(Reason.PAGE_TOO_LARGE, refused.reason());
            assertTrue(refused.getMessage().contains("35000 x 35000"), refused.getMessage());
        }
    }

    @Test
    void fileWithMorePagesThanAllowedIsRefused() {
        Path longPdf = Corpus.scans().resolve("ocrmypdf-cardinal.pdf");
        var refused = assertThrows(UnreadableFileException.class,
                () -> PageSource.open(longPdf, PageSource.PDF, new PageLimits(3, 150_000_000L)));
        assertEquals(Reason.TOO_MANY_PAGES, refused.reason());
    }

    @Test
    void unsupportedTypeIsRefusedByName() {
        Path gif = Corpus.malformed().resolve("pillow-decompression_bomb.gif");
        var refused = assertThrows(UnreadableFileException.class, () -> PageSource.open(gif, "image/gif", LIMITS));
        assertEquals(Reason.UNSUPPORTED, refused.reason());
        assertTrue(refused.getMessage().contains("image/gif"));
    }

    @Test
    void bornDigitalPageGivesItsTextLayerWithBoxesOnTheRenderedPage() throws Exception {
        Path pdf = temp.resolve("letter.pdf");
        List<String> lines = List.of("Discharge summary for Harriet Okonkwo-Lindqvist",
                "Potassium 4.1 mmol/L, creatinine 88 umol/L, stable.");
        writeTextPdf(pdf, lines, 0);
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(Origin.PDF_TEXT_LAYER, page.origin());
            assertTrue(page.hasTextLayer());
            assertEquals(300, page.dpi());
            assertEquals(2550, page.image().getWidth());
            assertEquals(String.join(" ", lines), String.join(" ", page.textLayer().stream().map(Word::text).toList()));
            assertEquals(0, page.textLayer().get(0).line());
            assertEquals(1, page.textLayer().get(page.textLayer().size() - 1).line());
            Word first = page.textLayer().get(0);
            // drawn at x = 72 pt, baseline y = 700 pt from the bottom, 14 pt: 300 px from the left, baseline 383 px
            // down, capitals 42 px tall above it, descenders 12 px below it
            assertEquals(300, first.x(), 3);
            assertTrue(first.y() < 383 - 35 && first.y() + first.height() > 383, "baseline inside the box: " + first);
            assertTrue(first.height() < 80, "box about one line high: " + first);
            assertEquals(100f, first.confidence());
            for (Word word : page.textLayer()) assertTrue(inkInside(page.image(), word), "ink under " + word);
        }
    }

    @Test
    void wordBoxesFollowTheRotationOfARotatedPage() throws Exception {
        Path pdf = temp.resolve("rotated.pdf");
        writeTextPdf(pdf, List.of("Anticoagulation clinic follow-up letter, rotated page", "Warfarin 5 mg daily, INR 2.4"), 90);
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(Origin.PDF_TEXT_LAYER, page.origin());
            assertEquals(3300, page.image().getWidth(), 1, "/Rotate 90 shows the letter page landscape");
            for (Word word : page.textLayer()) {
                assertTrue(word.height() > word.width() || word.text().length() <= 2, "text runs down the turned page: " + word);
                assertTrue(inkInside(page.image(), word), "ink under " + word);
            }
        }
    }

    @Test
    void invisibleTextOverAScanIsNotTakenForATextLayer() throws Exception {
        Path pdf = temp.resolve("ocrd-elsewhere.pdf");
        writeScanPdf(pdf, "Invisible words another program recognised on this scan long ago", RenderingMode.NEITHER);
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(Origin.PDF_SCANNED_IMAGE, page.origin());
            assertEquals(150, page.dpi());
            assertTrue(page.notes().stream().anyMatch(note -> note.contains("invisible text")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "COPY - Bates CV000123",
            // typed into a scanned form: plenty of text, but the form's printed words are only in the scan
            "Reason for visit: chest pain on exertion for three weeks, worse climbing stairs; no syncope; "
                    + "smoker 30 pack-years; father had myocardial infarction at 52; current medications metoprolol "
                    + "25 mg twice daily, atorvastatin 40 mg nightly, aspirin 81 mg daily; allergies none known",
    })
    void textDrawnOnAScanDoesNotMakeItBornDigital(String text) throws Exception {
        Path pdf = temp.resolve("stamped.pdf");
        writeScanPdf(pdf, text, RenderingMode.FILL);
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(Origin.PDF_RENDERED, page.origin(), "rendered, so the text is OCR'd with the scan");
            assertFalse(page.hasTextLayer());
        }
    }

    @Test
    void jpeg2000ScanDecodes() throws Exception {
        BufferedImage scan = formLikeScan(850, 1100);
        ByteArrayOutputStream jp2 = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(scan, "jpeg2000", jp2), "JPEG 2000 writer on the classpath");
        Path pdf = temp.resolve("jpx.pdf");
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            COSStream stream = document.getDocument().createCOSStream();
            try (var out = stream.createRawOutputStream()) {
                out.write(jp2.toByteArray());
            }
            stream.setItem(COSName.FILTER, COSName.JPX_DECODE);
            stream.setItem(COSName.TYPE, COSName.XOBJECT);
            stream.setItem(COSName.SUBTYPE, COSName.IMAGE);
            stream.setInt(COSName.WIDTH, scan.getWidth());
            stream.setInt(COSName.HEIGHT, scan.getHeight());
            stream.setInt(COSName.BITS_PER_COMPONENT, 8);
            stream.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
            PDImageXObject image = new PDImageXObject(new PDStream(stream), null);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 0, 0, 612, 792);
            }
            document.save(pdf.toFile());
        }
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(Origin.PDF_SCANNED_IMAGE, page.origin());
            assertEquals(100, page.dpi());
            assertEquals(850, page.image().getWidth());
            assertTrue(hasInk(page.image()));
        }
    }

    @Test
    void scanOnAPageWithRotateIsTakenTheWayThePageShowsIt() throws Exception {
        BufferedImage scan = formLikeScan(1275, 1650);
        Graphics2D g = scan.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 200, 200); // a mark in the scan's top left corner
        g.dispose();
        Path pdf = temp.resolve("rotate.pdf");
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            page.setRotation(90);
            document.addPage(page);
            PDImageXObject image = LosslessFactory.createFromImage(document, scan);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 0, 0, 612, 792);
            }
            document.save(pdf.toFile());
        }
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, LIMITS)) {
            SourcePage page = source.page(1);
            assertEquals(Origin.PDF_SCANNED_IMAGE, page.origin());
            assertEquals(1650, page.image().getWidth(), "turned a quarter clockwise, as a viewer shows the page");
            assertEquals(150, page.dpi());
            byte[] pixels = PageImages.pixels(page.image());
            // the scan's top left corner is now the top right corner
            assertEquals(0, pixels[50 * 1650 + (1650 - 50)] & 0xff);
            assertEquals(255, pixels[50 * 1650 + 50] & 0xff);
        }
    }

    private static void writeTextPdf(Path file, List<String> lines, int rotation) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            page.setRotation(rotation);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.setLeading(20);
                content.newLineAtOffset(72, 700);
                for (String line : lines) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            document.save(file.toFile());
        }
    }

    /** A gray image with dark bars where a form's lines of print would be. */
    private static BufferedImage formLikeScan(int width, int height) {
        BufferedImage scan = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scan.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        for (int y = height / 10; y < height * 9 / 10; y += height / 27) g.fillRect(width / 8, y, width * 3 / 4, height / 90);
        g.dispose();
        return scan;
    }

    /** A letter page holding one 150 DPI gray "scan" and a line of text in the given mode. */
    private static void writeScanPdf(Path file, String text, RenderingMode mode) throws IOException {
        BufferedImage scan = formLikeScan(1275, 1650);
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            PDImageXObject image = LosslessFactory.createFromImage(document, scan);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 0, 0, 612, 792);
                content.beginText();
                content.setRenderingMode(mode);
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 6);
                content.newLineAtOffset(36, 770);
                content.showText(text);
                content.endText();
            }
            document.save(file.toFile());
        }
    }

    private static boolean hasInk(BufferedImage gray) {
        for (byte pixel : PageImages.pixels(gray)) if ((pixel & 0xff) < 128) return true;
        return false;
    }

    private static boolean inkInside(BufferedImage gray, Word word) {
        byte[] pixels = PageImages.pixels(gray);
        for (int y = word.y(); y < word.y() + word.height(); y++) {
            for (int x = word.x(); x < word.x() + word.width(); x++) {
                if ((pixels[y * gray.getWidth() + x] & 0xff) < 128) return true;
            }
        }
        return false;
    }
}
