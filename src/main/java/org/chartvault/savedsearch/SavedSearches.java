package org.chartvault.savedsearch;

import org.chartvault.Ids;
import org.chartvault.Json;
import org.chartvault.security.User;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Each user's saved searches, one object each under {@code saved-searches/<username>/<id>.json} in the object
 * store (so every node sees them and they survive like other per-user records). Every operation is by owner:
 * nobody lists, reads or removes another user's saved searches, and an id that is someone else's is answered as
 * one that does not exist.
 */
public final class SavedSearches {
    static final String PREFIX = "saved-searches/";
    /** Enough for anyone's working list; a runaway script cannot fill the store. */
    public static final int MAX_PER_USER = 100;
    private static final String JSON = "application/json";

    private final ObjectStore store;
    private final Locks locks;
    private final Clock clock;

    public SavedSearches(ObjectStore store, Locks locks, Clock clock) {
        this.store = store;
        this.locks = locks;
        this.clock = clock;
    }

    /** The owner's saved searches, oldest first. */
    public List<SavedSearch> list(String owner) throws IOException {
        List<SavedSearch> found = new ArrayList<>();
        for (String key : store.list(folder(owner))) {
            if (!key.endsWith(".json")) continue;
            try {
                found.add(Json.read(store.getBytes(key), SavedSearch.class));
            } catch (ObjectNotFoundException e) {
                // removed while listed
            }
        }
        found.sort(Comparator.comparing(SavedSearch::createdAt).thenComparing(SavedSearch::savedSearchId));
        return found;
    }

    /**
     * Keeps a new saved search for {@code owner}; refused (IllegalArgumentException) when it is malformed or one too
     * many. Counted and written under the owner's lock, so saves sent at once cannot pass the limit together.
     */
    public SavedSearch save(String owner, String name, Map<String, String> criteria) throws IOException {
        SavedSearch saved = new SavedSearch(Ids.next("srch"), owner, name, criteria, clock.instant());
        return locks.withLock("saved-searches:" + owner, () -> {
            if (store.list(folder(owner)).size() >= MAX_PER_USER) {
                throw new IllegalArgumentException("You have " + MAX_PER_USER + " saved searches; remove one you no longer use first.");
            }
            store.put(key(owner, saved.savedSearchId()), Json.bytes(saved), JSON);
            return saved;
        });
    }

    /** Removes the owner's saved search; false when the owner has none by that id. */
    public boolean delete(String owner, String savedSearchId) throws IOException {
        if (!Ids.looksLike("srch", savedSearchId)) return false;
        String key = key(owner, savedSearchId);
        if (!store.exists(key)) return false;
        store.delete(key);
        return true;
    }

    private static String folder(String owner) {
        if (!User.isWellFormedUsername(owner)) throw new IllegalArgumentException("not a user name: " + owner);
        return PREFIX + owner + "/";
    }

    private static String key(String owner, String savedSearchId) {
        return folder(owner) + savedSearchId + ".json";
    }
}
