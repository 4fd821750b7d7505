package org.chartvault.index;

import java.time.LocalDate;

/**
 * A search as the user asked it. {@code q} takes plain words, "phrases", AND/OR/NOT and field:value;
 * the other fields filter. {@code from}/{@code to} bound the service date, inclusive.
 */
public record SearchQuery(String q, String mrn, String documentType, LocalDate from, LocalDate to,
                          int offset, int limit) {
    public static final int MAX_LIMIT = 100;

    public SearchQuery {
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }

    public static SearchQuery of(String q) {
        return new SearchQuery(q, null, null, null, null, 0, 20);
    }
}
