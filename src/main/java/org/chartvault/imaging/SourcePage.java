package org.chartvault.imaging;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;


/**
 * One page as it came out of the uploaded file, before it is normalised: an 8-bit gray image with square pixels
 * at {@code dpi}, and for a born-digital PDF page the words of its text layer.
 *
 * @param number      1-based page number within the file
 * @param image       packed 8-bit gray ({@code TYPE_BYTE_GRAY}), square pixels, as the page is displayed
 * @param dpi         resolution of {@code image}
 * @param bitonal     the original page was black and white (fax, CCITT, JBIG2): store it as 1-bit again
 * @param origin      how the image was obtained
 * @param textLayer   words of a real PDF text layer in {@code image} pixels (confidence 100); empty otherwise
 * @param skewRemoved degrees clockwise the displayed page was turned by taking its scanned image straight
 *                    (a scan placed at a slant in the PDF); 0 for nearly every page
 * @param notes       what a person checking the page should know, e.g. that the resolution was estimated
 * @param fullSize    null when {@code image} is the page at {@code dpi}; for a born-digital page read without its
 *                    page image, the size that image has at {@code dpi} ({@code textLayer} boxes are in its pixels)
 *                    while {@code image} is only a small preview, enough for a thumbnail
 */
public record SourcePage(int number, BufferedImage image, int dpi, boolean bitonal, Origin origin, List<Word> textLayer,
                         double skewRemoved, List<String> notes, Size fullSize) {

    /** Width and height in pixels. */
    public record Size(int width, int height) {
        public Size {
            if (width < 1 || height < 1) throw new IllegalArgumentException("a page is at least 1 x 1 pixels, not " + width + " x " + height);
        }
    }

    public SourcePage(int number, BufferedImage image, int dpi, boolean bitonal, Origin origin, List<Word> textLayer,
                      double skewRemoved, List<String> notes) {
        this(number, image, dpi, bitonal, origin, textLayer, skewRemoved, notes, null);
    }

    /** Where a page image came from. */
    public enum Origin {
        /** A page of a TIFF, PNG or JPEG file. */
        IMAGE_FILE,
        /** The one scanned image that fills a PDF page, taken at its own resolution. */
        PDF_SCANNED_IMAGE,
        /** A PDF page rendered at 300 DPI because it holds more than one scanned image, or vector drawings. */
        PDF_RENDERED,
        /** A born-digital PDF page: rendered for display, its text taken from the text layer, not OCR'd. */
        PDF_TEXT_LAYER
    }

    public SourcePage {
        if (number < 1) throw new IllegalArgumentException("page numbers start at 1, not " + number);
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(origin, "origin");
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("page images are 8-bit gray, not image type " + image.getType());
        }
        if (dpi < 1) throw new IllegalArgumentException("dpi must be positive, not " + dpi);
        textLayer = textLayer == null ? List.of() : List.copyOf(textLayer);
        notes = notes == null ? List.of() : List.copyOf(notes);
        if (fullSize != null && origin != Origin.PDF_TEXT_LAYER) {
            throw new IllegalArgumentException("only a born-digital page is read without its page image");
        }
    }

    /** True when {@link #image()} is a preview: the page image is made from the original when someone needs it. */
    public boolean isPreview() {
        return fullSize != null;
    }

    /** True for a born-digital page whose text is taken from the PDF, so it is not OCR'd. */
    public boolean hasTextLayer() {
        return origin == Origin.PDF_TEXT_LAYER;
    }
}
