package org.chartvault.hold;

import org.chartvault.Sha256;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.chartvault.pdf.PdfA;
import org.chartvault.pdf.PdfFonts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

/**
 * A plain, printable report as PDF/A-2b (chain-of-custody reports, certificates of destruction, slip sheets):
 * headings, text lines that wrap, and lines for hashes, on US Letter pages with a page number at the foot.
 * <p>
 * The same content gives the same bytes: the creation date is the one given, and the file ID is derived from the
 * content, not from the clock as PDFBox would otherwise do. The fonts are Liberation Sans and its bold, embedded
 * (hashes and paths too: one font family keeps the file small); characters they cannot show are written as '?'.
 */
public final class ReportPdf {
    private static final float MARGIN = 54; // 3/4 inch
    private static final float BODY = 10, HEADING = 13, TITLE = 16, MONO = 8;

    private enum Style { REGULAR, BOLD }

    /** What was asked for; it is wrapped into lines when the PDF is written and its fonts exist. */
    private record Block(Style style, float size, String text, float spaceBefore) {
    }

    private record Line(PDFont font, float size, String text, float spaceBefore) {
    }

    private final List<Block> blocks = new ArrayList<>();
    private final String title;
    private final Instant created;

    /** @param created the report's creation date as written into the PDF (the time of the event it records) */
    public ReportPdf(String title, Instant created) {
        this.title = title;
        this.created = created;
        blocks.add(new Block(Style.BOLD, TITLE, title, 0));
    }

    public ReportPdf heading(String text) {
        blocks.add(new Block(Style.BOLD, HEADING, text, HEADING));
        return this;
    }

    /** A paragraph of body text, wrapped to the page width. */
    public ReportPdf text(String text) {
        blocks.add(new Block(Style.REGULAR, BODY, text, 2));
        return this;
    }

    /** A "label: value" line. */
    public ReportPdf field(String label, Object value) {
        return text(label + ": " + (value == null ? "(none)" : value));
    }

    /** Small text for hashes and paths (a word longer than the line is cut by characters, as in any text). */
    public ReportPdf mono(String text) {
        blocks.add(new Block(Style.REGULAR, MONO, text, 1));
        return this;
    }

    public ReportPdf gap() {
        blocks.add(new Block(Style.REGULAR, BODY, "", 4));
        return this;
    }

    public void write(OutputStream out) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDFont regular = PdfFonts.regular(pdf);
            PDFont bold = PdfFonts.bold(pdf);
            List<Line> lines = new ArrayList<>();
            for (Block block : blocks) {
                PDFont font = block.style() == Style.BOLD ? bold : regular;
                for (String line : wrap(font, block.size(), block.text())) {
                    lines.add(new Line(font, block.size(), line, block.spaceBefore()));
                }
            }
            PDRectangle size = PDRectangle.LETTER;
            PDPageContentStream content = null;
            float y = 0;
            int pageNumber = 0;
            try {
                for (Line line : lines) {
                    float height = line.size() * 1.25f + line.spaceBefore();
                    if (content == null || y - height < MARGIN + 20) {
                        if (content != null) content.close();
                        PDPage page = new PDPage(size);
                        pdf.addPage(page);
                        pageNumber++;
                        content = new PDPageContentStream(pdf, page);
                        footer(content, regular, pageNumber);
                        y = size.getHeight() - MARGIN;
                    }
                    y -= height;
                    if (line.text().isEmpty()) continue;
                    content.beginText();
                    content.setFont(line.font(), line.size());
                    content.newLineAtOffset(MARGIN, y);
                    content.showText(line.text());
                    content.endText();
                }
            } finally {
                if (content != null) content.close();
            }
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("ChartVault");
            Calendar date = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            date.setTimeInMillis(created.toEpochMilli());
            info.setCreationDate(date);
            fixFileId(pdf, title + "\n" + created + "\n" + lines.size() + "\n" + digestOf(lines));
            PdfA.mark(pdf);
            pdf.save(out);
        }
    }

    private void footer(PDPageContentStream content, PDFont regular, int pageNumber) throws IOException {
        String text = PdfFonts.printable(regular, title + "  -  page " + pageNumber);
        content.beginText();
        content.setFont(regular, 7);
        content.newLineAtOffset(MARGIN, MARGIN / 2);
        content.showText(text);
        content.endText();
    }

    private static String digestOf(List<Line> lines) {
        StringBuilder all = new StringBuilder();
        for (Line line : lines) all.append(line.text()).append('\n');
        return hex(sha256(all.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Sets the trailer /ID (two equal strings) from {@code seed}: PDFBox would otherwise derive it from the clock,
     * and a re-run of the same report would differ in its bytes.
     */
    static void fixFileId(PDDocument pdf, String seed) {
        byte[] id = new byte[16];
        System.arraycopy(sha256(seed.getBytes(StandardCharsets.UTF_8)), 0, id, 0, 16);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        pdf.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    private static List<String> wrap(PDFont font, float size, String text) {
        float width = PDRectangle.LETTER.getWidth() - 2 * MARGIN;
        List<String> out = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : PdfFonts.printable(font, paragraph).split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(font, size, candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) out.add(line.toString());
                line.setLength(0);
                // a word longer than the line (a hash, a path) is cut by characters
                String rest = word;
                while (width(font, size, rest) > width) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && width(font, size, rest.substring(0, cut)) > width) cut--;
                    out.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            out.add(line.toString());
        }
        return out;
    }

    private static float width(PDFont font, float size, String text) {
        try {
            return font.getStringWidth(text) / 1000f * size;
        } catch (IOException e) {
            return text.length() * size * 0.6f;
        }
    }

    static byte[] sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
