package org.chartvault.index;

import java.time.LocalDate;
import java.util.Set;

/**
 * A search as the user asked it. {@code q} takes plain words, "phrases", AND/OR/NOT and field:value;
 * the other fields filter. {@code from}/{@code to} bound the service date, inclusive.
 *
 * @param hiddenTypeKeys document types ({@link org.chartvault.document.Indexing#typeKey keys}) whose pages this
 *                       caller may not see: they are neither returned nor counted
 */
public record SearchQuery(String q, String mrn, String documentType, LocalDate from, LocalDate to,
                          int offset, int limit, Set<String> hiddenTypeKeys) {
    public static final int MAX_LIMIT = 100;

    public SearchQuery {
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        hiddenTypeKeys = hiddenTypeKeys == null ? Set.of() : Set.copyOf(hiddenTypeKeys);
    }

    /** A search that hides nothing: ChartVault's own work (holds by query, retention). */
    public SearchQuery(String q, String mrn, String documentType, LocalDate from, LocalDate to, int offset, int limit) {
        this(q, mrn, documentType, from, to, offset, limit, Set.of());
    }

    /** The same search, leaving out these document types. */
    public SearchQuery hiding(Set<String> typeKeys) {
        return new SearchQuery(q, mrn, documentType, from, to, offset, limit, typeKeys);
    }

    public static SearchQuery of(String q) {
        return new SearchQuery(q, null, null, null, null, 0, 20);
    }
}
