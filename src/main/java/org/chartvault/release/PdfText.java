package org.chartvault.release;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.chartvault.pdf.PdfFonts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Visible text in the PDFs this package writes (cover sheets, page stamps, the accounting): Liberation Sans
 * ({@link PdfFonts#regular}), embedded as a subset, so names in any Latin script print as typed. Characters the font lacks
 * are shown as '?', never dropped silently, and never fail the packet.
 */
final class PdfText {
    private final PDFont font;
    private final Map<Integer, Boolean> showable = new HashMap<>();

    private PdfText(PDFont font) {
        this.font = font;
    }

    static PdfText embedIn(PDDocument document) throws IOException {
        return new PdfText(PdfFonts.regular(document));
    }

    PDFont font() {
        return font;
    }

    /** The text as it can be shown: control characters as spaces, characters without a glyph as '?'. */
    String printable(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.isWhitespace(cp)) out.append(' ');
            else if (hasGlyph(cp)) out.appendCodePoint(cp);
            else out.append('?');
        });
        return out.toString();
    }

    float width(String text, float size) throws IOException {
        return font.getStringWidth(printable(text)) / 1000f * size;
    }

    void show(PDPageContentStream content, String text, float size, float x, float y) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        content.showText(printable(text));
        content.endText();
    }

    /** The text broken into lines no wider than {@code width}; a word longer than a line is cut. */
    List<String> wrap(String text, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : (text == null ? "" : text).split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : printable(paragraph).split(" +")) {
                if (word.isEmpty()) continue;
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(candidate, size) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) lines.add(line.toString());
                line.setLength(0);
                while (width(word, size) > width && word.length() > 1) {
                    int cut = word.length() - 1;
                    while (cut > 1 && width(word.substring(0, cut), size) > width) cut--;
                    lines.add(word.substring(0, cut));
                    word = word.substring(cut);
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private boolean hasGlyph(int codePoint) {
        return showable.computeIfAbsent(codePoint, cp -> {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        });
    }
}
