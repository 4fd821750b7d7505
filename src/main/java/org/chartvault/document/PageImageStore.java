package org.chartvault.document;

import org.chartvault.imaging.PageImages;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.SourcePage;
import org.chartvault.imaging.UnreadableFileException;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way to a document's page image ({@code documents/<id>/pages/<n>.png}). Most pages have theirs from ingest.
 * A born-digital page that shows nothing but its text has none at first (drawing and storing it was most of a
 * born-digital page's ingest time, and few such pages are ever looked at): the first reader draws it from the
 * page's source scan, as ingest would have drawn it (same size, resolution and pixels, so the word boxes fit), and
 * stores it under the page's key, where the store checks it like any page. From then on it is an ordinary stored
 * page image:
 * <ul>
 *   <li>it is stored under the document's lock, and only if the page is still the one it was drawn from: a page
 *       reordered, split off or turned meanwhile is drawn again as it is now (or, gone, has no image);</li>
 *   <li>legal hold: when the document is held, the new object is put under the store's legal hold too (the hold's
 *       own pass holds every object under the document; this covers an image drawn after that pass);</li>
 *   <li>deletion and retention remove everything under the document; the record goes first, under the same lock,
 *       so an image is never stored for a document deleted while it was drawn.</li>
 * </ul>
 * {@link #drawing()} gives page images without storing them, for the searchable PDF written at ingest.
 */
public final class PageImageStore {
    private static final Logger log = LoggerFactory.getLogger(PageImageStore.class);

    private final ObjectStore store;
    private final DocumentRepository documents;
    private final PageLimits limits;
    private final Path workDir;
    /** One drawing per page at a time in this process; two nodes drawing the same page store the same bytes. */
    private final Map<String, Object> drawingNow = new ConcurrentHashMap<>();
    /** Drawn and not yet stored: a reader who waited for the drawing takes it instead of drawing the page again. */
    private final Map<String, Drawn> drawnNotStored = new ConcurrentHashMap<>();

    public PageImageStore(ObjectStore store, DocumentRepository documents, PageLimits limits, Path workDir) {
        this.store = store;
        this.documents = documents;
        this.limits = limits;
        this.workDir = workDir;
    }

    /** The page's image as stored, drawn and stored first when it has none yet. */
    public InputStream open(String documentId, int number) throws IOException {
        String key = StorageKeys.pageImage(documentId, number);
        try {
            return store.get(key);
        } catch (ObjectNotFoundException e) {
            return new ByteArrayInputStream(png(documentId, number));
        }
    }

    /** As {@link #open}, all bytes. */
    public byte[] png(String documentId, int number) throws IOException {
        String key = StorageKeys.pageImage(documentId, number);
        for (int attempt = 1; attempt <= DRAW_ATTEMPTS; attempt++) {
            if (store.exists(key)) return store.getBytes(key);
            Drawn drawn = draw(documentId, number, key);
            if (drawn == null) return store.getBytes(key); // drawn and stored by another reader meanwhile
            // Stored under the document's lock, and only if the page is still the one drawn: a reorder, split or turn
            // of the page (which take that lock) moves the page's objects, and an image drawn from the page as it
            // was must not land under its number after them. A hold placed or released, or the document deleted,
            // is seen here too, so the new image is held exactly when the document is, and never outlives it.
            try (Locks.Held held = documents.lock(documentId)) {
                if (store.exists(key)) return store.getBytes(key);
                Document now = documents.find(documentId).orElseThrow(() -> new ObjectNotFoundException(key));
                PageContent content = documents.findPage(documentId, number).orElseThrow(() -> new ObjectNotFoundException(key));
                if (drawn.isOf(now, content, number)) {
                    store.putIfAbsent(key, drawn.png(), "image/png");
                    if (now.isHeld()) store.setLegalHold(key, true);
                    log.debug("page image {} drawn on first request", key);
                    return drawn.png();
                }
            } finally {
                drawnNotStored.remove(key, drawn);
            }
            log.info("Page {} of document {} changed while its image was drawn; drawing it again", number, documentId);
        }
        throw new IOException("page " + number + " of document " + documentId + " kept changing while its image was "
                + "drawn; try again");
    }

    /** Tries made to draw a page whose pages are being edited meanwhile. */
    private static final int DRAW_ATTEMPTS = 3;

    /** An image drawn from the page as it was: which scan page, and the page's size, resolution and turn. */
    private record Drawn(byte[] png, ScanPage scan, PageContent content) {
        boolean isOf(Document document, PageContent now, int number) {
            ScanPage scanNow = document.scanOf(number);
            return java.util.Objects.equals(scan, scanNow) && now.source().equals(content.source())
                    && now.width() == content.width() && now.height() == content.height() && now.dpi() == content.dpi()
                    && now.rotation() == content.rotation();
        }
    }

    /** Draws the page unless another reader in this process is drawing it; null when that one stored it meanwhile. */
    private Drawn draw(String documentId, int number, String key) throws IOException {
        Object lock = drawingNow.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                if (store.exists(key)) return null;
                Drawn ready = drawnNotStored.get(key);
                if (ready != null) return ready; // checked against the page again before it is stored
                Document document = documents.find(documentId).orElseThrow(() -> new ObjectNotFoundException(key));
                PageContent content = documents.findPage(documentId, number).orElseThrow(() -> new ObjectNotFoundException(key));
                ScanPage scan = document.scanOf(number);
                try (Drawing drawing = drawing()) {
                    Drawn drawn = new Drawn(drawing.png(document, content, number), scan, content);
                    drawnNotStored.put(key, drawn);
                    return drawn;
                } catch (PageImageUnavailableException e) {
                    // answered as a page with no image (404), not as storage trouble
                    log.info("Page image {} cannot be drawn: {}", key, e.getMessage());
                    throw new ObjectNotFoundException(key);
                }
            }
        } finally {
            drawingNow.remove(key, lock);
        }
    }

    /** Draws page images from source scans without storing them; each scan is fetched and opened once. */
    public Drawing drawing() {
        return new Drawing();
    }

    /** Page images of documents, stored or drawn; close it to let go of the scans it opened. */
    public final class Drawing implements AutoCloseable {
        private final Map<String, Path> files = new HashMap<>();
        private final Map<String, PageSource> sources = new HashMap<>();

        private Drawing() {
        }

        /** The page's stored image, or the one drawn from its source scan, decoded. */
        public BufferedImage image(Document document, int number) throws IOException {
            String key = StorageKeys.pageImage(document.documentId(), number);
            if (store.exists(key)) {
                BufferedImage stored = ImageIO.read(new ByteArrayInputStream(store.getBytes(key)));
                if (stored == null) throw new IOException("page image " + key + " is not a PNG");
                return stored;
            }
            return draw(document, number);
        }

        /** The page's image as ingest would have stored it, drawn from the page as {@code content} describes it. */
        byte[] png(Document document, PageContent content, int number) throws IOException {
            return PageImages.encodePng(draw(document, content, number), content.dpi());
        }

        private BufferedImage draw(Document document, int number) throws IOException {
            PageContent content = documents.findPage(document.documentId(), number)
                    .orElseThrow(() -> new ObjectNotFoundException(StorageKeys.pageImage(document.documentId(), number)));
            return draw(document, content, number);
        }

        /** Only a born-digital page has no stored image by design; any other missing image stays missing. */
        private BufferedImage draw(Document document, PageContent content, int number) throws IOException {
            String key = StorageKeys.pageImage(document.documentId(), number);
            ScanPage scan = document.scanOf(number);
            if (!PageContent.SOURCE_TEXT_LAYER.equals(content.source()) || scan == null || !scan.isKnown()) {
                throw new ObjectNotFoundException(key);
            }
            SourcePage page;
            try {
                page = source(scan.sha256()).page(scan.page());
            } catch (UnreadableFileException e) {
                throw new PageImageUnavailableException("page " + scan.page() + " of scan " + scan.sha256()
                        + " cannot be drawn again: " + e.getMessage(), e);
            }
            BufferedImage image = page.image();
            if (content.rotation() != 0) image = PageImages.rotateQuarterTurns(image, content.rotation() / 90);
            if (!page.hasTextLayer() || image.getWidth() != content.width() || image.getHeight() != content.height()
                    || page.dpi() != content.dpi()) {
                // the scan drew differently from when the page was read (another PDFBox, other limits): the word
                // boxes would not fit this image, so it is not passed off as the page
                throw new PageImageUnavailableException("page " + number + " of document " + document.documentId() + " draws at "
                        + image.getWidth() + "x" + image.getHeight() + " " + page.dpi() + " DPI, not as read ("
                        + content.width() + "x" + content.height() + " " + content.dpi() + " DPI)", null);
            }
            return image;
        }

        private PageSource source(String sha256) throws IOException {
            PageSource open = sources.get(sha256);
            if (open != null) return open;
            Path file = Files.createTempFile(workDir, "scan-", ".pdf");
            files.put(sha256, file);
            try (InputStream in = store.get(StorageKeys.original(sha256))) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                open = PageSource.open(file, PageSource.PDF, limits);
            } catch (UnreadableFileException e) {
                throw new PageImageUnavailableException("scan " + sha256 + " cannot be read again: " + e.getMessage(), e);
            }
            sources.put(sha256, open);
            return open;
        }

        @Override
        public void close() {
            sources.values().forEach(PageSource::close);
            for (Path file : files.values()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("could not delete {}", file, e);
                }
            }
        }
    }
}
