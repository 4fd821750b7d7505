package org.chartvault.document;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A run of a document's pages that lie in one source scan, as the API shows where a document came from.
 *
 * @param sha256 the source scan ({@code originals/<sha256>}); null when not recorded
 * @param pages  the pages' numbers in that scan, in the document's order; null when not recorded
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SourceScan(String sha256, List<Integer> pages) {
    public SourceScan {
        pages = pages == null ? null : List.copyOf(pages);
    }
}
