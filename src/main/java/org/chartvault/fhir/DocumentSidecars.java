package org.chartvault.fhir;

import org.chartvault.Json;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentFiles;
import org.chartvault.originals.Originals;

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
    /** Computed once from the stored original (immutable, content-addressed), then read back. */
    private static final String UPLOAD_SHA1 = "fhir/original.sha1";
    /** Written once when the document is filed through ITI-65; absent for documents uploaded otherwise. */
    private static final String SUBMISSION = "fhir/submission.json";

    private final DocumentFiles files;

    /** The identifiers an ITI-65 sender gave a document (its XDS uniqueId and entryUUID) and the submission it came in. */
    record Submitted(String masterIdentifierSystem, String masterIdentifierValue, String entryUuid, String submissionId) {
    }

    DocumentSidecars(DocumentFiles files) {
        this.files = files;
    }

    /**
     * Where the SHA-1 of the document's current original is kept: for the upload itself the name above (ITI-65 writes
     * it on filing); for a file of the document's own pages one named by that file's SHA-256, since the document
     * gets a new one whenever its pages are cut, reordered or joined.
     */
    private static String sha1Name(Document document) {
        return document.isWholeUpload() ? UPLOAD_SHA1 : "fhir/original-" + document.sha256() + ".sha1";
    }

    /** The SHA-1 of the document's original (as Binary returns it), base64 as FHIR writes it; kept on first use. */
    String originalSha1(Document document, Originals originals) throws IOException {
        String name = sha1Name(document);
        Optional<byte[]> kept = files.sidecar(document.documentId(), name);
        if (kept.isPresent()) return new String(kept.get(), StandardCharsets.US_ASCII);
        MessageDigest sha1 = sha1();
        try (InputStream in = originals.open(document)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) sha1.update(buffer, 0, n);
        }
        String hash = Base64.getEncoder().encodeToString(sha1.digest());
        files.saveSidecarIfAbsent(document.documentId(), name, hash.getBytes(StandardCharsets.US_ASCII), "text/plain");
        return hash;
    }

    /** Keeps a SHA-1 already known (ITI-65 computes it while checking the upload); the first one written stays. */
    void rememberSha1(String documentId, String base64Sha1) throws IOException {
        files.saveSidecarIfAbsent(documentId, UPLOAD_SHA1, base64Sha1.getBytes(StandardCharsets.US_ASCII), "text/plain");
    }

    Optional<Submitted> submission(String documentId) throws IOException {
        Optional<byte[]> stored = files.sidecar(documentId, SUBMISSION);
        return stored.isEmpty() ? Optional.empty() : Optional.of(Json.read(stored.get(), Submitted.class));
    }

    void saveSubmission(String documentId, Submitted submitted) throws IOException {
        files.saveSidecar(documentId, SUBMISSION, Json.bytes(submitted), "application/json");
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
