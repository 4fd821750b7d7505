package org.chartvault.release;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

import java.io.IOException;
import java.util.List;

/**
 * Text set top to bottom on US Letter pages, a new page whenever one is full: the cover sheet and the accounting
 * of disclosures. Every page carries the same small footer line.
 */
final class PdfLayout implements AutoCloseable {
    private static final float MARGIN = 54;          // three quarters of an inch
    private static final float LABEL_WIDTH = 130;    // room for the longest field label
    private static final float BODY = 10;
    private static final float FOOTER = 7;

    private final PDDocument document;
    private final PdfText text;
    private final String footer;
    private PDPageContentStream content;
    private float y;
    private int pages;
    private boolean closed;

    PdfLayout(PDDocument document, PdfText text, String footer) {
        this.document = document;
        this.text = text;
        this.footer = footer;
    }

    int pages() {
        return pages;
    }

    void title(String line) throws IOException {
        block(line, 16, MARGIN, 8);
    }

    void heading(String line) throws IOException {
        gap(6);
        block(line, 12, MARGIN, 3);
    }

    void paragraph(String words) throws IOException {
        block(words, BODY, MARGIN, 2);
    }

    void small(String words) throws IOException {
        block(words, 8, MARGIN, 2);
    }

    /** An indented line with a bullet, for list entries. */
    void bullet(String words) throws IOException {
        List<String> lines = text.wrap(words, BODY, width() - 14);
        for (int i = 0; i < lines.size(); i++) {
            float lineHeight = BODY * 1.3f;
            room(lineHeight);
            if (i == 0) text.show(content, "•", BODY, MARGIN + 2, y - BODY);
            text.show(content, lines.get(i), BODY, MARGIN + 14, y - BODY);
            y -= lineHeight;
        }
        y -= 2;
    }

    /** "Label   value" with the value wrapped in its own column. */
    void field(String label, String value) throws IOException {
        List<String> lines = text.wrap(value == null || value.isBlank() ? "—" : value, BODY, width() - LABEL_WIDTH);
        for (int i = 0; i < lines.size(); i++) {
            float lineHeight = BODY * 1.3f;
            room(lineHeight);
            if (i == 0) text.show(content, label, BODY, MARGIN, y - BODY);
            text.show(content, lines.get(i), BODY, MARGIN + LABEL_WIDTH, y - BODY);
            y -= lineHeight;
        }
    }

    void gap(float points) {
        y -= points;
    }

    private void block(String words, float size, float x, float after) throws IOException {
        for (String line : text.wrap(words, size, width() - (x - MARGIN))) {
            float lineHeight = size * 1.3f;
            room(lineHeight);
            text.show(content, line, size, x, y - size);
            y -= lineHeight;
        }
        y -= after;
    }

    /** Starts a new page when the next line would not fit above the footer. */
    private void room(float lineHeight) throws IOException {
        if (content != null && y - lineHeight >= MARGIN + FOOTER * 2) return;
        if (content != null) content.close();
        PDPage page = new PDPage(PDRectangle.LETTER);
        document.addPage(page);
        pages++;
        content = new PDPageContentStream(document, page);
        y = PDRectangle.LETTER.getHeight() - MARGIN;
        text.show(content, footer + "   (page " + pages + ")", FOOTER, MARGIN, MARGIN - FOOTER * 2);
    }

    private static float width() {
        return PDRectangle.LETTER.getWidth() - 2 * MARGIN;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (content == null) room(0);  // an empty layout is still one page
        content.close();
        content = null;
    }
}
