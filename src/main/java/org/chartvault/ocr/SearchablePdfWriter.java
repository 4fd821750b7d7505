package org.chartvault.ocr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.imageio.ImageIO;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorName;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdfwriter.ContentStreamWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;
import org.chartvault.imaging.PageImages;
import org.chartvault.pdf.PdfA;

/**
 * Writes the searchable PDF of a document: every stored page image at its own resolution (so the printed size is
 * the paper's), with the recognised words laid invisibly (render mode 3) over the print, word by word, each
 * stretched to its box. Selecting, searching and copying text in a viewer then behaves as on a born-digital PDF,
 * and text extraction reads the lines in order.
 * <p>
 * Gray pages are stored as JPEG, black-and-white pages as CCITT G4. Pages are loaded one at a time through
 * {@link Page#image()} and their compressed data is kept in a temporary file until the PDF is written, so a
 * thousand-page chart does not sit in memory.
 * <p>
 * The invisible text uses Tesseract's GlyphLessFont ({@code pdf.ttf} in the tessdata folder: one empty glyph for
 * every character, so any Unicode text can be written), as a Type0 font; without it PDFBox's LiberationSans is
 * embedded instead, and characters it lacks are left out of the text layer. Either way the font is embedded, and
 * the PDF is PDF/A-2b, as ocrmypdf makes them.
 */
public final class SearchablePdfWriter {
    /** JPEG quality for gray pages: text edges stay clean, a 300 DPI page is a few hundred KB. */
    private static final float JPEG_QUALITY = 0.8f;
    /** Advance of every GlyphLessFont glyph, in thousandths of the font size. */
    private static final int GLYPHLESS_ADVANCE = 500;
    private static final String LIBERATION_SANS = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    /** One page of the PDF: what was read from it, and a way to load its image when it is its turn. */
    public record Page(PageContent content, ImageLoader image) {
        public Page {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(image, "image");
        }
    }

    /** Loads a page image (of the page's stored size), e.g. the PNG from the object store, decoded. */
    @FunctionalInterface
    public interface ImageLoader {
        BufferedImage load() throws IOException;

