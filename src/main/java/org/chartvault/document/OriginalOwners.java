package org.chartvault.document;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which documents an original belongs to ({@code originals-index/<sha256>.json}): usually one, several when a
 * scanned stream was split into documents. How a re-upload is recognised as a duplicate, and why the original
 * is only deleted with the last document that uses it.
 */
public final class OriginalOwners {
    private static final String JSON = "application/json";

    /** {@code documentId} is the first owner (kept for readers of the older one-owner form). */
    record Owners(String documentId, List<String> documentIds) {
        Owners {
            documentIds = documentIds == null || documentIds.isEmpty()
                    ? (documentId == null ? List.of() : List.of(documentId)) : List.copyOf(documentIds);
        }

        static Owners of(List<String> ids) {
            return new Owners(ids.isEmpty() ? null : ids.get(0), ids);
        }
    }

    private final ObjectStore store;
    private final Locks locks;

    public OriginalOwners(ObjectStore store, Locks locks) {
        this.store = store;
        this.locks = locks;
    }

    public List<String> owners(String sha256) throws IOException {
        try {
            return Json.read(store.getBytes(StorageKeys.originalOwner(sha256)), Owners.class).documentIds();
        } catch (ObjectNotFoundException e) {
            return List.of();
        }
    }

    /**
     * Runs {@code action} holding the original's lock: the same lock under which owners are changed and an
     * original is deleted with its last owner. Receiving a file checks "archived already?", takes the original
     * and creates its document all inside it, so of any number of uploads of the same bytes exactly one makes a
     * document, and a deletion can never remove an original that an upload has just been told is archived.
     */
    public <T, E extends Exception> T exclusively(String sha256, Locks.Action<T, E> action) throws E {
        return locks.withLock(lockName(sha256), action);
    }

    /** Replaces the owners (a claim left by a document that no longer exists; a stream split into documents). */
    public void set(String sha256, List<String> documentIds) throws IOException {
        locks.withLock(lockName(sha256), () -> {
            store.put(StorageKeys.originalOwner(sha256), Json.bytes(Owners.of(documentIds)), JSON);
            return null;
        });
    }

    /** Adds a document to the original's owners (a part split off one of them), under the original's lock. */
    public void add(String sha256, String documentId) throws IOException {
        locks.withLock(lockName(sha256), () -> {
            List<String> owning = new ArrayList<>(owners(sha256));
            if (!owning.contains(documentId)) owning.add(documentId);
            store.put(StorageKeys.originalOwner(sha256), Json.bytes(Owners.of(owning)), JSON);
            return null;
        });
    }

    /** The original now belongs to {@code to} instead of {@code from} (a document joined into another). */
    public void transfer(String sha256, String from, String to) throws IOException {
        locks.withLock(lockName(sha256), () -> {
            List<String> owning = new ArrayList<>(owners(sha256));
            owning.remove(from);
            if (!owning.contains(to)) owning.add(to);
            store.put(StorageKeys.originalOwner(sha256), Json.bytes(Owners.of(owning)), JSON);
            return null;
        });
    }

    /**
     * Removes one owner; with the last one the original itself is deleted, under the same lock as
     * {@link #exclusively}. Returns true when the original went.
     */
    public boolean disown(String sha256, String documentId) throws IOException {
        return locks.withLock(lockName(sha256), () -> {
            List<String> left = new ArrayList<>(owners(sha256));
            left.remove(documentId);
            if (!left.isEmpty()) {
                store.put(StorageKeys.originalOwner(sha256), Json.bytes(Owners.of(left)), JSON);
                return false;
            }
            store.delete(StorageKeys.original(sha256));
            store.delete(StorageKeys.originalOwner(sha256));
            return true;
        });
    }

    private static String lockName(String sha256) {
        return "original:" + sha256;
    }
}
