package org.chartvault.ingest;

import org.chartvault.document.Document;
import org.chartvault.document.PageContent;
import org.chartvault.document.StorageKeys;
import org.chartvault.ocr.SearchablePdfWriter;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a document's searchable PDF from its stored pages and stores it, streamed through a temporary file. */
final class SearchablePdfs {
    private final ObjectStore store;
    private final SearchablePdfWriter writer;
    private final Path workDir;

    SearchablePdfs(ObjectStore store, SearchablePdfWriter writer, Path workDir) {
        this.store = store;
        this.writer = writer;
        this.workDir = workDir;
    }

    /** Writes it unless an earlier, interrupted run already did (pages do not change during processing). */
    void writeIfMissing(Document document, List<PageContent> contents) throws IOException {
        if (!store.exists(StorageKeys.searchablePdf(document.documentId()))) write(document, contents);
    }

    /** Writes it anew: the pages were turned, reordered, split or merged. */
    void write(Document document, List<PageContent> contents) throws IOException {
        List<SearchablePdfWriter.Page> pages = new ArrayList<>();
        for (PageContent content : contents) {
            if (!content.isSearchable()) continue;
            String image = StorageKeys.pageImage(document.documentId(), content.number());
            pages.add(new SearchablePdfWriter.Page(content, () -> store.getBytes(image)));
        }
        Path pdf = Files.createTempFile(workDir, "searchable-", ".pdf");
        try {
            try (OutputStream out = Files.newOutputStream(pdf)) {
                writer.write(pages, out);
            }
            try (InputStream in = Files.newInputStream(pdf)) {
                store.put(StorageKeys.searchablePdf(document.documentId()), in, Files.size(pdf), "application/pdf");
            }
        } finally {
            Files.deleteIfExists(pdf);
        }
    }
}
