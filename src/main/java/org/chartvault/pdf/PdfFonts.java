package org.chartvault.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.IOException;
import java.io.InputStream;

/**
 * The fonts of the text ChartVault prints on its PDFs, embedded (as subsets of the glyphs used) as PDF/A requires:
 * Liberation Sans, metrically compatible with Helvetica and Arial, covering Latin, Greek and Cyrillic. The regular
 * face is the one PDFBox bundles; the bold face is carried under {@code src/main/resources/fonts} with its licence
 * (SIL Open Font License 1.1).
 */
public final class PdfFonts {
    private static final String REGULAR = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final String BOLD = "/fonts/LiberationSans-Bold.ttf";

    private PdfFonts() {
    }

    /** Liberation Sans, embedded in {@code document}. */
    public static PDType0Font regular(PDDocument document) throws IOException {
        return load(document, PDFont.class, REGULAR);
    }

    /** Liberation Sans Bold, embedded in {@code document}. */
    public static PDType0Font bold(PDDocument document) throws IOException {
        return load(document, PdfFonts.class, BOLD);
    }

    private static PDType0Font load(PDDocument document, Class<?> owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("the font " + resource + " is missing from the classpath");
            return PDType0Font.load(document, in, true);
        }
    }

    /** The text as the font can show it: control characters as spaces, characters it has no glyph for as '?'. */
    public static String printable(PDFont font, String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) out.append(' ');
            else if (hasGlyph(font, cp)) out.appendCodePoint(cp);
            else out.append('?');
        });
        return out.toString();
    }

    private static boolean hasGlyph(PDFont font, int codePoint) {
        try {
            font.encode(Character.toString(codePoint));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
