package org.chartvault.imaging;

import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorN;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorSpace;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceCMYKColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceGrayColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceRGBColor;
import org.apache.pdfbox.contentstream.operator.color.SetStrokingColor;
import org.apache.pdfbox.contentstream.operator.color.SetStrokingColorN;
import org.apache.pdfbox.contentstream.operator.color.SetStrokingColorSpace;
import org.apache.pdfbox.contentstream.operator.color.SetStrokingDeviceCMYKColor;
import org.apache.pdfbox.contentstream.operator.color.SetStrokingDeviceGrayColor;
import org.apache.pdfbox.contentstream.operator.color.SetStrokingDeviceRGBColor;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

/**
 * One pass over a PDF page's content that finds what the page is made of: its visible text as words with boxes,
 * the images drawn on it and where, and whether anything else is painted. Images are listed, never decoded.
 * <p>
 * All boxes are in display points: the page as a viewer shows it (its /Rotate applied, crop box origin at the
 * top left, y downwards, 72 units per inch), so that scaling by dpi/72 gives rendered-image pixels.
 */
final class PdfPageInspector extends PDFTextStripper {

    /** An image drawn on the page: the transform that maps its unit square into display points, and its size. */
    record PlacedImage(PDImageXObject image, COSDictionary dictionary, AffineTransform unitToDisplay, int width,
                       int height, int visibleGlyphsBefore) {
        Rectangle2D bounds() {
            return unitToDisplay.createTransformedShape(new Rectangle2D.Double(0, 0, 1, 1)).getBounds2D();
        }
    }

    /** A visible word: its text, its box in display points and the text line it belongs to (from 0). */
    record TextWord(String text, Rectangle2D box, int line) {
    }

    private static final Set<String> PAINTING_OPERATORS = Set.of("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh");

    private final AffineTransform userToDisplay;
    private final List<PlacedImage> images = new ArrayList<>();
    private final List<TextWord> words = new ArrayList<>();
    private final Map<TextPosition, Rectangle2D> glyphBoxes = new IdentityHashMap<>();
    private Rectangle2D pendingGlyphBox;
    private int visibleGlyphs;
    private int invisibleGlyphs;
    private int inlineImages;
    private boolean painted;
    private int line;
    private boolean lineHasWords;

    private PdfPageInspector(AffineTransform userToDisplay) throws IOException {
        this.userToDisplay = userToDisplay;
        setSortByPosition(true);
        // colours are tracked so that a white background fill does not count as drawing on the page
        addOperator(new SetStrokingColorSpace(this));
        addOperator(new SetNonStrokingColorSpace(this));
        addOperator(new SetStrokingColor(this));
        addOperator(new SetStrokingColorN(this));
        addOperator(new SetNonStrokingColor(this));
        addOperator(new SetNonStrokingColorN(this));
        addOperator(new SetStrokingDeviceGrayColor(this));
        addOperator(new SetNonStrokingDeviceGrayColor(this));
        addOperator(new SetStrokingDeviceRGBColor(this));
        addOperator(new SetNonStrokingDeviceRGBColor(this));
        addOperator(new SetStrokingDeviceCMYKColor(this));
        addOperator(new SetNonStrokingDeviceCMYKColor(this));
    }

    /** Inspects page {@code number} (1-based) of {@code document}. */
    static PdfPageInspector inspect(PDDocument document, PDPage page, int number) throws IOException {
        PdfPageInspector inspector = new PdfPageInspector(userToDisplay(page, 1.0));
        inspector.setStartPage(number);
        inspector.setEndPage(number);
        inspector.writeText(document, Writer.nullWriter());
        return inspector;
    }

    /**
     * The transform PDFRenderer applies to a page: PDF user space (y up, crop box anywhere) to the pixels of the
     * rendered image at {@code scale} pixels per point (y down, page rotation applied).
     */
    static AffineTransform userToDisplay(PDPage page, double scale) {
        var cropBox = page.getCropBox();
        AffineTransform t = AffineTransform.getScaleInstance(scale, scale);
        int rotation = PdfPageSource.rotationOf(page);
        switch (rotation) {
            case 90 -> t.translate(cropBox.getHeight(), 0);
            case 270 -> t.translate(0, cropBox.getWidth());
            case 180 -> t.translate(cropBox.getWidth(), cropBox.getHeight());
            default -> { }
        }
        if (rotation != 0) t.rotate(Math.toRadians(rotation));
        t.translate(0, cropBox.getHeight());
        t.scale(1, -1);
        t.translate(-cropBox.getLowerLeftX(), -cropBox.getLowerLeftY());
        return t;
    }

    List<PlacedImage> images() {
        return images;
    }

    List<TextWord> words() {
        return words;
    }

