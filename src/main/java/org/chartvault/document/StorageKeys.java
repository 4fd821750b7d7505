package org.chartvault.document;

/**
 * Where each kind of object lives in the store. One place, so the layout in DESIGN.md can be read off here
 * and {@code reindex} knows where to look. The package's own: every other package reaches a document's objects
 * through {@link DocumentFiles} (tests that check the store itself use the test fixture {@code StoredLayout}).
 */
final class StorageKeys {
    private StorageKeys() {
    }

    /**
     * Uploaded bytes, content-addressed: the same file uploaded twice is stored once. The source scan, kept unchanged
     * as the system of record; it leaves the archive as a document's original only for a document that is it whole.
     */
    public static String original(String sha256) {
        return "originals/" + sha256;
    }

    /** Which document an original belongs to: how a re-upload is recognised as a duplicate. */
    public static String originalOwner(String sha256) {
        return "originals-index/" + sha256 + ".json";
    }

    public static final String DOCUMENTS = "documents/";

    public static String document(String documentId) {
        return DOCUMENTS + documentId + "/document.json";
    }

    public static String documentPrefix(String documentId) {
        return DOCUMENTS + documentId + "/";
    }

    public static String pageImage(String documentId, int page) {
        return DOCUMENTS + documentId + "/pages/" + page + ".png";
    }

    public static String pageThumbnail(String documentId, int page) {
        return DOCUMENTS + documentId + "/pages/" + page + ".thumb.png";
    }

    public static String pageContent(String documentId, int page) {
        return DOCUMENTS + documentId + "/pages/" + page + ".json";
    }

    public static String searchablePdf(String documentId) {
        return DOCUMENTS + documentId + "/searchable.pdf";
    }

    /**
     * A document's own original when it is not an uploaded file whole (cut from a larger scan, reordered, joined):
     * a PDF of its pages. Named by its SHA-256 so that a record never points at a file being replaced, and two
     * makers of the same pages store one object.
     */
    public static String ownOriginal(String documentId, String sha256) {
        return ownOriginals(documentId) + sha256;
    }

    /** Every own original of the document: the current one and any an interrupted change left behind. */
    public static String ownOriginals(String documentId) {
        return DOCUMENTS + documentId + "/original/";
    }

    /**
     * Written once every document stored before pages named their scan has had that completed (and its own
     * original made where it needs one), so that later starts need not look at every document again.
     */
    public static final String SCANS_RECORDED = "maintenance/scans-recorded.json";

    /**
     * Originals of documents joined into this one (a reviewer's merge), and for a joined document stored before pages
     * named their scan every original it held then: released when this one is deleted.
     */
    public static String mergedOriginals(String documentId) {
        return DOCUMENTS + documentId + "/merged-originals.json";
    }

    /** Earlier versions of a document's metadata, kept when it is corrected. */
    public static String documentVersion(String documentId, long version) {
        return documentVersions(documentId) + String.format("%010d", version) + ".json";
    }

    static String documentVersions(String documentId) {
        return DOCUMENTS + documentId + "/versions/";
    }

    /** What the uploader asked of capture and where auto-indexing took each value from (capture's own JSON). */
    static String captureRecord(String documentId) {
        return DOCUMENTS + documentId + "/capture.json";
    }

    /** A page's barcodes, read while its text is OCR'd and kept beside it, so a rerun need not scan again. */
    static String pageBarcodes(String documentId, int page) {
        return DOCUMENTS + documentId + "/pages/" + page + ".barcodes.json";
    }

    /** Which pages of a scanned stream make which new document: stored before the first is made, for reruns. */
    static String splitPlan(String streamId) {
        return DOCUMENTS + streamId + "/split.json";
    }

    /** Pages of a new order, staged before they are moved into place (see {@link DocumentFiles#stageReorder}). */
    static String reorderStage(String documentId) {
        return DOCUMENTS + documentId + "/reorder/";
    }

    /** Files other capabilities keep beside a document under their own name (FHIR's {@code fhir/...}). */
    static String sidecar(String documentId, String name) {
        if (name.startsWith("/") || name.contains("..")) throw new IllegalArgumentException("not a sidecar name: " + name);
        return DOCUMENTS + documentId + "/" + name;
    }

    /** Document id of a {@code documents/<id>/document.json} key, or null for any other key. */
    public static String documentIdOf(String key) {
        if (!key.startsWith(DOCUMENTS) || !key.endsWith("/document.json")) return null;
        String id = key.substring(DOCUMENTS.length(), key.length() - "/document.json".length());
        return id.contains("/") ? null : id;
    }
}
