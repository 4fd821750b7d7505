package org.chartvault.imaging;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Recognises the blank sheets a duplex scanner produces (backs of single-sided pages): near white, perhaps with
 * specks of dust, grain, a dark scanner edge or faint show-through.
 * <p>
 * The page is reduced to about 150 DPI by averaging and pixels darker than {@value #DARK} are taken as ink. Rows
 * and columns more than {@value #EDGE_SHARE} ink are scanner edges, borders or folds and are left out (unless
 * there are so many that the page is simply dark). What remains is split into connected marks: specks of dust or
 * grain are marks of a few pixels, a printed or written character is a mark of dozens. The page is blank when the
 * marks of at least {@value #MIN_MARK} pixels add up to less than {@value #MAX_INK} pixels, about two printed
 * characters. The bar is deliberately low: a blank page wrongly OCR'd costs a second, a page with a single word
 * wrongly called blank is left out of search.
 */
public final class BlankPageDetector {
    private static final int WORKING_DPI = 150;
    private static final int DARK = 160;
    private static final double MARGIN = 0.015;
    private static final double EDGE_SHARE = 0.3;
    /** A page with more edge-like lines than this share is dark or framed, not a blank sheet. */
    private static final double MAX_EDGE_LINES = 0.1;
    private static final int MIN_MARK = 8;
    private static final int MAX_INK = 60;

    public boolean isBlank(BufferedImage gray, int dpi) {
        BufferedImage small = gray;
        if (dpi > WORKING_DPI * 1.5) {
            double factor = (double) WORKING_DPI / dpi;
            small = PageImages.scale(gray, factor, factor);
        }
        byte[] pixels = PageImages.pixels(small);
        int width = small.getWidth();
        int height = small.getHeight();
        boolean[] ink = new boolean[pixels.length];
        int[] inkInRow = new int[height];
        int[] inkInColumn = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if ((pixels[y * width + x] & 0xff) < DARK) {
                    ink[y * width + x] = true;
                    inkInRow[y]++;
                    inkInColumn[x]++;
                }
            }
        }
        int edgeRows = 0;
        int edgeColumns = 0;
        int marginX = (int) (width * MARGIN);
        int marginY = (int) (height * MARGIN);
        for (int y = 0; y < height; y++) {
            boolean edge = inkInRow[y] > EDGE_SHARE * width;
            if (edge) edgeRows++;
            if (edge || y < marginY || y >= height - marginY) clearRow(ink, y, width);
        }
        for (int x = 0; x < width; x++) {
            boolean edge = inkInColumn[x] > EDGE_SHARE * height;
            if (edge) edgeColumns++;
            if (edge || x < marginX || x >= width - marginX) clearColumn(ink, x, width, height);
        }
        if (edgeRows > MAX_EDGE_LINES * height || edgeColumns > MAX_EDGE_LINES * width) return false;
        return inkInMarks(ink, width, height) < MAX_INK;
    }

    private static void clearRow(boolean[] ink, int y, int width) {
        Arrays.fill(ink, y * width, (y + 1) * width, false);
    }

    private static void clearColumn(boolean[] ink, int x, int width, int height) {
        for (int y = 0; y < height; y++) ink[y * width + x] = false;
    }

    /** Pixels in 8-connected marks of at least MIN_MARK pixels; stops counting once the page is clearly not blank. */
    private static long inkInMarks(boolean[] ink, int width, int height) {
        int[] stack = new int[1024];
        long total = 0;
        for (int start = 0; start < ink.length && total < MAX_INK; start++) {
            if (!ink[start]) continue;
            ink[start] = false;
            int size = 0;
            int top = 0;
            stack[top++] = start;
            while (top > 0) {
                int i = stack[--top];
                size++;
                int x = i % width;
                int y = i / width;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= height) continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if (nx < 0 || nx >= width) continue;
                        int n = ny * width + nx;
                        if (!ink[n]) continue;
                        ink[n] = false;
                        if (top == stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
                        stack[top++] = n;
                    }
                }
            }
            if (size >= MIN_MARK) total += size;
        }
        return total;
    }
}
