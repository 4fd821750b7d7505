package org.chartvault.savedsearch;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A search a user keeps to run again: a name and the search's fields as the search screen sends them
 * ({@code q}, {@code mrn}, {@code documentType}, {@code from}, {@code to}, {@code sort}). Only its owner sees it.
 */
public record SavedSearch(String savedSearchId, String owner, String name, Map<String, String> criteria, Instant createdAt) {
    /** The fields a saved search may keep: those of {@code GET /api/search} that say what to find and in which order. */
    public static final Set<String> FIELDS = Set.of("q", "mrn", "documentType", "from", "to", "sort");
    public static final int MAX_NAME = 100;
    public static final int MAX_VALUE = 1000;

    public SavedSearch {
        Objects.requireNonNull(savedSearchId, "savedSearchId");
        Objects.requireNonNull(owner, "owner");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("Give the saved search a name.");
        name = name.strip();
        if (name.length() > MAX_NAME) throw new IllegalArgumentException("Keep the name under " + MAX_NAME + " characters.");
        Map<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, String> e : (criteria == null ? Map.<String, String>of() : criteria).entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw new IllegalArgumentException("A saved search keeps q, mrn, documentType, from, to and sort, not '"
                        + e.getKey() + "'.");
            }
            if (e.getValue() == null || e.getValue().isBlank()) continue;
            if (e.getValue().length() > MAX_VALUE) throw new IllegalArgumentException(e.getKey() + " is too long.");
            kept.put(e.getKey(), e.getValue().strip());
        }
        if (kept.keySet().stream().noneMatch(k -> !k.equals("sort"))) {
            throw new IllegalArgumentException("A saved search needs search words or at least one filter.");
        }
        criteria = Map.copyOf(kept);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
