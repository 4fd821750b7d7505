package org.chartvault.testing;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * The image a scanner (or fax) made of a {@link ChartPage}, and how it was turned on the way.
 * Images are 8-bit gray ({@code TYPE_BYTE_GRAY}) or bitonal ({@code TYPE_BYTE_BINARY}, 0 = black),
 * the two kinds scanners deliver for charts. Change one with {@link #apply(Degradation)}.
 *
 * @param printed  what was on the paper: the ground truth ({@link ChartPage#blank()} for an empty sheet)
 * @param rotation degrees (0, 90, 180 or 270) the page was turned clockwise; turn it back by as much to read it
 * @param skew     degrees the page sits crooked, clockwise positive; a deskew should undo about as much
 */
public record ScannedPage(BufferedImage image, Resolution resolution, ChartPage printed, int rotation, double skew) {

    public ScannedPage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(printed, "printed");
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY && image.getType() != BufferedImage.TYPE_BYTE_BINARY) {
            throw new IllegalArgumentException("a scanned page is 8-bit gray or bitonal, not image type " + image.getType());
        }
        if (rotation % 90 != 0 || rotation < 0 || rotation >= 360) {
            throw new IllegalArgumentException("rotation is 0, 90, 180 or 270 degrees, not " + rotation);
        }
    }

    public boolean isBitonal() {
        return image.getType() == BufferedImage.TYPE_BYTE_BINARY;
    }

    /** The text printed on the page, line by line (empty for a blank sheet). */
    public List<String> groundTruth() {
        return printed.groundTruth();
    }

    public ScannedPage apply(Degradation degradation) {
        return degradation.applyTo(this);
    }

    /** This scan with another image (and resolution), same paper, same turns. */
    public ScannedPage withImage(BufferedImage newImage, Resolution newResolution) {
        return new ScannedPage(newImage, newResolution, printed, rotation, skew);
    }

    ScannedPage withImage(BufferedImage newImage) {
        return withImage(newImage, resolution);
    }
}
