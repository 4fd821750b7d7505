package org.chartvault.index;

import java.util.List;

/** {@code total} counts all matching pages, {@code hits} is the requested slice of them. */
public record SearchResult(long total, List<SearchHit> hits) {
}
