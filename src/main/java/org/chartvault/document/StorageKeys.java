package org.chartvault.document;

/**
 * Where each kind of object lives in the store. One place, so the layout in DESIGN.md can be read off here
 * and {@code reindex} knows where to look.
 */
public final class StorageKeys {
    private StorageKeys() {
    }

    /** Uploaded bytes, content-addressed: the same file uploaded twice is stored once. */
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

    /** Originals of documents joined into this one (a reviewer's merge): released when this one is deleted. */
    public static String mergedOriginals(String documentId) {
        return DOCUMENTS + documentId + "/merged-originals.json";
    }

    /** Earlier versions of a document's metadata, kept when it is corrected. */
    public static String documentVersion(String documentId, long version) {
        return DOCUMENTS + documentId + "/versions/" + String.format("%010d", version) + ".json";
    }

    /** Document id of a {@code documents/<id>/document.json} key, or null for any other key. */
    public static String documentIdOf(String key) {
        if (!key.startsWith(DOCUMENTS) || !key.endsWith("/document.json")) return null;
        String id = key.substring(DOCUMENTS.length(), key.length() - "/document.json".length());
        return id.contains("/") ? null : id;
    }
}
