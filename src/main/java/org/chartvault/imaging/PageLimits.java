package org.chartvault.imaging;

import org.chartvault.Config;

/**
 * What a single uploaded file may hold before it is refused.
 *
 * @param maxPages         pages per file: a runaway page tree or a 10^9 /Count must not become 10^9 jobs
 * @param maxPixelsPerPage pixels of one page image (or one image on a PDF page), checked from headers before
 *                         anything is decoded: a 6 KB PNG can declare 10^10 pixels
 */
public record PageLimits(int maxPages, long maxPixelsPerPage) {
    public PageLimits {
        if (maxPages < 1) throw new IllegalArgumentException("maxPages must be at least 1, not " + maxPages);
        if (maxPixelsPerPage < 1_000_000L) {
            throw new IllegalArgumentException("maxPixelsPerPage must be at least one megapixel, not " + maxPixelsPerPage);
        }
    }

    public static PageLimits from(Config.Limits limits) {
        return new PageLimits(limits.maxPages(), limits.maxPixelsPerPage());
    }

    /** Refuses a page or image of {@code width} x {@code height} pixels when it is empty or over the limit. */
    public void checkPixels(long width, long height, String what) throws UnreadableFileException {
        if (width <= 0 || height <= 0) {
            throw new UnreadableFileException(UnreadableFileException.Reason.DAMAGED,
                    what + " declares an empty size (" + width + " x " + height + " pixels).");
        }
        if (width > maxPixelsPerPage || height > maxPixelsPerPage || width * height > maxPixelsPerPage) {
            throw new UnreadableFileException(UnreadableFileException.Reason.PAGE_TOO_LARGE,
                    what + " is " + width + " x " + height + " pixels (" + megapixels(width * height)
                            + " megapixels), more than the " + megapixels(maxPixelsPerPage) + " megapixels a page may have.");
        }
    }

    private static String megapixels(long pixels) {
        return pixels >= 10_000_000 ? Long.toString(pixels / 1_000_000) : String.format("%.1f", pixels / 1e6);
    }
}
