package org.chartvault.document;

import java.io.IOException;

/**
 * A page image that was left to be drawn on demand cannot be drawn: its source scan no longer reads the way it did
 * at ingest. The page's text and thumbnail are still there; what needs its image (the viewer, a searchable PDF)
 * does without it, as for a page whose image was never stored.
 */
public final class PageImageUnavailableException extends IOException {
    public PageImageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
