package org.chartvault.ingest;

import org.chartvault.Json;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.StoredLayout;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What must hold of an archive's storage whatever happened to the process that wrote it (a kill, a storage outage):
 * nothing half-exists. Read straight from the store, not through the API, so that nothing is hidden by a cache
 * or a filter. Each violation is one sentence.
 */
final class ArchiveConsistency {
    private ArchiveConsistency() {
    }

    /** Every stored document record, read from storage. */
    static List<Document> documents(ObjectStore store) throws IOException {
        List<Document> documents = new ArrayList<>();
        for (String folder : store.listFolders(StoredLayout.DOCUMENTS)) {
            String id = folder.substring(StoredLayout.DOCUMENTS.length(), folder.length() - 1);
            find(store, StoredLayout.document(id)).map(bytes -> Json.read(bytes, Document.class)).ifPresent(documents::add);
        }
        return documents;
    }

    /** Documents not yet settled (queued or processing). */
    static List<String> unsettled(ObjectStore store) throws IOException {
        return documents(store).stream().filter(d -> !d.status().isSettled())
                .map(d -> d.documentId() + " (" + d.status().wire() + ")").toList();
    }

    /**
     * Violations of "nothing half-exists":
     * <ul>
     *   <li>a document record whose original is missing, or whose original's bytes do not hash to its SHA-256;</li>
     *   <li>a page the record lists without its stored content, a readable page without its image (but for a
     *       born-digital page whose image is drawn from its stored scan on first request);</li>
     *   <li>a processed document without its searchable PDF (but for one with such pages: made on first request);</li>
     *   <li>two document records for the same bytes (a re-upload must be recognised);</li>
     *   <li>a batch entry naming a document that does not exist;</li>
     *   <li>an original's owner record naming an existing document of other bytes.</li>
     * </ul>
     */
    static List<String> violations(ObjectStore store) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> documentBySha = new HashMap<>();
        List<Document> documents = documents(store);
        for (Document d : documents) {
            String id = d.documentId();
            String previous = documentBySha.put(d.sha256(), id);
            if (previous != null) problems.add("documents " + previous + " and " + id + " hold the same bytes " + d.sha256());
            String originalKey = d.isWholeUpload() || !d.isScanRecorded() ? StoredLayout.original(d.sha256())
                    : StoredLayout.ownOriginal(id, d.sha256());
            Optional<String> actual = sha256Of(store, originalKey);
            if (actual.isEmpty()) {
                problems.add("document " + id + " (" + d.status().wire() + ") has no original");
            } else if (!actual.get().equals(d.sha256())) {
                problems.add("the original of " + id + " hashes to " + actual.get() + ", not " + d.sha256());
            }
            boolean imagesOnDemand = false;
            for (PageSummary page : d.pages()) {
                Optional<byte[]> content = find(store, StoredLayout.pageContent(id, page.number()));
                if (content.isEmpty()) {
                    problems.add("document " + id + " lists page " + page.number() + " but its content is not stored");
                    continue;
                }
                PageContent read = Json.read(content.get(), PageContent.class);
                if (!read.isSearchable() || store.exists(StoredLayout.pageImage(id, page.number()))) continue;
                if (PageContent.SOURCE_TEXT_LAYER.equals(read.source()) && page.scan() != null && page.scan().isKnown()
                        && store.exists(StoredLayout.original(page.scan().sha256()))) {
                    imagesOnDemand = true; // a born-digital page: its image is drawn from its scan on first request
                } else {
                    problems.add("page " + page.number() + " of " + id + " has no image");
                }
            }
            boolean processed = d.status() == DocumentStatus.INDEXED || d.status() == DocumentStatus.NEEDS_REVIEW;
            // a document with born-digital pages drawn on demand gets its searchable PDF on first request too
            if (processed && !imagesOnDemand && !store.exists(StoredLayout.searchablePdf(id))) {
                problems.add("document " + id + " is " + d.status().wire() + " without its searchable PDF");
            }
        }
        for (String key : store.list("batches/")) {
            Batch batch = Json.read(store.getBytes(key), Batch.class);
            for (Batch.Entry entry : batch.entries()) {
                if (entry.documentId() != null && !store.exists(StoredLayout.document(entry.documentId()))) {
                    problems.add("batch " + batch.batchId() + " lists " + entry.file() + " as " + entry.outcome()
                            + " document " + entry.documentId() + ", which does not exist");
                }
            }
        }
        for (String key : store.list("originals-index/")) {
            String sha = key.substring("originals-index/".length(), key.length() - ".json".length());
            Object owner = Json.read(store.getBytes(key), Map.class).get("documentId");
            if (owner == null) continue;
            Optional<byte[]> record = find(store, StoredLayout.document(owner.toString()));
            if (record.isPresent() && !Json.read(record.get(), Document.class).scans().contains(sha)) {
                problems.add("the owner record of " + sha + " names " + owner + ", which holds other bytes");
            }
        }
        return problems;
    }

    private static Optional<byte[]> find(ObjectStore store, String key) throws IOException {
        try {
            return Optional.of(store.getBytes(key));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** SHA-256 of the object's bytes, read to the end (so the store's own checksum is verified too). */
    private static Optional<String> sha256Of(ObjectStore store, String key) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(store.get(key), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }
}
