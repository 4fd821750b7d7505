package org.chartvault.document;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where one page of a document lies in a file stored on upload: the source scan ({@code originals/<sha256>}) and
 * the page's 1-based number in it. For a document stored before ChartVault recorded this, what could not be known
 * for certain is null (see {@link #isKnown()}): its page is then copied from the page image ChartVault kept, never
 * guessed out of the scan.
 *
 * @param sha256 the source scan; null only for a page a reviewer's join brought in back then
 * @param page   the page's number in that scan, or null when not recorded
 */
public record ScanPage(String sha256, Integer page) {

    public ScanPage {
        if (page != null && page < 1) throw new IllegalArgumentException("page numbers start at 1, not " + page);
        if (sha256 == null && page != null) throw new IllegalArgumentException("a page number needs its scan");
    }

    /** The scan and the page in it are both known: the page can be copied out of the scan itself. */
    @JsonIgnore
    public boolean isKnown() {
        return sha256 != null && page != null;
    }
}
