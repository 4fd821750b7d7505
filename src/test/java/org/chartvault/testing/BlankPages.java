package org.chartvault.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Sheets with nothing to read, which a scanning department wants dropped: the backs of single-sided pages fed
 * through a duplex scanner. Each is an 8-bit gray {@link ScannedPage} of a letter sheet whose ground truth is
 * {@link ChartPage#blank()}.
 *
 * <pre>{@code
 * ScannedPage back = BlankPages.backOfSheet(300, seed);                   // paper tone, faint noise, dust
 * ScannedPage punched = BlankPages.withMark(300, seed);                   // plus hole punches or a pen tick
 * ScannedPage ghost = BlankPages.withBleedThrough(front, 300, seed);      // front's text, mirrored and faint
 * }</pre>
 */
public final class BlankPages {
    private BlankPages() {
    }

    /** Off-white paper with faint sensor noise and a few specks of dust. */
    public static ScannedPage backOfSheet(int dpi, long seed) {
        Random random = Seeds.random(seed, 0);
        Resolution resolution = Resolution.dpi(dpi);
        BufferedImage paper = Pixels.whiteGray(resolution.pixelsAcross(ChartPage.WIDTH_POINTS),
                resolution.pixelsDown(ChartPage.HEIGHT_POINTS));
        Graphics2D g = Pixels.draw(paper, 248 + random.nextInt(5));
        g.fillRect(0, 0, paper.getWidth(), paper.getHeight());
        for (int speck = 3 + random.nextInt(12); speck > 0; speck--) {
            g.setColor(new Color(0x606060 + random.nextInt(0x40) * 0x010101));
            double size = 1 + random.nextDouble() * dpi / 150.0;
            g.fill(new Ellipse2D.Double(random.nextInt(paper.getWidth()), random.nextInt(paper.getHeight()), size, size));
        }
        g.dispose();
        return new ScannedPage(Pixels.gaussianNoise(paper, 2.0, random.nextLong()), resolution, ChartPage.blank(), 0, 0);
    }

    /** A blank back with one small mark: the shadows of three punched holes, or a short pen stroke. */
    public static ScannedPage withMark(int dpi, long seed) {
        Random random = Seeds.random(seed, 0);
        ScannedPage back = backOfSheet(dpi, random.nextLong());
        BufferedImage image = Pixels.gray(back.image());
        Graphics2D g = Pixels.draw(image, 70 + random.nextInt(60));
        if (random.nextBoolean()) {
            double diameter = dpi / 4.0, x = dpi * 0.3;   // 1/4 in holes, 3/8 in from the edge, 4 1/4 in apart
            for (double inches : new double[] {1.25, 5.5, 9.75}) {
                g.fill(new Ellipse2D.Double(x, inches * dpi - diameter / 2, diameter, diameter));
            }
        } else {
            double x = dpi * (1 + random.nextDouble() * 6), y = dpi * (1 + random.nextDouble() * 9), len = dpi * 0.3;
            Path2D tick = new Path2D.Double();
            tick.moveTo(x, y);
            tick.quadTo(x + len / 3, y + len / 2, x + len * random.nextDouble(), y - len * random.nextDouble());
            g.setStroke(new BasicStroke(dpi / 100f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(tick);
        }
        g.dispose();
        return back.withImage(image);
    }

    /**
     * A blank back on which the front's print shows through, mirrored and faint (thin paper, strong lamp).
     * Tesseract reads a hundred or more words of mirrored gibberish from it, so a blank-page test that counts
     * words will not call it blank; ink coverage and confidence do.
     */
    public static ScannedPage withBleedThrough(ChartPage front, int dpi, long seed) {
        Random random = Seeds.random(seed, 0);
        BufferedImage ghost = Pixels.fade(Pixels.blur(Pixels.mirror(front.scan(dpi).image()), dpi / 150.0),
                0.06 + random.nextDouble() * 0.04);
        BufferedImage paper = Pixels.gaussianNoise(ghost, 2.0, random.nextLong());
        return new ScannedPage(paper, Resolution.dpi(dpi), ChartPage.blank(), 0, 0);
    }
}
