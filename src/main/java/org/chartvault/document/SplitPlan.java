package org.chartvault.document;

import java.util.List;

/**
 * Which pages of a scanned stream (1-based numbers in the file) make which new document. Stored before the first of
 * them is made ({@link DocumentFiles#saveSplitPlan}), so a rerun after a crash finishes the same documents.
 */
public record SplitPlan(List<Piece> pieces) {
    public SplitPlan {
        pieces = List.copyOf(pieces);
    }

    public record Piece(String documentId, List<Integer> pages) {
        public Piece {
            pages = List.copyOf(pages);
        }
    }
}
