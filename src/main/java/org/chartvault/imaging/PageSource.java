package org.chartvault.imaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An uploaded original opened for reading page by page. Only the page asked for is decoded, so a 500-page file
 * never has more than one page image in memory. Not thread-safe: one reader per file.
 */
public interface PageSource extends AutoCloseable {

    /** Content types ChartVault reads; anything else is refused as unsupported. */
    String PDF = "application/pdf";
    String TIFF = "image/tiff";
    String PNG = "image/png";
    String JPEG = "image/jpeg";

    /**
     * Opens {@code file}, whose type was detected from its bytes as {@code contentType}. Checks what can be checked
     * without decoding pages: the password, the page count, and for image files every page's declared size.
     *
     * @throws UnreadableFileException when the file is encrypted, damaged, unsupported, or beyond the limits
     */
    static PageSource open(Path file, String contentType, PageLimits limits) throws UnreadableFileException {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableFileException(UnreadableFileException.Reason.DAMAGED, "The file is missing: " + file.getFileName());
        }
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case PDF -> PdfPageSource.open(file, limits);
            case TIFF, PNG, JPEG -> ImageFilePageSource.open(file, type, limits);
            default -> throw new UnreadableFileException(UnreadableFileException.Reason.UNSUPPORTED,
                    "ChartVault reads PDF, TIFF, PNG and JPEG files; this file is "
                            + (type.isEmpty() ? "of an unknown type" : type) + ".");
        };
    }

    /** Number of pages, at least 1. */
    int pageCount();

    /**
     * Decodes one page.
     *
     * @param number 1-based page number, up to {@link #pageCount()}
     * @throws UnreadableFileException when this page is damaged or too large; other pages may still be readable
     */
    SourcePage page(int number) throws UnreadableFileException;

    /**
     * As {@link #page(int)}, except that a born-digital page that shows nothing but its text comes with a small
     * preview instead of its page image (see {@link SourcePage#fullSize()}): ingest stores its text and thumbnail
     * and leaves the page image to be drawn from the original when someone needs it. Any other page is decoded in
     * full, so that nothing printed in its pixels (a scanned label, a barcode, a drawing) goes unread.
     */
    default SourcePage pageForIngest(int number) throws UnreadableFileException {
        return page(number);
    }

    @Override
    void close();
}
