package org.chartvault.fhir;

import org.chartvault.Json;
import org.chartvault.document.Document;
import org.chartvault.document.StorageKeys;
import org.chartvault.originals.Originals;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * What the FHIR face keeps beside a document: the SHA-1 of its original (FHIR's Attachment.hash; ChartVault
 * itself addresses originals by SHA-256) and, for documents filed through ITI-65, the identifiers the sender
 * gave them. Both live under the document's own folder, so deleting or destroying the document removes them.
 */
final class DocumentSidecars {
    private final ObjectStore store;

    /** The identifiers an ITI-65 sender gave a document (its XDS uniqueId and entryUUID) and the submission it came in. */
    record Submitted(String masterIdentifierSystem, String masterIdentifierValue, String entryUuid, String submissionId) {
    }

    DocumentSidecars(ObjectStore store) {
        this.store = store;
    }

    /** Computed once from the stored original (immutable, content-addressed), then read back. */
    static String sha1Key(String documentId) {
        return StorageKeys.documentPrefix(documentId) + "fhir/original.sha1";
    }

    /**
     * Where the SHA-1 of the document's current original is kept: for the upload itself the key above (ITI-65 writes
     * it on filing); for a file of the document's own pages one named by that file's SHA-256, since the document
     * gets a new one whenever its pages are cut, reordered or joined.
     */
    static String sha1Key(Document document) {
        return document.isWholeUpload() ? sha1Key(document.documentId())
                : StorageKeys.documentPrefix(document.documentId()) + "fhir/original-" + document.sha256() + ".sha1";
    }

    /** Written once when the document is filed through ITI-65; absent for documents uploaded otherwise. */
    static String submissionKey(String documentId) {
        return StorageKeys.documentPrefix(documentId) + "fhir/submission.json";
    }

    /** The SHA-1 of the document's original (as Binary returns it), base64 as FHIR writes it; kept on first use. */
    String originalSha1(Document document, Originals originals) throws IOException {
        String key = sha1Key(document);
        try {
            return new String(store.getBytes(key), StandardCharsets.US_ASCII);
        } catch (ObjectNotFoundException e) {
            // not computed yet
        }
        MessageDigest sha1 = sha1();
        try (InputStream in = originals.open(document)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) sha1.update(buffer, 0, n);
        }
        String hash = Base64.getEncoder().encodeToString(sha1.digest());
        store.putIfAbsent(key, hash.getBytes(StandardCharsets.US_ASCII), "text/plain");
        return hash;
    }

    /** Keeps a SHA-1 already known (ITI-65 computes it while checking the upload); the first one written stays. */
    void rememberSha1(String documentId, String base64Sha1) throws IOException {
        store.putIfAbsent(sha1Key(documentId), base64Sha1.getBytes(StandardCharsets.US_ASCII), "text/plain");
    }

    Optional<Submitted> submission(String documentId) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(submissionKey(documentId)), Submitted.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    void saveSubmission(String documentId, Submitted submitted) throws IOException {
        store.put(submissionKey(documentId), Json.bytes(submitted), "application/json");
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
