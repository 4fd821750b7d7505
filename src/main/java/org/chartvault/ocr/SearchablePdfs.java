package org.chartvault.ocr;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentFiles;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageImageStore;
import org.chartvault.document.SearchablePdfMaker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a document's searchable PDF from its stored pages ({@link SearchablePdfWriter}) and stores it, streamed
 * through a temporary file: at ingest, after page edits, and (as {@link SearchablePdfMaker}) on first request for a
 * document filed without one. Built once and shared by all three.
 */
public final class SearchablePdfs implements SearchablePdfMaker {
    private final DocumentRepository documents;
    private final DocumentFiles files;
    private final SearchablePdfWriter writer;
    private final Path workDir;
    private final PageImageStore images;

    public SearchablePdfs(DocumentRepository documents, SearchablePdfWriter writer, Path workDir, PageImageStore images) {
        this.documents = documents;
        this.files = documents.files();
        this.writer = writer;
        this.workDir = workDir;
        this.images = images;
    }

    /** Writes it unless an earlier, interrupted run already did (pages do not change during processing). */
    public void writeIfMissing(Document document, List<PageContent> contents) throws IOException {
        if (!files.hasSearchablePdf(document.documentId())) write(document, contents, false);
    }

    /** Writes it anew: the pages were turned, reordered, split or merged. */
    public void write(Document document, List<PageContent> contents) throws IOException {
        write(document, contents, false);
    }

    /**
     * Made on first request: never over one stored meanwhile (a page edit writes the PDF of the pages as they are
     * now; this one may have been made from the pages before the edit).
     */
    @Override
    public void make(Document document) throws IOException {
        write(document, documents.pages(document), true);
    }

    /**
     * True when every page can go into the PDF from a stored image. Not so for a born-digital page ingested without
     * its page image: drawing it again for the PDF would cost what leaving it out saved, so such a document is
     * filed without its searchable PDF, which is made when first asked for.
     */
    public boolean imagesStored(Document document, List<PageContent> contents) throws IOException {
        for (PageContent content : contents) {
            if (content.isSearchable() && PageContent.SOURCE_TEXT_LAYER.equals(content.source())
                    && !files.hasPageImage(document.documentId(), content.number())) {
                return false;
            }
        }
        return true;
    }

    private void write(Document document, List<PageContent> contents, boolean ifAbsent) throws IOException {
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
            files.storeSearchablePdf(document.documentId(), pdf, ifAbsent);
        } finally {
            Files.deleteIfExists(pdf);
        }
    }
}
