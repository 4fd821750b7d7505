package org.chartvault.originals;

import org.chartvault.Sha256;
import org.chartvault.capture.CaptureRecord;
import org.chartvault.capture.CaptureService;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.OriginalOwners;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.document.SourceScan;
import org.chartvault.document.DocumentFiles;
import org.chartvault.imaging.PageCopies;
import org.chartvault.imaging.PageLimits;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What leaves the archive as a document's original, and the uploaded scans behind it.
 *
 * <p>A document that is an uploaded file whole and unchanged hands out that file, byte for byte
 * ({@code originals/<sha256>}). One cut from a larger scan (at separator sheets or by a reviewer), reordered or
 * joined from several hands out a PDF of its own pages only, copied out of the scans at their own quality
 * ({@link PageCopies}), stored once under the document ({@link DocumentFiles#storeOwnOriginal}) and recorded in it; every
 * page names the scan and page it came from. The scans themselves stay stored unchanged, for the roles that manage
 * capture ({@link #source}).
 *
 * <p>Documents stored before pages named their scan are completed on first need ({@link #settled}) and by a pass at
 * start ({@link #settleAll}): what cannot be known for certain about them is left unknown, and such a page is copied
 * from the image ChartVault kept of it, never guessed out of the scan.
 */
public final class Originals {
    private static final Logger log = LoggerFactory.getLogger(Originals.class);
    private static final String PDF = "application/pdf";
    /** How a reviewer's split named the document it made, before pages named their scan. */
    private static final Pattern REVIEWER_SPLIT = Pattern.compile(".* \\(split at page \\d+\\)$");

    private final DocumentFiles files;
    private final DocumentRepository documents;
    private final OriginalOwners owners;
    private final CaptureService capture;
    private final DocumentEvents events;
    private final Locks locks;
    private final PageCopies copies;
    private final Path workDir;

    public Originals(DocumentRepository documents, OriginalOwners owners, CaptureService capture,
                     DocumentEvents events, Locks locks, PageLimits limits, Path workDir) {
        this.files = documents.files();
        this.documents = documents;
        this.owners = owners;
        this.capture = capture;
        this.events = events;
        this.locks = locks;
        this.copies = new PageCopies(limits);
        this.workDir = workDir;
    }

    /** Opens what the document hands out as its original (see {@link #settled}); the caller closes the stream. */
    public InputStream open(Document document) throws IOException {
        Document settled = settled(document);
        // A record still without scans here is an upload being processed before it had them (see complete): whole.
        boolean upload = settled.isWholeUpload() || !settled.isScanRecorded();
        return upload ? files.openUpload(settled.sha256()) : files.openOwnOriginal(settled.documentId(), settled.sha256());
    }

    /**
     * The document with its original recorded and stored. A record from before pages named their scan is completed
     * first, once: two callers racing make one file, and both get the completed record.
     */
    public Document settled(Document document) throws IOException {
        if (document.isScanRecorded()) return document;
        String id = document.documentId();
        return locks.withLock("own-original:" + id, () -> {
            Document current = documents.find(id).orElseThrow(() -> DocumentFiles.recordNotFound(id));
            if (current.isScanRecorded()) return current;
            return complete(current);
        });
    }

    /**
     * The original for a document whose pages become {@code pages} (turned, reordered, cut, joined): the one it has
     * while they are the same pages of the same scans in the same order, else a new file of them. A page whose place
     * in its scan is not known cannot be told from another, so a document with one gets a new file.
     */
    public OriginalFile forPages(Document current, List<PageSummary> pages, String name) throws IOException {
        boolean allKnown = pages.stream().allMatch(p -> p.scan() != null && p.scan().isKnown());
        if (allKnown && scansOf(current.pages()).equals(scansOf(pages))) return current.original();
        return cut(current.documentId(), pages, name);
    }

    /** Makes and stores the original of a document of these pages (see {@link Cutter#cut}). */
    public OriginalFile cut(String documentId, List<PageSummary> pages, String name) throws IOException {
        try (Cutter cutter = cutter()) {
            return cutter.cut(documentId, pages, name);
        }
    }

    private static List<ScanPage> scansOf(List<PageSummary> pages) {
        return pages.stream().map(PageSummary::scan).toList();
    }

    /** Removes own originals of the document other than the one its record names (left by a change of its pages). */
    public void removeStale(Document document) throws IOException {
        files.removeStaleOwnOriginals(document);
    }

    /** Makes own originals of several documents cut from the same scans, fetching each scan from the store once. */
    public Cutter cutter() {
        return new Cutter();
    }

    public final class Cutter implements AutoCloseable {
        private final Map<String, Path> fetched = new LinkedHashMap<>();
        private final Map<String, String> types = new LinkedHashMap<>();
        /** The scans this cutter fetched itself, deleted when it closes. */
        private final Set<Path> temporary = new LinkedHashSet<>();

        private Cutter() {
        }

        /** Uses a copy of the scan the caller already has on disk instead of fetching it (it stays the caller's). */
        public void useLocalCopy(String sha256, Path file, String contentType) {
            types.put(sha256, contentType);
            fetched.putIfAbsent(sha256, file);
        }

        /**
         * Makes the original of a document of these pages (a PDF named after {@code name}) and stores it under the
         * document unless the same file is there already; returns what to record in the document.
         */
        public OriginalFile cut(String documentId, List<PageSummary> pages, String name) throws IOException {
            List<PageCopies.Page> plan = new ArrayList<>();
            MessageDigest identity = Sha256.digest();
            identity.update(documentId.getBytes(StandardCharsets.UTF_8));
            for (PageSummary page : pages) {
                ScanPage scan = page.scan();
                PageCopies.Page stored = storedImage(documentId, page.number());
                if (scan != null && scan.isKnown()) {
                    Path file = scan(scan.sha256());
                    plan.add(new PageCopies.FilePage(file, types.get(scan.sha256()), scan.page(), stored));
                    identity.update((";" + scan.sha256() + ":" + scan.page()).getBytes(StandardCharsets.UTF_8));
                } else {
                    plan.add(stored);
                    identity.update((";stored:" + page.number()).getBytes(StandardCharsets.UTF_8));
                }
            }
            long pdfId = ByteBuffer.wrap(identity.digest()).getLong();
            Path pdf = Files.createTempFile(workDir, "own-original-", ".pdf");
            try {
                MessageDigest digest = Sha256.digest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(pdf), digest)) {
                    copies.writePdf(plan, pdfId, out);
                }
                String sha256 = HexFormat.of().formatHex(digest.digest());
                long size = Files.size(pdf);
                try (InputStream in = Files.newInputStream(pdf)) {
                    files.storeOwnOriginal(documentId, sha256, in, size);
                }
                return new OriginalFile(sha256, pdfName(name, documentId), PDF, size);
            } finally {
                Files.deleteIfExists(pdf);
            }
        }

        /** The page as ChartVault stored its image, for a page whose place in the scan is not known or not readable. */
        private PageCopies.Page storedImage(String documentId, int number) throws IOException {
            Optional<PageContent> content = documents.findPage(documentId, number);
            if (content.isEmpty() || content.get().isFailed() || !files.hasPageImage(documentId, number)) {
                return new PageCopies.Missing("Page " + number + " of this document could not be read when it was scanned.");
            }
            return new PageCopies.StoredImage(files.pageImage(documentId, number), content.get().dpi());
        }

        private Path scan(String sha256) throws IOException {
            Path local = fetched.get(sha256);
            if (local != null) return local;
            ObjectInfo info = files.upload(sha256).orElseThrow(() -> DocumentFiles.uploadNotFound(sha256));
            Path file = Files.createTempFile(workDir, "source-scan-", ".bin");
            try (InputStream in = files.openUpload(sha256)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            fetched.put(sha256, file);
            types.put(sha256, info.contentType());
            temporary.add(file);
            return file;
        }

        @Override
        public void close() throws IOException {
            for (Path file : temporary) Files.deleteIfExists(file);
        }
    }

    /** {@code name}, ending in .pdf as the file it names does. */
    static String pdfName(String name, String documentId) {
        String base = name == null || name.isBlank() ? documentId : name;
        return base.toLowerCase(Locale.ROOT).endsWith(".pdf") ? base : base + ".pdf";
    }

    // ---- documents stored before pages named their scan ----

    /**
     * Completes a record from before pages named their scan: what is known for certain of where its pages lie, and
     * its own original when it is not an upload whole. Called under the document's own-original lock.
     */
    private Document complete(Document current) throws IOException {
        String id = current.documentId();
        String upload = current.sha256(); // in such a record: the scan its pages came from
        CaptureRecord record = capture.record(id);
        List<Integer> cutFrom = record.sourcePages();
        List<String> merged = files.mergedOriginals(id);
        if (!current.status().isSettled() && cutFrom.isEmpty()) {
            return current; // an upload still being processed: it is whole, and processing names its pages' scan
        }
        List<PageSummary> pages = new ArrayList<>();
        boolean whole = false;
        if (!merged.isEmpty()) {
            // Joined by a reviewer: which page came from which scan was not kept. It keeps a claim on every one.
            Set<String> claims = new LinkedHashSet<>(merged);
            claims.add(upload);
            files.saveMergedOriginals(id, claims);
            for (PageSummary p : current.pages()) pages.add(p.withScan(new ScanPage(null, null)));
        } else if (!cutFrom.isEmpty()) {
            // Cut from a stream at its separator sheets: capture kept the pages' numbers in the stream.
            boolean sameCount = cutFrom.size() == current.pages().size();
            for (int i = 0; i < current.pages().size(); i++) {
                pages.add(current.pages().get(i).withScan(new ScanPage(upload, sameCount ? cutFrom.get(i) : null)));
            }
        } else {
            List<String> others = new ArrayList<>(owners.owners(upload));
            others.remove(id);
            boolean edited = current.status() == DocumentStatus.INDEXED || current.status() == DocumentStatus.NEEDS_REVIEW;
            boolean cut = !others.isEmpty() || REVIEWER_SPLIT.matcher(String.valueOf(current.fileName())).matches()
                    || (edited && current.pages().size() < current.pagesTotal());
            whole = !cut;
            // A whole upload never changed is in the order of its file; once changed it may have been reordered.
            boolean inFileOrder = whole && documents.history(id).isEmpty();
            for (PageSummary p : current.pages()) {
                pages.add(p.withScan(new ScanPage(upload, inFileOrder ? p.number() : null)));
            }
        }
        OriginalFile original;
        if (whole) {
            original = current.original();
        } else {
            original = cut(id, pages, current.fileName());
        }
        boolean isWhole = whole;
        Document completed;
        try {
            completed = documents.update(id, d -> !d.pages().equals(current.pages()) ? d
                    : d.withPages(isWhole ? d.pagesTotal() : pages.size(), pages).withOriginal(original));
        } catch (DocumentNotFoundException e) {
            throw DocumentFiles.recordNotFound(id);
        }
        if (!completed.isScanRecorded()) return settled(completed); // its pages changed meanwhile: again, from them
        log.info("Document {} (stored before pages named their scan) now names them{}", id,
                whole ? "; it is its upload whole" : "; its original is a file of its own " + pages.size() + " page(s)");
        if (completed.isHeld()) events.changed(completed); // its new file is held with the rest of it
        return completed;
    }

    /**
     * Completes every record from before pages named their scan, once (a marker says it was done). Run at start in
     * the background; a document asked for first is completed on that request. Returns how many it completed.
     */
    public int settleAll() throws IOException {
        if (files.scansRecorded()) return 0;
        int completed = 0;
        boolean done = true;
        for (String id : documents.allIds()) {
            Optional<Document> document = documents.find(id);
            if (document.isEmpty() || document.get().isScanRecorded()) continue;
            try {
                if (settled(document.get()).isScanRecorded()) completed++;
                else done = false; // an upload being processed: the next start looks again
            } catch (ObjectNotFoundException deletedMeanwhile) {
                // nothing to complete
            }
        }
        if (done) files.markScansRecorded(completed);
        return completed;
    }

    // ---- the source scans ----

    /** An uploaded scan as kept, and the documents cut from it with their pages in it. */
    public record Source(String sha256, String contentType, long bytes, List<Cut> documents) {
        /** @param pages the document's pages' numbers in the scan, in its order; null when not recorded */
        public record Cut(Document document, List<Integer> pages) {
        }
    }

    /** The scan and the documents that hold it, or empty when no such scan is stored. */
    public Optional<Source> source(String sha256) throws IOException {
        Optional<ObjectInfo> info = files.upload(sha256);
        if (info.isEmpty()) return Optional.empty();
        List<Source.Cut> cuts = new ArrayList<>();
        for (String id : owners.owners(sha256)) {
            Optional<Document> found = documents.find(id);
            if (found.isEmpty()) continue;
            Document document = settled(found.get());
            List<Integer> pages = new ArrayList<>();
            boolean known = true;
            for (SourceScan run : document.sourceScans()) {
                if (!sha256.equals(run.sha256())) continue;
                if (run.pages() == null) known = false;
                else pages.addAll(run.pages());
            }
            cuts.add(new Source.Cut(document, known ? pages : null));
        }
        return Optional.of(new Source(sha256, info.get().contentType(), info.get().size(), cuts));
    }

    /** The scan's bytes as uploaded; the caller closes the stream. */
    public InputStream openSource(String sha256) throws IOException {
        return files.openUpload(sha256);
    }
}
