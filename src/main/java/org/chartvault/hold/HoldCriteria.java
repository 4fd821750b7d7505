package org.chartvault.hold;

import org.chartvault.document.Indexing;

import java.time.LocalDate;
import java.util.List;

/**
 * Which documents a hold preserves: those of the patients named by MRN (of any patient when none is named), whose
 * service date falls in the range, and, when a query is given, whose text matches it.
 * <p>
 * A document whose service date is not known yet is held when the rest matches: a hold errs on the side of
 * preserving, and once held a document stays held until the hold is released, whatever is corrected later.
 *
 * @param mrns  patients' MRNs, exactly as indexed
 * @param query full-text query in the search syntax, or null
 * @param from  first service date covered (inclusive), or null
 * @param to    last service date covered (inclusive), or null
 */
public record HoldCriteria(List<String> mrns, String query, LocalDate from, LocalDate to) {
    /** MRNs one hold may name: a matter about many patients is better split or put as a query. */
    static final int MAX_MRNS = 10_000;
    /** Longest query kept: long enough for any real search, short enough to be stored and audited. */
    static final int MAX_QUERY_LENGTH = 2_000;

    public HoldCriteria {
        mrns = mrns == null ? List.of() : mrns.stream().filter(m -> m != null && !m.isBlank()).map(String::strip)
                .distinct().sorted().toList();
        query = query == null || query.isBlank() ? null : query.strip();
        if (mrns.isEmpty() && query == null) {
            throw new IllegalArgumentException("A hold needs at least one MRN or a search query; a hold on "
                    + "everything would stop all retention.");
        }
        if (mrns.size() > MAX_MRNS) {
            throw new IllegalArgumentException("A hold may name at most " + MAX_MRNS + " MRNs; split the matter "
                    + "into several holds.");
        }
        if (query != null && query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("The hold's query is longer than " + MAX_QUERY_LENGTH + " characters.");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("The service-date range starts (" + from + ") after it ends (" + to + ").");
        }
    }

    /** True when the document's patient and service date fit; the query (if any) is judged by the index. */
    public boolean matchesValues(Indexing indexing) {
        if (!mrns.isEmpty() && (indexing.mrn() == null || !mrns.contains(indexing.mrn()))) return false;
        LocalDate date = indexing.serviceDate();
        if (date == null) return true;
        return (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }

    public boolean namesPatients() {
        return !mrns.isEmpty();
    }
}
