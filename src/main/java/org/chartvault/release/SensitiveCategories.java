package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectStore;
import org.chartvault.storage.SharedSetting;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The list of specially protected record categories, kept in the store ({@code settings/sensitive-categories.json})
 * and edited by administrators. Until someone edits it, the {@linkplain SensitiveCategory#DEFAULTS defaults}
 * apply. A document type belongs to at most one category.
 *
 * <p>Every search hit and every document read asks for the list, so each node keeps it in memory and checks the
 * store for a change at most once a {@code recheck} (see {@link SharedSetting}): a change made on this node applies
 * here at once, on the other nodes within that interval. Release and production plans {@link #refresh} it first,
 * so a disclosure never rests on a copy that is out of date.
 */
public final class SensitiveCategories {
    private static final String LOCK = "settings:sensitive-categories";

    private final SharedSetting<List<SensitiveCategory>> stored;
    private final Locks locks;

    public SensitiveCategories(ObjectStore store, Locks locks, Duration recheck) {
        this.stored = new SharedSetting<>(store, ReleaseKeys.SENSITIVE_CATEGORIES,
                bytes -> Json.read(bytes, Stored.class).categories(), () -> SensitiveCategory.DEFAULTS, recheck);
        this.locks = locks;
    }

    /** The stored form: one object, so a change is all or nothing. */
    record Stored(List<SensitiveCategory> categories) {
        Stored {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }
    }

    /**
     * Checks the store for a change now, whatever the age of this node's copy: what leaves the hospital (a release
     * plan, a production) is decided on the list as stored, not as it was up to a recheck interval ago on this node.
     * Reads that follow within the interval use what this check found.
     */
    public void refresh() throws IOException {
        stored.fresh();
    }

    public List<SensitiveCategory> list() throws IOException {
        return stored.get();
    }

    /** The category a document type belongs to, if any. */
    public Optional<SensitiveCategory> of(String documentType) throws IOException {
        return list().stream().filter(c -> c.covers(documentType)).findFirst();
    }

    /** Adds the category, or replaces the one with the same id. */
    public SensitiveCategory put(SensitiveCategory category) throws IOException {
        return locks.withLock(LOCK, () -> {
            List<SensitiveCategory> next = new ArrayList<>();
            for (SensitiveCategory existing : stored.fresh()) { // another node may have changed it a moment ago
                if (existing.category().equals(category.category())) continue;
                for (String type : category.documentTypes()) {
                    if (existing.covers(type)) {
                        throw new ReleaseConflictException("type-in-other-category", "Document type '" + type
                                + "' already belongs to category " + existing.category() + "; remove it there first.");
                    }
                }
                next.add(existing);
            }
            next.add(category);
            save(next);
            return category;
        });
    }

    /** Removes the category; returns false when there was none with that id. */
    public boolean remove(String category) throws IOException {
        return locks.withLock(LOCK, () -> {
            List<SensitiveCategory> current = stored.fresh();
            List<SensitiveCategory> next = current.stream().filter(c -> !c.category().equals(category)).toList();
            if (next.size() == current.size()) return false;
            save(next);
            return true;
        });
    }

    private void save(List<SensitiveCategory> categories) throws IOException {
        stored.save(List.copyOf(categories), Json.bytes(new Stored(categories)), "application/json");
    }
}
