package org.chartvault.ocr;

import java.time.Duration;
import java.util.Locale;

/**
 * A page could not be processed (OCR did not finish in time, Tesseract failed, the worker pool is shut down).
 * The message is a sentence for the person working the review queue; the document should be marked failed or
 * flagged, the original is kept.
 */
public class PageFailedException extends Exception {
    public PageFailedException(String message) {
        super(message);
    }

    public PageFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A duration as people say it: "120 seconds", "0.5 seconds". */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " seconds"
                : String.format(Locale.ROOT, "%.1f seconds", millis / 1000.0);
    }
}
