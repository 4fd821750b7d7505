package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The list of specially protected record categories, kept in the store ({@code settings/sensitive-categories.json})
 * and edited by administrators. Until someone edits it, the {@linkplain SensitiveCategory#DEFAULTS defaults}
 * apply. A document type belongs to at most one category.
 */
public final class SensitiveCategories {
    private static final String LOCK = "settings:sensitive-categories";

    private final ObjectStore store;
    private final Locks locks;

    public SensitiveCategories(ObjectStore store, Locks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** The stored form: one object, so a change is all or nothing. */
    record Stored(List<SensitiveCategory> categories) {
        Stored {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }
    }

    public List<SensitiveCategory> list() throws IOException {
        try {
            return Json.read(store.getBytes(ReleaseKeys.SENSITIVE_CATEGORIES), Stored.class).categories();
        } catch (ObjectNotFoundException e) {
            return SensitiveCategory.DEFAULTS;
        }
    }

    /** The category a document type belongs to, if any. */
    public Optional<SensitiveCategory> of(String documentType) throws IOException {
        return list().stream().filter(c -> c.covers(documentType)).findFirst();
    }

    /** Adds the category, or replaces the one with the same id. */
    public SensitiveCategory put(SensitiveCategory category) throws IOException {
        return locks.withLock(LOCK, () -> {
            List<SensitiveCategory> next = new ArrayList<>();
            for (SensitiveCategory existing : list()) {
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
            List<SensitiveCategory> current = list();
            List<SensitiveCategory> next = current.stream().filter(c -> !c.category().equals(category)).toList();
            if (next.size() == current.size()) return false;
            save(next);
            return true;
        });
    }

    private void save(List<SensitiveCategory> categories) throws IOException {
        store.put(ReleaseKeys.SENSITIVE_CATEGORIES, Json.bytes(new Stored(categories)), "application/json");
    }
}
