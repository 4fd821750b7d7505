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
     * Claims the original for a new document; false when another document holds it already. Of two uploads of the
     * same bytes racing, exactly one claim succeeds (the store's put-if-absent decides).
     */
    public boolean claim(String sha256, String documentId) throws IOException {
        return store.putIfAbsent(StorageKeys.originalOwner(sha256), Json.bytes(Owners.of(List.of(documentId))), JSON).isPresent();
    }

    /** Replaces the owners (a claim left by a document that no longer exists; a stream split into documents). */
    public void set(String sha256, List<String> documentIds) throws IOException {
        locks.withLock("original:" + sha256, () -> {
            store.put(StorageKeys.originalOwner(sha256), Json.bytes(Owners.of(documentIds)), JSON);
            return null;
        });
    }

    /** Removes one owner; returns the owners left (the index entry is removed with the last). */
    public List<String> release(String sha256, String documentId) throws IOException {
        return locks.withLock("original:" + sha256, () -> {
            List<String> left = new ArrayList<>(owners(sha256));
            left.remove(documentId);
            if (left.isEmpty()) {
                store.delete(StorageKeys.originalOwner(sha256));
            } else {
                store.put(StorageKeys.originalOwner(sha256), Json.bytes(Owners.of(left)), JSON);
            }
            return List.copyOf(left);
        });
    }
}