    int visibleGlyphs() {
        return visibleGlyphs;
    }

    int invisibleGlyphs() {
        return invisibleGlyphs;
    }

    int inlineImages() {
        return inlineImages;
    }

    /** True when paths were filled or stroked in a colour other than white (lines, boxes, vector drawings). */
    boolean painted() {
        return painted;
    }

    @Override
    protected void showGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement) throws IOException {
        RenderingMode mode = getGraphicsState().getTextState().getRenderingMode();
        if (!mode.isFill() && !mode.isStroke()) {
            // render mode 3 (or 7): text nobody sees, typically the OCR layer another tool left behind
            invisibleGlyphs++;
            return;
        }
        visibleGlyphs++;
        pendingGlyphBox = glyphBox(textRenderingMatrix, font, displacement);
        super.showGlyph(textRenderingMatrix, font, code, displacement);
        pendingGlyphBox = null;
    }

    @Override
    protected void processTextPosition(TextPosition text) {
        if (pendingGlyphBox != null) glyphBoxes.put(text, pendingGlyphBox);
        super.processTextPosition(text);
    }

    private Rectangle2D glyphBox(Matrix textRenderingMatrix, PDFont font, Vector displacement) {
        double ascent = 0.8;
        double descent = -0.2;
        PDFontDescriptor descriptor = font.getFontDescriptor();
        if (descriptor != null) {
            double a = descriptor.getAscent() / 1000.0;
            double d = descriptor.getDescent() / 1000.0;
            if (a >= 0.5 && a <= 1.1) ascent = a;
            if (d >= -0.4 && d <= 0) descent = d;
        }
        double advance = displacement.getX();
        if (!(advance > 0) || advance > 5) advance = 0.5;
        AffineTransform glyphToDisplay = new AffineTransform(userToDisplay);
        glyphToDisplay.concatenate(textRenderingMatrix.createAffineTransform());
        return glyphToDisplay.createTransformedShape(new Rectangle2D.Double(0, descent, advance, ascent - descent))
                .getBounds2D();
    }

    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        String name = operator.getName();
        if ("Do".equals(name) && !operands.isEmpty() && operands.get(0) instanceof COSName xobjectName
                && getResources() != null && getResources().isImageXObject(xobjectName)) {
            PDXObject xobject = getResources().getXObject(xobjectName);
            if (xobject instanceof PDImageXObject image) {
                AffineTransform unitToDisplay = new AffineTransform(userToDisplay);
                unitToDisplay.concatenate(getGraphicsState().getCurrentTransformationMatrix().createAffineTransform());
                images.add(new PlacedImage(image, image.getCOSObject(), unitToDisplay,
                        image.getCOSObject().getInt(COSName.WIDTH, -1),
                        image.getCOSObject().getInt(COSName.HEIGHT, -1), visibleGlyphs));
            }
        } else if ("BI".equals(name)) {
            inlineImages++;
        } else if (PAINTING_OPERATORS.contains(name)) {
            boolean stroke = name.equalsIgnoreCase("s") || name.startsWith("B") || name.startsWith("b");
            boolean fill = !name.equalsIgnoreCase("s");
            if ("sh".equals(name) || (fill && !isWhite(getGraphicsState().getNonStrokingColor()))
                    || (stroke && !isWhite(getGraphicsState().getStrokingColor()))) {
                painted = true;
            }
        }
        super.processOperator(operator, operands);
    }

    private static boolean isWhite(PDColor color) {
        try {
            return color != null && (color.toRGB() & 0xffffff) == 0xffffff;
        } catch (IOException | RuntimeException e) {
            return false; // patterns and broken colour spaces: assume something visible is drawn
        }
    }

    @Override
    protected void writeString(String text, List<TextPosition> textPositions) {
        StringBuilder word = new StringBuilder();
        Rectangle2D box = null;
        for (TextPosition position : textPositions) {
            String unicode = position.getUnicode();
            if (unicode == null || unicode.isBlank()) {
                addWord(word, box);
                word.setLength(0);
                box = null;
                continue;
            }
            word.append(unicode);
            Rectangle2D glyph = glyphBoxes.get(position);
            if (glyph != null) box = box == null ? glyph : box.createUnion(glyph);
        }
        addWord(word, box);
    }

    private void addWord(StringBuilder word, Rectangle2D box) {
        String text = word.toString().strip();
        if (text.isEmpty() || box == null) return;
        words.add(new TextWord(text, box, line));
        lineHasWords = true;
    }

    @Override
    protected void writeLineSeparator() {
        if (lineHasWords) line++;
        lineHasWords = false;
    }

    @Override
    protected void writeWordSeparator() {
        // words are split by writeString already
    }
}
