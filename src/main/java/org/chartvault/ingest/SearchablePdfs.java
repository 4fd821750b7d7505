package org.chartvault.ingest;

import org.chartvault.document.Document;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageImageStore;
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
    private final PageImageStore images;

    SearchablePdfs(ObjectStore store, SearchablePdfWriter writer, Path workDir, PageImageStore images) {
        this.store = store;
        this.writer = writer;
        this.workDir = workDir;
        this.images = images;
    }

    /** Writes it unless an earlier, interrupted run already did (pages do not change during processing). */
    void writeIfMissing(Document document, List<PageContent> contents) throws IOException {
        if (!store.exists(StorageKeys.searchablePdf(document.documentId()))) write(document, contents);
    }

    /** Writes it anew: the pages were turned, reordered, split or merged. */
    void write(Document document, List<PageContent> contents) throws IOException {
        Path pdf = Files.createTempFile(workDir, "searchable-", ".pdf");
        // a born-digital page with no stored image is drawn from its scan for the PDF, and not stored
        try (PageImageStore.Drawing drawing = images.drawing()) {
            List<SearchablePdfWriter.Page> pages = new ArrayList<>();
            for (PageContent content : contents) {
                if (!content.isSearchable()) continue;
                pages.add(new SearchablePdfWriter.Page(content, () -> drawing.image(document, content.number())));
            }
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