        /** A loader of stored PNG bytes. */
        static ImageLoader png(PngLoader png) {
            return () -> {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.load()));
                if (image == null) throw new IOException("the stored page image is not a PNG");
                return image;
            };
        }
    }

    /** Loads a stored page image's PNG bytes. */
    @FunctionalInterface
    public interface PngLoader {
        byte[] load() throws IOException;
    }

    private final Path glyphlessFont;

    /** @param tessdata the Tesseract data folder, where {@code pdf.ttf} is looked for */
    public SearchablePdfWriter(Path tessdata) {
        Path font = tessdata == null ? null : tessdata.resolve("pdf.ttf");
        this.glyphlessFont = font != null && Files.isRegularFile(font) ? font : null;
    }

    /** Writes the pages, in the order given, as one PDF to {@code out} (which is not closed). */
    public void write(Iterable<Page> pages, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            TextFont font = glyphlessFont != null ? glyphless(document) : liberationSans(document);
            int written = 0;
            for (Page page : pages) {
                addPage(document, font, page);
                written++;
            }
            if (written == 0) throw new IllegalArgumentException("a PDF needs at least one page");
            document.getDocumentInformation().setTitle("Searchable PDF");
            document.getDocumentInformation().setCreator("ChartVault");
            PdfA.mark(document);
            document.save(out);
        }
    }

    /**
     * Adds pages to a PDF that the caller builds and saves itself (a release packet with a cover sheet), each with
     * the same picture and invisible text as {@link #write} gives it. The text font is embedded once per document;
     * the caller marks the PDF as PDF/A ({@link PdfA#mark}).
     */
    public Appender appender(PDDocument document) throws IOException {
        return new Appender(document, glyphlessFont != null ? glyphless(document) : liberationSans(document));
    }

    /** Adds searchable pages to one PDF; see {@link #appender}. */
    public final class Appender {
        private final PDDocument document;
        private final TextFont font;

        private Appender(PDDocument document, TextFont font) {
            this.document = document;
            this.font = font;
        }

        /**
         * Adds a page drawn from {@code image} (of the page's stored size) with {@code content}'s words as its
         * invisible text; the caller may pass an edited image and fewer words than the page has (redaction).
         * Returns the page, already added to the document.
         */
        public PDPage add(PageContent content, BufferedImage image) throws IOException {
            return addPage(document, font, content, image);
        }
    }

    private void addPage(PDDocument document, TextFont font, Page page) throws IOException {
        PageContent content = page.content();
        BufferedImage image = page.image().load();
        if (image == null) throw new IOException("page " + content.number() + ": no image to draw");
        addPage(document, font, content, image);
    }

    private PDPage addPage(PDDocument document, TextFont font, PageContent content, BufferedImage image)
            throws IOException {
        int dpi = content.dpi();
        float pointsPerPixel = 72f / dpi;
        float width = image.getWidth() * pointsPerPixel;
        float height = image.getHeight() * pointsPerPixel;
        PDImageXObject picture = PageImages.isBitonal(image)
                ? G4Images.of(document, image)
                : JPEGFactory.createFromImage(document, PageImages.toGray(image), JPEG_QUALITY, dpi);
        image = null;

        PDPage pdfPage = new PDPage(new PDRectangle(width, height));
        PDResources resources = new PDResources();
        pdfPage.setResources(resources);
        COSName pictureName = resources.add(picture);
        COSName fontName = resources.add(font.font());

        List<Object> tokens = new ArrayList<>();
        tokens.addAll(List.of(op(OperatorName.SAVE), number(width), number(0), number(0), number(height), number(0),
                number(0), op(OperatorName.CONCAT), pictureName, op(OperatorName.DRAW_OBJECT), op(OperatorName.RESTORE)));
        textLayer(tokens, font, fontName, content, pointsPerPixel, height);

        PDStream stream = new PDStream(document);
        try (OutputStream contentStream = stream.createOutputStream(COSName.FLATE_DECODE)) {
            new ContentStreamWriter(contentStream).writeTokens(tokens);
        }
        pdfPage.setContents(stream);
        document.addPage(pdfPage);
        return pdfPage;
    }

    /**
     * Line by line: one font size per line (its tallest word), one baseline per line (its lowest word bottom), and
     * every word but the last followed by a space and stretched to reach the next word, so extraction finds the
     * spaces and line breaks where the reader sees them.
     */
    private static void textLayer(List<Object> tokens, TextFont font, COSName fontName, PageContent content,
                                  float pointsPerPixel, float pageHeight) throws IOException {
        List<List<Word>> lines = linesOf(content.words());
        if (lines.isEmpty()) return;
        tokens.add(op(OperatorName.BEGIN_TEXT));
        tokens.add(COSInteger.get(3)); // render mode 3: neither fill nor stroke
        tokens.add(op(OperatorName.SET_TEXT_RENDERINGMODE));
        for (List<Word> line : lines) {
            int bottom = 0;
            int tallest = 1;
            for (Word word : line) {
                bottom = Math.max(bottom, word.y() + word.height());
                tallest = Math.max(tallest, word.height());
            }
            float fontSize = tallest * pointsPerPixel;
            float baseline = pageHeight - bottom * pointsPerPixel;
            tokens.addAll(List.of(fontName, number(fontSize), op(OperatorName.SET_FONT_AND_SIZE)));
            for (int i = 0; i < line.size(); i++) {
                Word word = line.get(i);
                boolean last = i == line.size() - 1;
                String text = last ? word.text() : word.text() + " ";
                byte[] encoded = font.encode(text);
                float natural = font.width(text) / 1000f * fontSize;
                if (encoded.length == 0 || natural <= 0) continue;
                int reach = last ? word.width() : line.get(i + 1).x() - word.x();
                if (reach <= 0) reach = word.width();
                float scaling = 100f * reach * pointsPerPixel / natural;
                tokens.addAll(List.of(number(scaling), op(OperatorName.SET_TEXT_HORIZONTAL_SCALING),
                        number(1), number(0), number(0), number(1), number(word.x() * pointsPerPixel), number(baseline),
                        op(OperatorName.SET_MATRIX), new COSString(encoded), op(OperatorName.SHOW_TEXT)));
            }
        }
        tokens.add(op(OperatorName.END_TEXT));
    }

    /** Words grouped by line number, lines in order of first appearance, words left to right. */
    private static List<List<Word>> linesOf(List<Word> words) {
        List<List<Word>> lines = new ArrayList<>();
        Map<Integer, List<Word>> byLine = new LinkedHashMap<>();
        for (Word word : words) byLine.computeIfAbsent(word.line(), k -> new ArrayList<>()).add(word);
        for (List<Word> line : byLine.values()) {
            line.sort(Comparator.comparingInt(Word::x));
            lines.add(line);
        }
        return lines;
    }

    private static Operator op(String name) {
        return Operator.getOperator(name);
    }

    private static COSFloat number(float value) {
        return new COSFloat(value);
    }

    /** The font the invisible text is written in: how text is encoded for it and how wide it is. */
    private interface TextFont {
        PDFont font();

        byte[] encode(String text) throws IOException;

        /** Width of the text in thousandths of the font size. */
        float width(String text) throws IOException;
    }

    /**
     * Tesseract's GlyphLessFont as Tesseract's own PDF renderer builds it: character codes are the UTF-16 code units
     * of the text (Identity-H), every code shows glyph 1 (an empty glyph half an em wide), and a ToUnicode map that
     * is the identity gives the text back to whoever extracts it.
     */
    private TextFont glyphless(PDDocument document) throws IOException {
        COSStream fontFile = document.getDocument().createCOSStream();
        byte[] ttf = Files.readAllBytes(glyphlessFont);
        try (OutputStream out = fontFile.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(ttf);
        }
        fontFile.setInt(COSName.LENGTH1, ttf.length);

        COSStream cidToGid = document.getDocument().createCOSStream();
        try (OutputStream out = cidToGid.createOutputStream(COSName.FLATE_DECODE)) {
            byte[] map = new byte[2 * 65536];
            for (int cid = 0; cid < 65536; cid++) map[2 * cid + 1] = 1;
            out.write(map);
        }

        COSDictionary descriptor = new COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, "GlyphLessFont");
        descriptor.setInt(COSName.FLAGS, 5);
        descriptor.setItem(COSName.FONT_BBOX, intArray(0, 0, GLYPHLESS_ADVANCE, 1000));
        descriptor.setInt(COSName.ITALIC_ANGLE, 0);
        descriptor.setInt(COSName.ASCENT, 1000);
        descriptor.setInt(COSName.DESCENT, 0);
        descriptor.setInt(COSName.CAP_HEIGHT, 1000);
        descriptor.setInt(COSName.STEM_V, 80);
        descriptor.setItem(COSName.FONT_FILE2, fontFile);

        COSDictionary systemInfo = new COSDictionary();
        systemInfo.setString(COSName.REGISTRY, "Adobe");
        systemInfo.setString(COSName.ORDERING, "Identity");
        systemInfo.setInt(COSName.SUPPLEMENT, 0);

        COSDictionary cidFont = new COSDictionary();
        cidFont.setItem(COSName.TYPE, COSName.FONT);
        cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE2);
        cidFont.setName(COSName.BASE_FONT, "GlyphLessFont");
        cidFont.setItem(COSName.CIDSYSTEMINFO, systemInfo);
        cidFont.setItem(COSName.FONT_DESC, descriptor);
        cidFont.setInt(COSName.DW, GLYPHLESS_ADVANCE);
        cidFont.setItem(COSName.CID_TO_GID_MAP, cidToGid);

        COSStream toUnicode = document.getDocument().createCOSStream();
        try (OutputStream out = toUnicode.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(IDENTITY_TO_UNICODE.getBytes(StandardCharsets.US_ASCII));
        }

        COSDictionary type0 = new COSDictionary();
        type0.setItem(COSName.TYPE, COSName.FONT);
        type0.setItem(COSName.SUBTYPE, COSName.TYPE0);
        type0.setName(COSName.BASE_FONT, "GlyphLessFont");
        type0.setItem(COSName.ENCODING, COSName.IDENTITY_H);
        COSArray descendants = new COSArray();
        descendants.add(cidFont);
        type0.setItem(COSName.DESCENDANT_FONTS, descendants);
        type0.setItem(COSName.TO_UNICODE, toUnicode);
        PDType0Font font = new PDType0Font(type0);

        return new TextFont() {
            @Override
            public PDFont font() {
                return font;
            }

            @Override
            public byte[] encode(String text) {
                return text.getBytes(StandardCharsets.UTF_16BE);
            }

            @Override
            public float width(String text) {
                return (float) GLYPHLESS_ADVANCE * text.length();
            }
        };
    }

    private static final String IDENTITY_TO_UNICODE = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange
            1 beginbfrange
            <0000> <FFFF> <0000>
            endbfrange
            endcmap
            CMapName currentdict /CMap defineresource pop
            end
            end
            """;

    /** PDFBox's bundled LiberationSans, embedded whole; characters it cannot show are dropped from the layer. */
    private static TextFont liberationSans(PDDocument document) throws IOException {
        PDType0Font font;
        try (InputStream in = PDFont.class.getResourceAsStream(LIBERATION_SANS)) {
            if (in == null) throw new IOException("PDFBox's LiberationSans font is missing from the classpath");
            font = PDType0Font.load(document, in, false);
        }
        return new TextFont() {
            @Override
            public PDFont font() {
                return font;
            }

            @Override
            public byte[] encode(String text) throws IOException {
                return font.encode(showable(text));
            }

            @Override
            public float width(String text) throws IOException {
                return font.getStringWidth(showable(text));
            }

            private String showable(String text) {
                StringBuilder kept = new StringBuilder();
                text.codePoints().filter(this::hasGlyph).forEach(kept::appendCodePoint);
                return kept.toString();
            }

            private boolean hasGlyph(int codePoint) {
                try {
                    font.encode(new String(Character.toChars(codePoint)));
                    return true;
                } catch (IllegalArgumentException | IOException e) {
                    return false;
                }
            }
        };
    }

    private static COSArray intArray(int... values) {
        COSArray array = new COSArray();
        for (int value : values) array.add(COSInteger.get(value));
        return array;
    }
}
