package org.chartvault.release;

import java.awt.Rectangle;

/**
 * A box to black out on one page, in the pixels of the stored page image (origin top left), as the viewer
 * draws it over {@code GET /api/documents/{id}/pages/{n}/image}.
 */
public record Redaction(String documentId, int page, int x, int y, int width, int height) {

    public Redaction {
        if (documentId == null || documentId.isBlank()) {
            throw new InvalidReleaseException("bad-redaction", "Every redaction needs the documentId of its page.");
        }
        if (page < 1) throw new InvalidReleaseException("bad-redaction", "A redaction's page starts at 1, not " + page + ".");
        if (width < 1 || height < 1) {
            throw new InvalidReleaseException("bad-redaction", "A redaction box needs a width and a height of at least one pixel.");
        }
        if (x < 0 || y < 0) {
            throw new InvalidReleaseException("bad-redaction", "A redaction box starts inside the page: x and y are 0 or more.");
        }
    }

    public boolean isOn(String otherDocumentId, int otherPage) {
        return documentId.equals(otherDocumentId) && page == otherPage;
    }

    public Rectangle box() {
        return new Rectangle(x, y, width, height);
    }
}
