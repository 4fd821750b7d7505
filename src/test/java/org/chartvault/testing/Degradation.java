package org.chartvault.testing;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Something a scanner, a fax line or a careless operator does to a page image. Degradations compose with
 * {@link #then}; each returns a new {@link ScannedPage} and leaves its input untouched. Random ones take a
 * seed, so the same seed gives the same pixels.
 *
 * <pre>{@code
 * Degradation officeScanner = Degradation.skew(1.5).then(Degradation.gaussianNoise(8, seed));
 * Degradation fax = Degradation.fax().then(Degradation.saltAndPepper(0.001, seed));
 * ScannedPage scan = page.scan(300).apply(Degradation.rotate(90).then(officeScanner));
 * }</pre>
 *
 * Noise, blur and JPEG make a bitonal page gray; skew, rotation, salt and pepper and resampling keep a bitonal
 * page bitonal.
 */
@FunctionalInterface
public interface Degradation {

    ScannedPage applyTo(ScannedPage page);

    default Degradation then(Degradation next) {
        return page -> next.applyTo(applyTo(page));
    }

    static Degradation none() {
        return page -> page;
    }

    /** Turns the page clockwise by a quarter, half or three-quarter turn (fed in sideways or upside down). */
    static Degradation rotate(int degreesClockwise) {
        int degrees = Math.floorMod(degreesClockwise, 360);
        if (degrees % 90 != 0) throw new IllegalArgumentException("rotate by a multiple of 90 degrees; use skew for " + degreesClockwise);
        return page -> degrees == 0 ? page : new ScannedPage(Pixels.rotateQuarters(page.image(), degrees),
                degrees % 180 == 0 ? page.resolution() : new Resolution(page.resolution().vertical(), page.resolution().horizontal()),
                page.printed(), (page.rotation() + degrees) % 360, page.skew());
    }

    /** Sets the page crooked by a small angle (clockwise positive), about its centre, on a canvas of the same size. */
    static Degradation skew(double degrees) {
        if (Math.abs(degrees) > 15) throw new IllegalArgumentException("skew is a small angle (at most 15 degrees), not " + degrees);
        return page -> new ScannedPage(Pixels.skew(page.image(), degrees), page.resolution(), page.printed(),
                page.rotation(), page.skew() + degrees);
    }

    /** Sensor noise: adds normally distributed noise with {@code sigma} gray levels (4 is mild, 20 is rough). */
    static Degradation gaussianNoise(double sigma, long seed) {
        return page -> page.withImage(Pixels.gaussianNoise(page.image(), sigma, seed));
    }

    /** Impulse noise: sets {@code fraction} of the pixels (e.g. 0.002) to pure black or white. */
    static Degradation saltAndPepper(double fraction, long seed) {
        if (fraction < 0 || fraction > 0.5) throw new IllegalArgumentException("salt and pepper fraction must be 0-0.5, not " + fraction);
        return page -> page.withImage(Pixels.saltAndPepper(page.image(), fraction, seed));
    }

    /** Out-of-focus or dirty glass: Gaussian blur of {@code sigma} pixels (0.8 is soft, 2 is hard to read). */
    static Degradation blur(double sigma) {
        if (sigma <= 0 || sigma > 10) throw new IllegalArgumentException("blur sigma must be above 0 and at most 10 pixels, not " + sigma);
        return page -> page.withImage(Pixels.blur(page.image(), sigma));
    }

    /** Black-and-white scan: gray levels below {@code threshold} (0-255) become black, the rest white. */
    static Degradation binarize(int threshold) {
        if (threshold < 1 || threshold > 255) throw new IllegalArgumentException("threshold must be 1-255, not " + threshold);
        return page -> page.withImage(Pixels.binarize(page.image(), threshold));
    }

    /** Rescans at another resolution (e.g. 200 DPI, or {@link Resolution#FAX_FINE}); the physical size stays. */
    static Degradation resample(Resolution target) {
        return page -> page.withImage(Pixels.resample(page.image(),
                (double) target.horizontal() / page.resolution().horizontal(),
                (double) target.vertical() / page.resolution().vertical()), target);
    }

    /** A fine-mode fax: 204 x 196 DPI, bitonal. */
    static Degradation fax() {
        return resample(Resolution.FAX_FINE).then(binarize(150));
    }

    /** A JPEG round trip at {@code quality} (0-1; 0.3 shows blocks and ringing). Makes a bitonal page gray. */
    static Degradation jpeg(float quality) {
        return page -> {
            byte[] bytes = ChartFiles.jpeg(page, quality);
            try {
                return page.withImage(Pixels.gray(ImageIO.read(new ByteArrayInputStream(bytes))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
