package org.chartvault.release;

import java.util.List;
import java.util.TreeSet;

/**
 * One document asked for: all its readable pages ({@code pages} null), or the pages named, in page order.
 */
public record ReleaseItem(String documentId, List<Integer> pages) {

    public ReleaseItem {
        if (documentId == null || documentId.isBlank()) {
            throw new InvalidReleaseException("bad-item", "Every item needs a documentId.");
        }
        if (pages != null) {
            if (pages.isEmpty()) {
                throw new InvalidReleaseException("bad-item", "Item " + documentId
                        + " names no pages; leave 'pages' out to release the whole document.");
            }
            for (Integer page : pages) {
                if (page == null || page < 1) {
                    throw new InvalidReleaseException("bad-item", "Page numbers start at 1; item " + documentId + " has " + page + ".");
                }
            }
            pages = List.copyOf(new TreeSet<>(pages));
        }
    }

    public boolean isWholeDocument() {
        return pages == null;
    }
}
