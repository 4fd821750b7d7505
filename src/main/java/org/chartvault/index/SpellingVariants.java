package org.chartvault.index;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spelling variants of each word, looked up once per index generation instead of once per search.
 * Every plain word of a search carries a {@link FuzzyQuery}; expanding it walks the term dictionary of every
 * segment to find the closest spellings in the index, a fixed cost per word that a search for a common word
 * would otherwise pay every time. The expansion depends only on the word and the index as one searcher sees
 * it, so it is kept per reader: a search on the same reader gets the very same variants (and the same hits)
 * as a fresh expansion; the first search on a newer reader (after pages were indexed and refreshed) starts
 * over, so a newly indexed misspelling is found as soon as the page is searchable.
 *
 * <p>Thread-safe. An expansion's term states are all filled while it is made and only read afterwards, and it is
 * published through a concurrent map, so searches may share it. Searches on an older reader still in use after a
 * refresh expand without caching.
 */
final class SpellingVariants {
    /**
     * Distinct words kept per generation. An expansion holds the per-segment term states of up to 16 spellings,
     * a few KB for a common word, so this stays near 10 MB; when full it starts over rather than stop caching.
     */
    static final int MAX_WORDS = 4_096;

    private record Generation(Object readerKey, long version, Map<FuzzyQuery, Query> expansions) {
    }

    private volatile Generation current = new Generation(new Object(), Long.MIN_VALUE, Map.of());

    /** {@code query} with every spelling-variant query replaced by its expansion for {@code searcher}'s index. */
    Query expand(IndexSearcher searcher, Query query) throws IOException {
        return expand(searcher, generation(searcher.getIndexReader()), query);
    }

    /** Words whose expansion is kept for the current generation (for tests). */
    int cachedWords() {
        return current.expansions().size();
    }

    private Generation generation(IndexReader reader) {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        if (helper == null) return null;
        Generation seen = current;
        if (seen.readerKey() == helper.getKey()) return seen;
        long version = reader instanceof DirectoryReader directory ? directory.getVersion() : Long.MIN_VALUE;
        if (version < seen.version()) return null; // a searcher released late: don't throw away the newer cache
        Generation fresh = new Generation(helper.getKey(), version, new ConcurrentHashMap<>());
        synchronized (this) {
            if (current == seen) current = fresh;
            return current.readerKey() == helper.getKey() ? current : null;
        }
    }

    private static Query expand(IndexSearcher searcher, Generation generation, Query query) throws IOException {
        return switch (query) {
            case FuzzyQuery fuzzy -> variants(searcher, generation, fuzzy);
            case BoostQuery boost -> {
                Query inner = expand(searcher, generation, boost.getQuery());
                yield inner == boost.getQuery() ? boost : new BoostQuery(inner, boost.getBoost());
            }
            case DisjunctionMaxQuery max -> {
                List<Query> alternatives = new ArrayList<>(max.getDisjuncts().size());
                boolean changed = false;
                for (Query alternative : max.getDisjuncts()) {
                    Query expanded = expand(searcher, generation, alternative);
                    changed |= expanded != alternative;
                    alternatives.add(expanded);
                }
                yield changed ? new DisjunctionMaxQuery(alternatives, max.getTieBreakerMultiplier()) : max;
            }
            case BooleanQuery bool -> {
                BooleanQuery.Builder rebuilt = new BooleanQuery.Builder()
                        .setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
                boolean changed = false;
                for (BooleanClause clause : bool.clauses()) {
                    Query expanded = expand(searcher, generation, clause.query());
                    changed |= expanded != clause.query();
                    rebuilt.add(expanded, clause.occur());
                }
                yield changed ? rebuilt.build() : bool;
            }
            default -> query;
        };
    }

    private static Query variants(IndexSearcher searcher, Generation generation, FuzzyQuery fuzzy) throws IOException {
        if (generation == null) return fuzzy.rewrite(searcher);
        Query known = generation.expansions().get(fuzzy);
        if (known != null) return known;
        // the same rewrite Lucene would make: the closest spellings, scored as one blended term
        Query expanded = fuzzy.rewrite(searcher);
        if (generation.expansions().size() >= MAX_WORDS) generation.expansions().clear();
        generation.expansions().putIfAbsent(fuzzy, expanded);
        return expanded;
    }
}
