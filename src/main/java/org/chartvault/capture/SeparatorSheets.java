package org.chartvault.capture;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.chartvault.pdf.PdfA;
import org.chartvault.pdf.PdfFonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints separator sheets as PDF, one US Letter page per sheet: large type a clerk reads across the room, and
 * the values twice as a QR code (top and bottom, so a staple, a sticker or a punched hole on one still leaves
 * the other). The codes are drawn as vector squares, so they print sharp on any printer.
 *
 * <p>Why QR, error correction Q: its three finder patterns locate it at any rotation (upside-down and
 * skewed sheets read as they are), and Q restores a quarter of the code, enough for toner streaks and
 * binarisation noise. A module is at least 1/36 inch, over 5 pixels at 200 DPI.
 *
 * <p>The PDF is PDF/A-2b, its type Liberation Sans (embedded), so it prints the same from any viewer; characters
 * the font lacks print as '?' (the barcode keeps them).
 */
public final class SeparatorSheets {
    private static final float PAGE_WIDTH = PDRectangle.LETTER.getWidth(), PAGE_HEIGHT = PDRectangle.LETTER.getHeight();
    // 2.2 inches of code (quiet zone included): large enough for 200 DPI fax-like scans, small enough for two copies
    private static final float CODE_SIDE = 2.2f * 72;
    // four modules of white around the code, as the QR specification asks
    private static final int QUIET_ZONE = 4;
    private static final float MARGIN = 54;

    /** The two faces of one PDF (fonts belong to the document they are embedded in). */
    private record Fonts(PDFont regular, PDFont bold) {
    }

    /** One sheet as a one-page PDF. */
    public byte[] pdf(SeparatorSheet sheet) {
        return pdf(List.of(sheet));
    }

    /** Several sheets, one page each, in order (a stack to print before a scanning session). */
    public byte[] pdf(List<SeparatorSheet> sheets) {
        if (sheets.isEmpty()) throw new IllegalArgumentException("Ask for at least one separator sheet.");
        try (PDDocument pdf = new PDDocument()) {
            Fonts fonts = new Fonts(PdfFonts.regular(pdf), PdfFonts.bold(pdf));
            for (SeparatorSheet sheet : sheets) addPage(pdf, fonts, sheet);
            pdf.getDocumentInformation().setTitle("ChartVault separator sheets");
            pdf.setDocumentId(0L);   // same sheet, same bytes
            PdfA.mark(pdf);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            pdf.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a separator sheet", e);
        }
    }

    /** The QR code of a sheet: dark modules are {@code true}, without the quiet zone. */
    static BitMatrix code(SeparatorSheet sheet) {
        try {
            return new QRCodeWriter().encode(SeparatorPayload.encode(sheet), BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.Q, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("These values do not fit on a separator sheet: " + e.getMessage(), e);
        }
    }

    private static void addPage(PDDocument pdf, Fonts fonts, SeparatorSheet sheet) throws IOException {
        PDFont bold = fonts.bold(), regular = fonts.regular();
        PDPage page = new PDPage(PDRectangle.LETTER);
        pdf.addPage(page);
        BitMatrix code = code(sheet);
        try (PDPageContentStream out = new PDPageContentStream(pdf, page)) {
            out.setLineWidth(3);
            out.addRect(MARGIN / 2, MARGIN / 2, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN);
            out.stroke();

            float y = PAGE_HEIGHT - MARGIN - 30;
            centered(out, bold, 28, "CHARTVAULT SEPARATOR SHEET", y);
            y -= 22;
            centered(out, regular, 13, "Do not remove. ChartVault takes this sheet out of the scanned document.", y);
            y -= 12;

            drawCode(out, code, (PAGE_WIDTH - CODE_SIDE) / 2, y - CODE_SIDE);
            y -= CODE_SIDE + 34;

            if (sheet.isNextDocument()) {
                centered(out, bold, 40, "NEXT DOCUMENT", y - 10);
                y -= 50;
                centered(out, regular, 13, "No indexing values: the pages after this sheet are a new document,", y);
                centered(out, regular, 13, "indexed from their own content.", y - 17);
            } else {
                for (String[] row : rows(sheet)) {
                    text(out, regular, 13, row[0], MARGIN + 20, y);
                    float size = fit(bold, row[1], 24, PAGE_WIDTH - 2 * MARGIN - 170);
                    text(out, bold, size, row[1], MARGIN + 170, y);
                    y -= 34;
                }
            }
            drawCode(out, code, (PAGE_WIDTH - CODE_SIDE) / 2, MARGIN);
        }
    }

    private static List<String[]> rows(SeparatorSheet sheet) {
        List<String[]> rows = new ArrayList<>();
        if (sheet.mrn() != null) rows.add(new String[] {"MRN", sheet.mrn()});
        if (sheet.patientName() != null) rows.add(new String[] {"Patient", sheet.patientName()});
        if (sheet.documentType() != null) rows.add(new String[] {"Document type", sheet.documentType()});
        if (sheet.serviceDate() != null) rows.add(new String[] {"Date of service", sheet.serviceDate().toString()});
        if (sheet.encounter() != null) rows.add(new String[] {"Encounter", sheet.encounter()});
        return rows;
    }

    /** Dark modules as filled squares, one rectangle per horizontal run so the page stays small. */
    private static void drawCode(PDPageContentStream out, BitMatrix code, float left, float bottom) throws IOException {
        int modules = code.getWidth() + 2 * QUIET_ZONE;
        float side = CODE_SIDE / modules;
        float x0 = left + QUIET_ZONE * side, top = bottom + CODE_SIDE - QUIET_ZONE * side;
        for (int row = 0; row < code.getHeight(); row++) {
            for (int col = 0; col < code.getWidth(); ) {
                if (!code.get(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < code.getWidth() && code.get(col, row)) col++;
                out.addRect(x0 + start * side, top - (row + 1) * side, (col - start) * side, side);
            }
        }
        out.fill();
    }

    private static void centered(PDPageContentStream out, PDFont font, float size, String text, float y) throws IOException {
        String printable = PdfFonts.printable(font, text);
        float fitted = fit(font, printable, size, PAGE_WIDTH - 2 * MARGIN);
        text(out, font, fitted, printable, (PAGE_WIDTH - font.getStringWidth(printable) / 1000 * fitted) / 2, y);
    }

    private static void text(PDPageContentStream out, PDFont font, float size, String text, float x, float y) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(PdfFonts.printable(font, text));
        out.endText();
    }

    /** The largest size up to {@code size} at which {@code text} fits {@code width} points. */
    private static float fit(PDFont font, String text, float size, float width) throws IOException {
        float natural = font.getStringWidth(PdfFonts.printable(font, text)) / 1000 * size;
        return natural <= width ? size : size * width / natural;
    }
}
