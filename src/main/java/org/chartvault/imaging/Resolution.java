package org.chartvault.imaging;

/**
 * The resolution of a page image, from its metadata when that is believable, else estimated from its size.
 * Scanners and phone apps write 72 or 96 DPI into 300 DPI scans, or nothing at all; taken at its word, a
 * 4000 pixel wide scan "at 72 DPI" would be a page 55 inches wide and would never be scaled for OCR.
 *
 * @param x    pixels per inch across
 * @param y    pixels per inch down (differs from x for standard-resolution fax, 204 x 98 or 204 x 196)
 * @param note why the resolution was estimated, or null when the metadata was used
 */
record Resolution(double x, double y, String note) {
    /** Short side of a US letter page; A4 (8.27 in) is within 3 %. Scanned charts are one or the other. */
    static final double PAGE_SHORT_SIDE_INCHES = 8.5;
    /** No paper a hospital scans has a short side beyond this (tabloid is 11 in): more means the DPI is wrong. */
    static final double MAX_SHORT_SIDE_INCHES = 14;
    static final double MIN_DPI = 50;
    static final double MAX_DPI = 2400;
    /** Bounds for an estimate, so that a thumbnail-sized or poster-sized image is not scaled absurdly. */
    static final int MIN_ESTIMATE = 75;
    static final int MAX_ESTIMATE = 600;

    /**
     * @param dpiX declared horizontal resolution, or NaN when the file says nothing
     * @param dpiY declared vertical resolution, or NaN
     */
    static Resolution of(int width, int height, double dpiX, double dpiY) {
        if (plausible(width, height, dpiX, dpiY)) return new Resolution(dpiX, dpiY, null);
        int estimate = (int) Math.round(Math.min(width, height) / PAGE_SHORT_SIDE_INCHES);
        estimate = Math.max(MIN_ESTIMATE, Math.min(MAX_ESTIMATE, estimate));
        String declared = Double.isNaN(dpiX) || Double.isNaN(dpiY) ? "The image does not state its resolution"
                : String.format("The image claims %.0f x %.0f DPI, which would make the page %.1f x %.1f inches",
                dpiX, dpiY, width / dpiX, height / dpiY);
        return new Resolution(estimate, estimate,
                declared + "; assumed a letter/A4 page, " + estimate + " DPI.");
    }

    private static boolean plausible(int width, int height, double dpiX, double dpiY) {
        if (!(dpiX >= MIN_DPI && dpiX <= MAX_DPI && dpiY >= MIN_DPI && dpiY <= MAX_DPI)) return false;
        double shortSide = Math.min(width / dpiX, height / dpiY);
        return shortSide <= MAX_SHORT_SIDE_INCHES;
    }

    /** True when the pixels are not square (by more than 2 %) and must be resampled. */
    boolean anisotropic() {
        return Math.abs(x - y) > 0.02 * Math.max(x, y);
    }

    /** The resolution both axes have after resampling to square pixels: the finer one, so nothing is lost. */
    int squareDpi() {
        return (int) Math.round(Math.max(x, y));
    }
}
