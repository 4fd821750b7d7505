package org.chartvault.testing;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.datamatrix.DataMatrixWriter;
import com.google.zxing.datamatrix.encoder.SymbolShapeHint;
import com.google.zxing.oned.Code128Writer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Patient label stickers as the admission desk prints them, stuck on the top right of a page before it is
 * scanned: a white label with a thin edge, a barcode and the MRN in print. Draw one on a clean scan, then
 * degrade the page, so the barcode goes through the scanner with the page.
 *
 * <pre>{@code
 * ScannedPage labelled = LabelStickers.stick(page.scan(300), "MRN:00573910", Symbology.CODE_128, "MRN 00573910");
 * ScannedPage scanned = labelled.apply(Degradation.skew(1.2).then(Degradation.binarize(150)));
 * }</pre>
 *
 * Sizes are a label printer's: Code 128 bars 0.015 in (15 mil) wide and 0.4 in tall, DataMatrix modules
 * 0.025 in; the whole label fits the 1 inch top margin of a chart page.
 */
public final class LabelStickers {
    private LabelStickers() {
    }

    public enum Symbology { CODE_128, DATA_MATRIX }

    // one narrow bar (Code 128) or one module (DataMatrix), in inches
    private static final double BAR_INCHES = 0.015, MODULE_INCHES = 0.025;
    private static final double LABEL_LEFT = 4.9, LABEL_TOP = 0.12, LABEL_WIDTH = 3.0, LABEL_HEIGHT = 0.78;

    /** The page with a label carrying {@code barcodeText}, and {@code caption} printed beside or under the code. */
    public static ScannedPage stick(ScannedPage page, String barcodeText, Symbology symbology, String caption) {
        if (page.rotation() != 0) throw new IllegalArgumentException("stick the label on the upright page, then turn it");
        BufferedImage image = Pixels.gray(page.image());
        double dpi = page.resolution().horizontal();
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            double left = LABEL_LEFT * dpi, top = LABEL_TOP * dpi;
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(left, top, LABEL_WIDTH * dpi, LABEL_HEIGHT * dpi));
            g.setColor(new Color(150, 150, 150));
            g.setStroke(new BasicStroke((float) (dpi / 150)));
            g.draw(new Rectangle2D.Double(left, top, LABEL_WIDTH * dpi, LABEL_HEIGHT * dpi));
            g.setColor(Color.BLACK);
            double codeLeft = left + 0.15 * dpi, codeTop = top + 0.1 * dpi;
            double codeRight;
            if (symbology == Symbology.CODE_128) {
                BitMatrix bars = encode(new Code128Writer(), barcodeText, BarcodeFormat.CODE_128, Map.of(EncodeHintType.MARGIN, 0));
                double bar = BAR_INCHES * dpi, height = 0.4 * dpi;
                for (int x = 0; x < bars.getWidth(); x++) {
                    if (bars.get(x, 0)) g.fill(new Rectangle2D.Double(codeLeft + x * bar, codeTop, bar, height));
                }
                codeRight = codeLeft + bars.getWidth() * bar;
                g.setFont(Fonts.font("SansSerif", false, (float) (0.12 * dpi)));
                g.drawString(caption, (float) codeLeft, (float) (codeTop + height + 0.17 * dpi));
            } else {
                BitMatrix modules = encode(new DataMatrixWriter(), barcodeText, BarcodeFormat.DATA_MATRIX,
                        Map.of(EncodeHintType.DATA_MATRIX_SHAPE, SymbolShapeHint.FORCE_SQUARE));
                double module = MODULE_INCHES * dpi;
                for (int y = 0; y < modules.getHeight(); y++) {
                    for (int x = 0; x < modules.getWidth(); x++) {
                        if (modules.get(x, y)) g.fill(new Rectangle2D.Double(codeLeft + x * module, codeTop + y * module, module, module));
                    }
                }
                codeRight = codeLeft + modules.getWidth() * module;
                g.setFont(Fonts.font("SansSerif", false, (float) (0.12 * dpi)));
                g.drawString(caption, (float) (codeRight + 0.15 * dpi), (float) (codeTop + 0.25 * dpi));
            }
            if (codeRight > left + LABEL_WIDTH * dpi) {
                throw new IllegalArgumentException("'" + barcodeText + "' is too long for a patient label");
            }
        } finally {
            g.dispose();
        }
        return page.withImage(image);
    }

    private static BitMatrix encode(com.google.zxing.Writer writer, String text, BarcodeFormat format, Map<EncodeHintType, ?> hints) {
        try {
            return writer.encode(text, format, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode '" + text + "' as " + format, e);
        }
    }
}
