package org.chartvault.index;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/**
 * A search as the user asked it. {@code q} takes plain words, "phrases", AND/OR/NOT and field:value;
 * the other fields filter. {@code from}/{@code to} bound the service date, inclusive.
 *
 * @param hiddenTypeKeys document types ({@link org.chartvault.document.Indexing#typeKey keys}) whose pages this
 *                       caller may not see: they are neither returned nor counted
 * @param order          how hits are ranked; {@link Order#RELEVANCE} (a listing without words: newest first)
 */
public record SearchQuery(String q, String mrn, String documentType, LocalDate from, LocalDate to,
                          int offset, int limit, Set<String> hiddenTypeKeys, Order order) {
    public static final int MAX_LIMIT = 100;

    /** The orders a result list can be put in. Totals are exact whichever is chosen. */
    public enum Order {
        /** Best match first; without words, newest date of service first. */
        RELEVANCE,
        /** Newest date of service first, undated last. */
        NEWEST,
        /** Oldest date of service first, undated last. */
        OLDEST,
        /** By patient name (A to Z), then newest first; pages without a patient last. */
        PATIENT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The order named {@code value} ({@code relevance}, {@code newest}, {@code oldest}, {@code patient}). */
        public static Order fromWire(String value) {
            for (Order o : values()) if (o.wire().equals(value)) return o;
            throw new IllegalArgumentException("sort must be relevance, newest, oldest or patient, not '" + value + "'.");
        }
    }

    public SearchQuery {
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        hiddenTypeKeys = hiddenTypeKeys == null ? Set.of() : Set.copyOf(hiddenTypeKeys);
        order = order == null ? Order.RELEVANCE : order;
    }

    /** A search that hides nothing: ChartVault's own work (holds by query, retention). */
    public SearchQuery(String q, String mrn, String documentType, LocalDate from, LocalDate to, int offset, int limit) {
        this(q, mrn, documentType, from, to, offset, limit, Set.of(), Order.RELEVANCE);
    }

    /** The same search, leaving out these document types. */
    public SearchQuery hiding(Set<String> typeKeys) {
        return new SearchQuery(q, mrn, documentType, from, to, offset, limit, typeKeys, order);
    }

    /** The same search in another order. */
    public SearchQuery sorted(Order newOrder) {
        return new SearchQuery(q, mrn, documentType, from, to, offset, limit, hiddenTypeKeys, newOrder);
    }

    public static SearchQuery of(String q) {
        return new SearchQuery(q, null, null, null, null, 0, 20);
    }
}
