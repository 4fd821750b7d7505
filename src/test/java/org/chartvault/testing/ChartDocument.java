package org.chartvault.testing;

import org.chartvault.document.Indexing;

import java.util.List;

/** A chart document as printed: its pages in order, all carrying the same {@link Indexing}. */
public record ChartDocument(List<ChartPage> pages) {

    public ChartDocument {
        if (pages == null || pages.isEmpty()) throw new IllegalArgumentException("a document has at least one page");
        pages = List.copyOf(pages);
    }

    /** What an indexer should assign: MRN, patient, birth date, type, date of service, encounter. */
    public Indexing indexing() {
        return pages.get(0).indexing();
    }

    /** Every page as a clean gray scan at {@code dpi}. */
    public List<ScannedPage> scan(int dpi) {
        return pages.stream().map(page -> page.scan(dpi)).toList();
    }
}
