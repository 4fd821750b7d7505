package org.chartvault.document;

/**
 * Where a document's objects lie in the store, for tests that check the store itself (crash consistency, legal
 * holds on each object, storage faults). Production code outside package document goes through
 * {@link DocumentFiles}; {@link StorageKeys} is the package's own.
 */
public final class StoredLayout {
    public static final String DOCUMENTS = StorageKeys.DOCUMENTS;
    public static final String SCANS_RECORDED = StorageKeys.SCANS_RECORDED;

    private StoredLayout() {
    }

    public static String original(String sha256) {
        return StorageKeys.original(sha256);
    }

    public static String originalOwner(String sha256) {
        return StorageKeys.originalOwner(sha256);
    }

    public static String document(String documentId) {
        return StorageKeys.document(documentId);
    }

    public static String documentPrefix(String documentId) {
        return StorageKeys.documentPrefix(documentId);
    }

    public static String pageImage(String documentId, int page) {
        return StorageKeys.pageImage(documentId, page);
    }

    public static String pageThumbnail(String documentId, int page) {
        return StorageKeys.pageThumbnail(documentId, page);
    }

    public static String pageContent(String documentId, int page) {
        return StorageKeys.pageContent(documentId, page);
    }

    public static String searchablePdf(String documentId) {
        return StorageKeys.searchablePdf(documentId);
    }

    public static String ownOriginal(String documentId, String sha256) {
        return StorageKeys.ownOriginal(documentId, sha256);
    }

    public static String ownOriginals(String documentId) {
        return StorageKeys.ownOriginals(documentId);
    }
}
