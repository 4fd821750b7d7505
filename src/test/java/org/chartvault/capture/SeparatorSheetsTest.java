package org.chartvault.capture;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartFiles.TiffCompression;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.ScannedPage;
import org.chartvault.testing.SeparatorScans;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeparatorSheetsTest {

    private static final SeparatorSheet SHEET = new SeparatorSheet("00573910", "Discharge summary", LocalDate.of(2024, 1, 5),
            "O'DONNELL, GRACE", "V123456789");

    private final BarcodeScanner scanner = new BarcodeScanner();

    @Test
    void sheetIsOneLetterPageWithTheValuesInLargePrint() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(new SeparatorSheets().pdf(SHEET))) {
            assertEquals(1, pdf.getNumberOfPages());
            PDRectangle box = pdf.getPage(0).getMediaBox();
            assertEquals(612, box.getWidth(), 0.5);
            assertEquals(792, box.getHeight(), 0.5);
            String text = new PDFTextStripper().getText(pdf);
            for (String expected : List.of("CHARTVAULT SEPARATOR SHEET", "Do not remove", "00573910", "Discharge summary",
                    "2024-01-05", "O'DONNELL, GRACE", "V123456789")) {
                assertTrue(text.contains(expected), expected + " in " + text);
            }
        }
    }

    @Test
    void severalSheetsPrintAsOnePagePerSheet() throws IOException {
        byte[] stack = new SeparatorSheets().pdf(List.of(SHEET, SeparatorSheet.nextDocument(), SHEET));
        try (PDDocument pdf = Loader.loadPDF(stack)) {
            assertEquals(3, pdf.getNumberOfPages());
            assertTrue(new PDFTextStripper().getText(pdf).contains("NEXT DOCUMENT"));
        }
    }

    /** Printed, scanned bitonal, stored as CCITT G4 TIFF and read back, then crooked and turned over. */
    @ParameterizedTest(name = "{0} DPI, skew {1}, turned {2}")
    @CsvSource({"200, 2, 180", "200, -2, 0", "300, 2, 180", "300, -2, 0", "200, 0, 0", "300, 2, 90"})
    void sheetSurvivesPrintingScanningG4SkewAndTurning(int dpi, double skew, int turn) throws IOException {
        ScannedPage scan = SeparatorScans.scan(SHEET, dpi).apply(Degradation.binarize(150));
        ScannedPage stored = throughG4(scan).apply(Degradation.skew(skew).then(Degradation.rotate(turn)));

        PageBarcodes found = scanner.scan(stored.image());

        assertEquals(SHEET, found.separator());
        assertTrue(found.problems().isEmpty(), found.problems().toString());
    }

    @ParameterizedTest(name = "{0} DPI")
    @CsvSource({"200", "300"})
    void blankNextDocumentSheetIsASeparatorWithoutValues(int dpi) {
        ScannedPage scan = SeparatorScans.scan(SeparatorSheet.nextDocument(), dpi)
                .apply(Degradation.skew(1.5).then(Degradation.binarize(150)).then(Degradation.rotate(180)));

        PageBarcodes found = scanner.scan(scan.image());

        assertTrue(found.isSeparator());
        assertTrue(found.separator().isNextDocument());
    }

    @Test
    void eitherCopyOfTheCodeIsEnough() {
        for (boolean coverTop : new boolean[] {true, false}) {
            ScannedPage scan = SeparatorScans.scan(SHEET, 200);
            BufferedImage image = scan.image();
            Graphics2D g = image.createGraphics();
            g.setColor(Color.BLACK);
            // a sticky note or a heavy stamp over one code: the top one sits 1.1-3.3 in from the top, the bottom one 0.75-3 in from the bottom
            int top = coverTop ? 200 * 5 / 4 : image.getHeight() - 200 * 3;
            g.fillRect(image.getWidth() / 4, top, image.getWidth() / 2, 200 * 2);
            g.dispose();

            PageBarcodes found = scanner.scan(scan.apply(Degradation.binarize(150)).image());

            assertEquals(SHEET, found.separator(), coverTop ? "top copy covered" : "bottom copy covered");
        }
    }

    @Test
    void namesPrintInTheirOwnLettersAndThoseTheFontLacksKeepThemInTheBarcode() throws IOException {
        SeparatorSheet polish = new SeparatorSheet("4471", null, null, "ŻÓŁĆ, ŁUKASZ", null);
        try (PDDocument document = Loader.loadPDF(new SeparatorSheets().pdf(polish))) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("ŻÓŁĆ, ŁUKASZ"), text);
        }
        SeparatorSheet japanese = new SeparatorSheet("4472", null, null, "山田, 太郎", null);
        try (PDDocument document = Loader.loadPDF(new SeparatorSheets().pdf(japanese))) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("??, ??"), text);
        }
        PageBarcodes found = scanner.scan(SeparatorScans.scan(polish, 200).apply(Degradation.binarize(150)).image());
        assertEquals(polish, found.separator());
    }

    @Test
    void aForeignQrCodeIsNotASeparator() {
        // a page with some other QR code on it, as forms and leaflets carry
        BufferedImage image = SeparatorScans.scan(SeparatorSheet.nextDocument(), 200).image();
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        drawModules(image, qr("https://example.org/menu"), 400, 300, 6);

        PageBarcodes found = scanner.scan(image);

        assertNull(found.separator());
        assertTrue(found.labels().isEmpty());
        assertFalse(found.isSeparator());
    }

    static ScannedPage throughG4(ScannedPage page) throws IOException {
        byte[] tiff = ChartFiles.tiff(List.of(page), TiffCompression.CCITT_G4);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(tiff));
        assertEquals(BufferedImage.TYPE_BYTE_BINARY, back.getType());
        return page.withImage(back, page.resolution());
    }

    private static com.google.zxing.common.BitMatrix qr(String text) {
        try {
            return new com.google.zxing.qrcode.QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0);
        } catch (com.google.zxing.WriterException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drawModules(BufferedImage image, com.google.zxing.common.BitMatrix code, int left, int top, int module) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        for (int y = 0; y < code.getHeight(); y++) {
            for (int x = 0; x < code.getWidth(); x++) {
                if (code.get(x, y)) g.fillRect(left + x * module, top + y * module, module, module);
            }
        }
        g.dispose();
    }
}
