package org.chartvault.testing;

import org.chartvault.document.Indexing;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One printed page of a fictional chart: what is on it, where, and in which type — the ground truth a scan
 * of it is measured against. Positions are in points (1/72 in) from the top-left corner of a US Letter sheet,
 * so the same page renders at any resolution ({@link #scan(Resolution)}) and as a born-digital PDF
 * ({@link ChartFiles#bornDigitalPdf(List)}).
 *
 * <pre>{@code
 * ChartPage page = new ChartGenerator().page(42);
 * page.groundTruth();          // ["NORTHGATE COMMUNITY HOSPITAL", "PROGRESS NOTE", "", "Patient: ...", ...]
 * page.indexing().mrn();       // "00573910"
 * ScannedPage scan = page.scan(300);   // clean 8-bit gray 2550 x 3300 image
 * }</pre>
 *
 * @param indexing   what an indexer should find on it (all null for a blank page)
 * @param pageNumber 1-based position in its document
 * @param pageCount  pages in its document
 * @param typeface   the family and body size the page is set in
 * @param lines      every line top to bottom; blank separator lines are kept (text "") as on paper
 */
public record ChartPage(Indexing indexing, int pageNumber, int pageCount, Typeface typeface, List<Line> lines) {

    /** US Letter, in points. */
    public static final double WIDTH_POINTS = 612, HEIGHT_POINTS = 792;

    public ChartPage {
        Objects.requireNonNull(indexing, "indexing");
        Objects.requireNonNull(typeface, "typeface");
        if (pageNumber < 1 || pageNumber > pageCount) {
            throw new IllegalArgumentException("page " + pageNumber + " of " + pageCount + " does not exist");
        }
        lines = List.copyOf(lines);
    }

    /** A sheet with nothing printed on it. */
    public static ChartPage blank() {
        return new ChartPage(Indexing.EMPTY, 1, 1, Typeface.DEFAULT, List.of());
    }

    /** The printed text line by line, as a transcriber would type it. */
    public List<String> groundTruth() {
        return lines.stream().map(Line::text).toList();
    }

    /** The printed text, lines joined by newlines. */
    public String text() {
        return String.join("\n", groundTruth());
    }

    /** Every whitespace-separated word on the page, in reading order. */
    public List<String> words() {
        return Arrays.stream(text().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    public boolean isBlank() {
        return lines.stream().allMatch(line -> line.text().isBlank());
    }

    /** The page as a clean 8-bit gray scan at {@code dpi}. */
    public ScannedPage scan(int dpi) {
        return scan(Resolution.dpi(dpi));
    }

    /** The page as a clean 8-bit gray scan; anti-aliased black type on white. */
    public ScannedPage scan(Resolution resolution) {
        BufferedImage image = new BufferedImage(resolution.pixelsAcross(WIDTH_POINTS),
                resolution.pixelsDown(HEIGHT_POINTS), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(resolution.horizontal() / 72.0, resolution.vertical() / 72.0);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // the same metrics the layout was measured with, so lines end where the generator expected
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.BLACK);
            for (Line line : lines) {
                for (Run run : line.runs()) {
                    g.setFont(typeface.font(run.style()));
                    g.drawString(run.text(), (float) run.x(), (float) line.baseline());
                }
            }
        } finally {
            g.dispose();
        }
        return new ScannedPage(image, resolution, this, 0, 0);
    }

    /** How a run of text is set: size relative to the body size, and weight. */
    public enum Style {
        TITLE(5, true), HEADING(2, true), LABEL(0, true), BODY(0, false);

        final float extraPoints;
        final boolean bold;

        Style(float extraPoints, boolean bold) {
            this.extraPoints = extraPoints;
            this.bold = bold;
        }
    }

    /**
     * A font family ({@code Serif}, {@code SansSerif} or {@code Monospaced}) at a body size in points, drawn with
     * the font files the repository carries ({@link Fonts}), so pixels are the same on every machine.
     */
    public record Typeface(String family, float points) {
        public static final List<String> FAMILIES = List.of("Serif", "SansSerif", "Monospaced");
        public static final Typeface DEFAULT = new Typeface("Serif", 11);
        // advances at 1 unit = 1 point, anti-aliased, fractional: resolution-independent line widths
        private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

        public Typeface {
            if (!FAMILIES.contains(family)) throw new IllegalArgumentException("use a logical font family " + FAMILIES + ", not " + family);
            if (points < 6 || points > 24) throw new IllegalArgumentException("body size must be 6-24 pt, not " + points);
        }

        public float size(Style style) {
            return points + style.extraPoints;
        }

        public Font font(Style style) {
            return Fonts.font(family, style.bold, size(style));
        }

        /** Width of {@code text} in points. */
        public double width(String text, Style style) {
            return font(style).getStringBounds(text, MEASURE).getWidth();
        }

        /** Distance between baselines of consecutive lines in this style, in points. */
        public double leading(Style style) {
            return size(style) * 1.35;
        }
    }

    /** Some text at {@code x} points from the left edge, on its line's baseline. */
    public record Run(String text, double x, Style style) {
        public Run {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(style, "style");
        }
    }

    /**
     * One printed line: its runs (one for prose; several for labelled fields or table cells) and its text as a
     * transcriber would type it, cells separated by four spaces.
     *
     * @param baseline points from the top edge of the sheet
     */
    public record Line(double baseline, List<Run> runs, String text) {
        public Line {
            runs = List.copyOf(runs);
            Objects.requireNonNull(text, "text");
        }

        Line at(double newBaseline) {
            return new Line(newBaseline, runs, text);
        }
    }
}
