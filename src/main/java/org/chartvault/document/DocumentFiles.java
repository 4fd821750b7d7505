package org.chartvault.document;

import org.chartvault.Json;
import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a document is made of in the store besides its record: the uploaded scans its pages lie in, its own
 * original, page images and thumbnails, the capture record and page barcodes, the split plan of a scanned stream,
 * the originals joined into it, its searchable PDF and what other capabilities keep beside it (FHIR). The one place
 * outside {@link DocumentRepository} that knows where these live ({@link StorageKeys}); every other package asks
 * here, so a change of layout or of store (a second backend) is made in this package alone.
 *
 * <p>Got from {@link DocumentRepository#files()}: whoever may read a document's record may reach its files.
 */
public final class DocumentFiles {
    private static final String JSON = "application/json";
    private static final String PNG = "image/png";
    private static final String PDF = "application/pdf";

    private final ObjectStore store;
    private final DocumentRepository documents;
    private final OriginalOwners owners;

    DocumentFiles(ObjectStore store, DocumentRepository documents, OriginalOwners owners) {
        this.store = store;
        this.documents = documents;
        this.owners = owners;
    }

    /** Which documents hold each uploaded scan: the one record every part of ChartVault asks. */
    public OriginalOwners owners() {
        return owners;
    }

    /** What a reader is told when a document's record is gone (the same as the store says for a missing object). */
    public static ObjectNotFoundException recordNotFound(String documentId) {
        return new ObjectNotFoundException(StorageKeys.document(documentId));
    }

    /** What a reader is told when an uploaded scan is not stored. */
    public static ObjectNotFoundException uploadNotFound(String sha256) {
        return new ObjectNotFoundException(StorageKeys.original(sha256));
    }

    // ---- uploaded scans (content-addressed, shared by every document cut from one) ----

    /** Stores an uploaded file under its SHA-256 unless the same bytes are there already. */
    public void storeUpload(String sha256, InputStream in, long bytes, String contentType) throws IOException {
        store.putIfAbsent(StorageKeys.original(sha256), in, bytes, contentType);
    }

    /** The uploaded file's bytes; the caller closes the stream. */
    public InputStream openUpload(String sha256) throws IOException {
        return store.get(StorageKeys.original(sha256));
    }

    /** Size and type of a stored upload, or empty when there is none. */
    public Optional<ObjectInfo> upload(String sha256) throws IOException {
        return store.stat(StorageKeys.original(sha256));
    }

    /**
     * The (first) document that holds these bytes and still exists, if any: how ingest and the FHIR face both
     * recognise a file archived already. Owners left without a live document (a deleted one's, a crash's) do not count.
     */
    public Optional<String> archivedAs(String sha256) throws IOException {
        for (String documentId : owners.owners(sha256)) {
            if (documents.find(documentId).isPresent()) return Optional.of(documentId);
        }
        return Optional.empty();
    }

    // ---- a document's own original (a PDF of its pages when it is not an upload whole) ----

    /** Stores a file of the document's own pages under its SHA-256, unless the same file is there already. */
    public void storeOwnOriginal(String documentId, String sha256, InputStream in, long bytes) throws IOException {
        store.putIfAbsent(StorageKeys.ownOriginal(documentId, sha256), in, bytes, PDF);
    }

    public InputStream openOwnOriginal(String documentId, String sha256) throws IOException {
        return store.get(StorageKeys.ownOriginal(documentId, sha256));
    }

    /** Removes own originals of the document other than the one its record names (left by a change of its pages). */
    public void removeStaleOwnOriginals(Document document) throws IOException {
        String keep = StorageKeys.ownOriginal(document.documentId(), document.sha256());
        for (String key : store.list(StorageKeys.ownOriginals(document.documentId()))) {
            if (!key.equals(keep)) store.delete(key);
        }
    }

    /** Originals of documents joined into this one, released when it is deleted (see {@link StorageKeys#mergedOriginals}). */
    public List<String> mergedOriginals(String documentId) throws IOException {
        try {
            return List.of(Json.read(store.getBytes(StorageKeys.mergedOriginals(documentId)), String[].class));
        } catch (ObjectNotFoundException e) {
            return List.of();
        }
    }

    public void saveMergedOriginals(String documentId, Collection<String> sha256s) throws IOException {
        store.put(StorageKeys.mergedOriginals(documentId), Json.bytes(List.copyOf(sha256s)), JSON);
    }

    /** True once every document stored before pages named their scan has had that completed. */
    public boolean scansRecorded() throws IOException {
        return store.exists(StorageKeys.SCANS_RECORDED);
    }

    public void markScansRecorded(int completed) throws IOException {
        store.put(StorageKeys.SCANS_RECORDED, Json.bytes(Map.of("completed", completed)), JSON);
    }

    // ---- pages ----

    /**
     * Stores a processed page's image (none for a born-digital page read from a preview: drawn when first asked for)
     * and thumbnail. Its text ({@link DocumentRepository#savePage}) is written after these: its presence means the
     * whole page is stored.
     */
    public void storePageImages(String documentId, int number, byte[] imagePng, byte[] thumbnailPng) throws IOException {
        if (imagePng != null) store.put(StorageKeys.pageImage(documentId, number), imagePng, PNG);
        store.put(StorageKeys.pageThumbnail(documentId, number), thumbnailPng, PNG);
    }

    public boolean hasPageImage(String documentId, int number) throws IOException {
        return store.exists(StorageKeys.pageImage(documentId, number));
    }

    /** The stored page image's bytes (see {@link PageImageStore} for one drawn on first request). */
    public byte[] pageImage(String documentId, int number) throws IOException {
        return store.getBytes(StorageKeys.pageImage(documentId, number));
    }

    public InputStream openThumbnail(String documentId, int number) throws IOException {
        return store.get(StorageKeys.pageThumbnail(documentId, number));
    }

    /**
     * Copies page {@code source} of {@code fromId} as page {@code number} of {@code toId}: its image and thumbnail
     * (a page that could not be read has none), its barcodes, then its text, renumbered. Returns the copy's text.
     */
    public PageContent copyPage(String fromId, int source, String toId, int number) throws IOException {
        PageContent page = sourcePage(fromId, source);
        copyIfPresent(StorageKeys.pageImage(fromId, source), StorageKeys.pageImage(toId, number), PNG);
        copyIfPresent(StorageKeys.pageThumbnail(fromId, source), StorageKeys.pageThumbnail(toId, number), PNG);
        copyIfPresent(StorageKeys.pageBarcodes(fromId, source), StorageKeys.pageBarcodes(toId, number), JSON);
        PageContent renumbered = page.renumbered(number);
        documents.savePage(toId, renumbered);
        return renumbered;
    }

    /** Removes pages that moved to another document: image, thumbnail and text. */
    public void removePages(String documentId, Collection<Integer> numbers) throws IOException {
        for (int number : numbers) {
            store.delete(StorageKeys.pageImage(documentId, number));
            store.delete(StorageKeys.pageThumbnail(documentId, number));
            store.delete(StorageKeys.pageContent(documentId, number));
        }
    }

    /**
     * A new order of the document's pages is staged first and marked complete, then moved into place, so that a
     * move that was interrupted can be finished before anything else. The order of an interrupted move, if any.
     */
    public Optional<List<Integer>> interruptedReorder(String documentId) throws IOException {
        String complete = StorageKeys.reorderStage(documentId) + "complete.json";
        if (!store.exists(complete)) return Optional.empty();
        return Optional.of(List.of(Json.read(store.getBytes(complete), Integer[].class)));
    }

    /** Stages the pages in {@code order} (page numbers as they are now, in their new order) and marks it complete. */
    public void stageReorder(String documentId, List<Integer> order) throws IOException {
        String stage = StorageKeys.reorderStage(documentId);
        for (int k = 1; k <= order.size(); k++) {
            int source = order.get(k - 1);
            PageContent page = sourcePage(documentId, source);
            copyIfPresent(StorageKeys.pageImage(documentId, source), stage + k + ".png", PNG);
            copyIfPresent(StorageKeys.pageThumbnail(documentId, source), stage + k + ".thumb.png", PNG);
            store.put(stage + k + ".json", Json.bytes(page.renumbered(k)), JSON);
        }
        store.put(stage + "complete.json", Json.bytes(order), JSON);
    }

    /**
     * Moves a staged order into place and clears the stage; returns the pages' text in their new order. Staged
     * objects are removed together once all are in place, so a rerun can always find them.
     */
    public List<PageContent> finishReorder(String documentId, int pageCount) throws IOException {
        String stage = StorageKeys.reorderStage(documentId);
        List<PageContent> moved = new ArrayList<>();
        for (int k = 1; k <= pageCount; k++) {
            PageContent page = Json.read(store.getBytes(stage + k + ".json"), PageContent.class);
            copyIfPresent(stage + k + ".png", StorageKeys.pageImage(documentId, k), PNG);
            copyIfPresent(stage + k + ".thumb.png", StorageKeys.pageThumbnail(documentId, k), PNG);
            documents.savePage(documentId, page);
            moved.add(page);
        }
        for (String key : store.list(stage)) store.delete(key);
        return moved;
    }

    private PageContent sourcePage(String documentId, int number) throws IOException {
        return documents.findPage(documentId, number).orElseThrow(
                () -> new IOException("page " + number + " of " + documentId + " is missing from storage"));
    }

    private void copyIfPresent(String from, String to, String contentType) throws IOException {
        if (!store.exists(from)) return;
        try (InputStream in = store.get(from)) {
            store.put(to, in, -1, contentType);
        }
    }

    // ---- what capture keeps of a document (stored as capture writes it; capture reads it) ----

    public Optional<byte[]> captureRecord(String documentId) throws IOException {
        return bytes(StorageKeys.captureRecord(documentId));
    }

    public void saveCaptureRecord(String documentId, byte[] json) throws IOException {
        store.put(StorageKeys.captureRecord(documentId), json, JSON);
    }

    public Optional<byte[]> pageBarcodes(String documentId, int page) throws IOException {
        return bytes(StorageKeys.pageBarcodes(documentId, page));
    }

    public void savePageBarcodes(String documentId, int page, byte[] json) throws IOException {
        store.put(StorageKeys.pageBarcodes(documentId, page), json, JSON);
    }

    // ---- a scanned stream's split plan ----

    public Optional<SplitPlan> splitPlan(String streamId) throws IOException {
        Optional<byte[]> stored = bytes(StorageKeys.splitPlan(streamId));
        return stored.isEmpty() ? Optional.empty() : Optional.of(Json.read(stored.get(), SplitPlan.class));
    }

    public void saveSplitPlan(String streamId, SplitPlan plan) throws IOException {
        store.put(StorageKeys.splitPlan(streamId), Json.bytes(plan), JSON);
    }

    // ---- the searchable PDF ----

    public boolean hasSearchablePdf(String documentId) throws IOException {
        return store.exists(StorageKeys.searchablePdf(documentId));
    }

    public Optional<ObjectInfo> searchablePdf(String documentId) throws IOException {
        return store.stat(StorageKeys.searchablePdf(documentId));
    }

    public InputStream openSearchablePdf(String documentId) throws IOException {
        return store.get(StorageKeys.searchablePdf(documentId));
    }

    /**
     * Stores the searchable PDF written to {@code pdf}: replacing the one there (the pages changed), or only when
     * there is none ({@code ifAbsent}: one made on first request never replaces one a page edit stored meanwhile).
     */
    public void storeSearchablePdf(String documentId, Path pdf, boolean ifAbsent) throws IOException {
        String key = StorageKeys.searchablePdf(documentId);
        try (InputStream in = Files.newInputStream(pdf)) {
            if (ifAbsent) store.putIfAbsent(key, in, Files.size(pdf), PDF);
            else store.put(key, in, Files.size(pdf), PDF);
        }
    }

    // ---- files other capabilities keep beside a document (gone with it) ----

    /** A file kept beside the document under {@code name} (a relative path such as {@code fhir/submission.json}). */
    public Optional<byte[]> sidecar(String documentId, String name) throws IOException {
        return bytes(StorageKeys.sidecar(documentId, name));
    }

    public void saveSidecar(String documentId, String name, byte[] bytes, String contentType) throws IOException {
        store.put(StorageKeys.sidecar(documentId, name), bytes, contentType);
    }

    /** Keeps the first one written: for values computed from something immutable. */
    public void saveSidecarIfAbsent(String documentId, String name, byte[] bytes, String contentType) throws IOException {
        store.putIfAbsent(StorageKeys.sidecar(documentId, name), bytes, contentType);
    }

    // ---- legal holds ----

    /**
     * Turns the store's legal hold on or off for the uploaded scans the document's pages lie in and, with
     * {@code derived}, for every object under the document but its (versioned) record: own original, pages, page
     * text, thumbnails, searchable PDF. Objects not written (yet) are skipped.
     */
    public void setLegalHold(Document document, boolean on, boolean derived) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String scan : document.scans()) keys.add(StorageKeys.original(scan));
        if (derived) keys.addAll(derivedKeys(document.documentId()));
        for (String key : keys) {
            try {
                store.setLegalHold(key, on);
            } catch (ObjectNotFoundException e) {
                // not written yet (or never will be, for a page that failed), or gone already
            }
        }
    }

    private List<String> derivedKeys(String documentId) throws IOException {
        String record = StorageKeys.document(documentId);
        String versions = StorageKeys.documentVersions(documentId);
        return store.list(StorageKeys.documentPrefix(documentId)).stream()
                .filter(key -> !key.equals(record) && !key.startsWith(versions)).toList();
    }

    // ---- deleting ----

    /**
     * Removes a document's record and every object under it, record first so that from then on a rerun finds it
     * gone. For a document whose uploaded scans now belong to others (a stream cut into documents, a document joined
     * into another): its claims on them are the caller's to hand over. Returns how many objects went.
     */
    public int deleteAll(String documentId) throws IOException {
        store.delete(StorageKeys.document(documentId));
        List<String> keys = store.list(StorageKeys.documentPrefix(documentId));
        for (String key : keys) store.delete(key);
        return keys.size() + 1;
    }

    /** What deleting a removed document's files came to. */
    public record Deletion(int objects, boolean scanDeleted) {
    }

    /**
     * Removes everything derived from a document whose record was just removed ({@link DocumentRepository#remove}):
     * every object under it, and its claim on each uploaded scan its pages lie in or that was joined into it; a scan
     * goes with the last document that held it ({@link OriginalOwners#disown}).
     */
    public Deletion deleteRemoved(Document removed) throws IOException {
        String documentId = removed.documentId();
        Set<String> scans = new LinkedHashSet<>(removed.scans());
        scans.addAll(mergedOriginals(documentId));
        List<String> keys = store.list(StorageKeys.documentPrefix(documentId));
        for (String key : keys) store.delete(key);
        boolean scanDeleted = false;
        for (String sha : scans) {
            if (owners.disown(sha, documentId)) scanDeleted = true;
        }
        return new Deletion(keys.size() + 1, scanDeleted);
    }

    private Optional<byte[]> bytes(String key) throws IOException {
        try {
            return Optional.of(store.getBytes(key));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
