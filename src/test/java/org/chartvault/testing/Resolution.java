package org.chartvault.testing;

/**
 * Dots per inch across and down a scanned page. Scanners are square (200, 300 DPI); a fine-mode fax is not
 * ({@link #FAX_FINE}: 204 x 196), so the two axes are kept apart.
 */
public record Resolution(int horizontal, int vertical) {

    /** Group 3 fax, fine mode: 8 dots per mm across, 7.7 lines per mm down. */
    public static final Resolution FAX_FINE = new Resolution(204, 196);

    public Resolution {
        // below 50 DPI nothing on a chart page is readable; above 1200 no office scanner goes
        if (horizontal < 50 || horizontal > 1200 || vertical < 50 || vertical > 1200) {
            throw new IllegalArgumentException("resolution must be 50-1200 DPI on both axes, not "
                    + horizontal + " x " + vertical);
        }
    }

    public static Resolution dpi(int dotsPerInch) {
        return new Resolution(dotsPerInch, dotsPerInch);
    }

    public boolean isSquare() {
        return horizontal == vertical;
    }

    /** Pixels across a sheet of this many points (1/72 in). */
    int pixelsAcross(double points) {
        return (int) Math.round(points * horizontal / 72.0);
    }

    /** Pixels down a sheet of this many points (1/72 in). */
    int pixelsDown(double points) {
        return (int) Math.round(points * vertical / 72.0);
    }

    @Override
    public String toString() {
        return isSquare() ? horizontal + " DPI" : horizontal + "x" + vertical + " DPI";
    }
}
