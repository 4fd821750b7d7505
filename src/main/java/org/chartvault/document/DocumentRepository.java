package org.chartvault.document;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Documents and their pages as stored objects. The only code that reads or writes
 * {@code documents/<id>/document.json}; every change goes through {@link #update} so that concurrent
 * changes of one document (a worker adding pages, a reviewer correcting the patient) never overwrite each other.
 */
public final class DocumentRepository {
    private static final String JSON = "application/json";

    private final ObjectStore store;
    private final Locks locks;
    private final Clock clock;
    private final DocumentFiles files;

    public DocumentRepository(ObjectStore store, Locks locks, Clock clock) {
        this.store = store;
        this.locks = locks;
        this.clock = clock;
        this.files = new DocumentFiles(store, this, new OriginalOwners(store, locks));
    }

    /** Everything else the documents are made of in the store: scans, own originals, page images, searchable PDFs. */
    public DocumentFiles files() {
        return files;
    }

    public Optional<Document> find(String documentId) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(StorageKeys.document(documentId)), Document.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public Document get(String documentId) throws IOException, DocumentNotFoundException {
        return find(documentId).orElseThrow(() -> new DocumentNotFoundException(documentId));
    }

    /** Writes a new document record (version 1). */
    public Document create(Document document) throws IOException {
        Document stamped = document.nextVersion(clock.instant());
        store.put(StorageKeys.document(stamped.documentId()), Json.bytes(stamped), JSON);
        return stamped;
    }

    /**
     * Applies {@code change} to the current record under the document's lock and stores the result.
     * The change must be a pure function of the record it is given: it may be called again.
     */
    public Document update(String documentId, UnaryOperator<Document> change) throws IOException, DocumentNotFoundException {
        Document updated = locks.withLock(lockName(documentId), () -> {
            Optional<Document> current = find(documentId);
            if (current.isEmpty()) return null;
            Document changed = change.apply(current.get());
            if (changed.equals(current.get())) return changed;
            Document stamped = changed.nextVersion(clock.instant());
            store.put(StorageKeys.document(documentId), Json.bytes(stamped), JSON);
            return stamped;
        });
        if (updated == null) throw new DocumentNotFoundException(documentId);
        return updated;
    }

    /**
     * Like {@link #update}, but first keeps the current record under {@code versions/} so that the values
     * it replaces stay readable (corrections of indexing values are versioned).
     */
    public Document updateKeepingHistory(String documentId, UnaryOperator<Document> change)
            throws IOException, DocumentNotFoundException {
        Document updated = locks.withLock(lockName(documentId), () -> {
            Optional<Document> current = find(documentId);
            if (current.isEmpty()) return null;
            Document changed = change.apply(current.get());
            if (changed.equals(current.get())) return changed;
            store.put(StorageKeys.documentVersion(documentId, current.get().version()), Json.bytes(current.get()), JSON);
            Document stamped = changed.nextVersion(clock.instant());
            store.put(StorageKeys.document(documentId), Json.bytes(stamped), JSON);
            return stamped;
        });
        if (updated == null) throw new DocumentNotFoundException(documentId);
        return updated;
    }

    /**
     * Holds these documents' locks (the ones every update, hold and deletion of them takes) until closed: for a
     * change made of several writes, such as turning, reordering, splitting or joining pages, that a hold or a
     * deletion must not land in the middle of.
     */
    public Locks.Held lock(String... documentIds) {
        return locks.hold(java.util.Arrays.stream(documentIds).map(DocumentRepository::lockName).toList());
    }

    private static String lockName(String documentId) {
        return "document:" + documentId;
    }

    /** Why a document's current record may not be removed (null: it may). */
    @FunctionalInterface
    public interface RemovalCheck<E extends Exception> {
        E refusal(Document current);
    }

    private record Removal<E>(Document document, E refusal) {
    }

    /**
     * Removes the document's record under its lock unless {@code check} refuses the current record; returns the
     * record as it was. Everything else of the document is its caller's to remove afterwards.
     */
    public <E extends Exception> Document remove(String documentId, RemovalCheck<E> check)
            throws IOException, DocumentNotFoundException, E {
        Removal<E> removal = locks.withLock(lockName(documentId), () -> {
            Optional<Document> current = find(documentId);
            if (current.isEmpty()) return null;
            E refusal = check.refusal(current.get());
            if (refusal == null) store.delete(StorageKeys.document(documentId));
            return new Removal<>(current.get(), refusal);
        });
        if (removal == null) throw new DocumentNotFoundException(documentId);
        if (removal.refusal() != null) throw removal.refusal();
        return removal.document();
    }

    /** Earlier versions of the record, oldest first. */
    public List<Document> history(String documentId) throws IOException {
        List<Document> versions = new ArrayList<>();
        for (String key : store.list(StorageKeys.documentVersions(documentId))) {
            versions.add(Json.read(store.getBytes(key), Document.class));
        }
        return versions;
    }

    /** Ids of every stored document, read from storage alone (used by reindex). */
    public List<String> allIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String folder : store.listFolders(StorageKeys.DOCUMENTS)) {
            String id = folder.substring(StorageKeys.DOCUMENTS.length(), folder.length() - 1);
            if (store.exists(StorageKeys.document(id))) ids.add(id);
        }
        return ids;
    }

    public void savePage(String documentId, PageContent page) throws IOException {
        store.put(StorageKeys.pageContent(documentId, page.number()), Json.bytes(page), JSON);
    }

    public Optional<PageContent> findPage(String documentId, int number) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(StorageKeys.pageContent(documentId, number)), PageContent.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The text of every page the document lists, in order, for the search index: each page as {@link #pages} reads it
     * but without its word boxes ({@code words} empty). The index does not keep them, and building them is most of
     * the work of reading a page; a reindex reads every page of the archive.
     */
    public List<PageContent> pageTexts(Document document) throws IOException {
        List<PageContent> pages = new ArrayList<>(document.pages().size());
        for (PageSummary summary : document.pages()) {
            try {
                pages.add(StoredPageText.read(store.getBytes(StorageKeys.pageContent(document.documentId(), summary.number()))));
            } catch (ObjectNotFoundException e) {
                // listed but not stored (yet): as pages(), left out
            }
        }
        return pages;
    }

    /** The stored content of every page the document lists, in order. */
    public List<PageContent> pages(Document document) throws IOException {
        List<PageContent> pages = new ArrayList<>(document.pages().size());
        for (PageSummary summary : document.pages()) {
            findPage(document.documentId(), summary.number()).ifPresent(pages::add);
        }
        return pages;
    }
}
