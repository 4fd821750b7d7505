package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * Pages asked for that stay out of the packet, and why, in words the clerk can act on (the authorization does
 * not name the category, the date of service is outside its range, the page is blank...).
 *
 * @param category the sensitive category that kept them out, or null when something else did
 */
public record ExcludedPages(String documentId, String documentType, LocalDate serviceDate, List<Integer> pages,
                            String category, String reason) {
    public ExcludedPages {
        pages = List.copyOf(pages);
    }
}
