package org.chartvault.ocr;

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
}
