package org.chartvault.index;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.packed.PackedInts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The distinct documents among all pages matching a query, however many there are: a collector marks
 * each page's document in a bit set over the index-wide ordinals of the documentId doc values, so
 * memory grows with the number of documents, not with the number of matching pages, and no stored
 * field is read. Pages of one document may sit in different segments, hence index-wide ordinals.
 */
final class DocumentIds {
    private final IndexSearcher searcher;
    private final List<LeafReaderContext> leaves;
    private final OrdinalMap ordinals;

    private DocumentIds(IndexSearcher searcher) throws IOException {
        this.searcher = searcher;
        this.leaves = searcher.getIndexReader().leaves();
        SortedSetDocValues[] perLeaf = new SortedSetDocValues[leaves.size()];
        for (int i = 0; i < perLeaf.length; i++) perLeaf[i] = values(leaves.get(i));
        this.ordinals = OrdinalMap.build(null, perLeaf, PackedInts.DEFAULT);
    }

    /** Ids of the documents with at least one page matching {@code query}. */
    static Set<String> matching(IndexSearcher searcher, Query query) throws IOException {
        DocumentIds ids = new DocumentIds(searcher);
        return ids.names(ids.mark(query));
    }

    /** How many documents have at least one page matching {@code query}. */
    static long count(IndexSearcher searcher, Query query) throws IOException {
        DocumentIds ids = new DocumentIds(searcher);
        return ids.mark(query).cardinality();
    }

    private FixedBitSet mark(Query query) throws IOException {
        int valueCount = Math.toIntExact(ordinals.getValueCount());
        return searcher.search(query, new CollectorManager<Marker, FixedBitSet>() {
            @Override
            public Marker newCollector() {
                return new Marker(new FixedBitSet(valueCount));
            }

            @Override
            public FixedBitSet reduce(Collection<Marker> markers) {
                FixedBitSet all = new FixedBitSet(valueCount);
                for (Marker m : markers) all.or(m.seen);
                return all;
            }
        });
    }

    private Set<String> names(FixedBitSet seen) throws IOException {
        Set<String> names = new HashSet<>();
        List<SortedSetDocValues> lookups = new ArrayList<>();
        for (LeafReaderContext leaf : leaves) lookups.add(values(leaf));
        for (int ord = 0; ord < seen.length(); ord++) {
            ord = seen.nextSetBit(ord);
            if (ord == DocIdSetIterator.NO_MORE_DOCS) break;
            int segment = ordinals.getFirstSegmentNumber(ord);
            long segmentOrd = ordinals.getFirstSegmentOrd(ord);
            names.add(lookups.get(segment).lookupOrd(segmentOrd).utf8ToString());
        }
        return names;
    }

    private static SortedSetDocValues values(LeafReaderContext leaf) throws IOException {
        return DocValues.getSortedSet(leaf.reader(), PageFields.DOCUMENT_ID);
    }

    private final class Marker extends SimpleCollector {
        final FixedBitSet seen;
        private SortedSetDocValues values;
        private LongValues toGlobal;

        Marker(FixedBitSet seen) {
            this.seen = seen;
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            values = values(context);
            toGlobal = ordinals.getGlobalOrds(context.ord);
        }

        @Override
        public void setScorer(Scorable scorer) {
            // scores are not needed
        }

        @Override
        public void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) {
                for (int i = 0; i < values.docValueCount(); i++) seen.set((int) toGlobal.get(values.nextOrd()));
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
