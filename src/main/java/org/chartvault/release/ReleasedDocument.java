package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * A document as it goes into the packet: its pages in order, and the values the cover sheet and the accounting
 * show, frozen at release so the packet and the accounting stay what was actually sent.
 *
 * @param category the sensitive category it belongs to (released because the authorization names it), or null
 * @param part2    records under 42 CFR Part 2: its pages carry Part 2's redisclosure notice
 */
public record ReleasedDocument(String documentId, String documentType, LocalDate serviceDate, List<Integer> pages,
                               String category, boolean part2) {
    public ReleasedDocument {
        pages = List.copyOf(pages);
    }
}
