package org.chartvault.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.chartvault.document.Document;
import org.chartvault.document.PageContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded search index: Lucene on local disk, one Lucene document per page (see {@link PageFields}).
 * Thread-safe: any number of threads may index and search at once. Changes become searchable within
 * {@link #REFRESH_INTERVAL_MS} (or at once after {@link #refresh()}) and durable after {@link #awaitDurable()}.
 */
public final class LuceneSearchIndex implements SearchIndex {
    private static final Logger log = LoggerFactory.getLogger(LuceneSearchIndex.class);

    /** How often new pages are made visible to searches: "findable within a few seconds" with room to spare. */
    static final long REFRESH_INTERVAL_MS = 500;
    /** Deepest result a page of hits may reach; beyond it people refine the search instead of paging. */
    static final int MAX_RESULT_WINDOW = 10_000;
    /** Matches counted exactly while collecting the top pages; beyond it the total is counted apart (see search). */
    static final int TOTAL_HITS_THRESHOLD = 1_000;
    /** Indexing buffer before Lucene flushes a segment; larger than the default for batch ingest. */
    static final double RAM_BUFFER_MB = 64;
    /** The tie-break of every order: by document id, then page (the same in the OpenSearch index). */
    private static final SortField BY_DOCUMENT = KeywordField.newSortField(PageFields.DOCUMENT_ID, false,
            SortedSetSelector.Type.MIN);
    private static final SortField BY_PAGE = IntField.newSortField(PageFields.PAGE, false, SortedNumericSelector.Type.MIN);
    /** Order of a listing without words: newest service date first (undated last), pages of a document in order. */
    private static final Sort NEWEST_FIRST = new Sort(
            LongField.newSortField(PageFields.SERVICE_DATE, true, SortedNumericSelector.Type.MAX, Long.MIN_VALUE),
            BY_DOCUMENT, BY_PAGE);

    /** Oldest date of service first (undated last), pages of a document in order. */
    private static final Sort OLDEST_FIRST = new Sort(
            LongField.newSortField(PageFields.SERVICE_DATE, false, SortedNumericSelector.Type.MIN, Long.MAX_VALUE),
            BY_DOCUMENT, BY_PAGE);
    /** By patient name A to Z (no patient last), then newest first, pages of a document in order. */
    private static final Sort BY_PATIENT = new Sort(patientSortField(),
            LongField.newSortField(PageFields.SERVICE_DATE, true, SortedNumericSelector.Type.MAX, Long.MIN_VALUE),
            BY_DOCUMENT, BY_PAGE);

    /**
     * Best match first; pages that match equally well by document, then page, not in the order they happened to be
     * written: a search answers the same before and after a reindex, and the same on OpenSearch.
     */
    private static final Sort BY_RELEVANCE = new Sort(SortField.FIELD_SCORE, BY_DOCUMENT, BY_PAGE);

    private static SortField patientSortField() {
        SortField field = new SortField(PageFields.PATIENT_SORT, SortField.Type.STRING);
        field.setMissingValue(SortField.STRING_LAST);
        return field;
    }

    /** The sort of an order. */
    private static Sort sortOf(SearchQuery query) {
        return switch (query.order()) {
            case RELEVANCE -> UserQueryParser.isBlank(query.q()) ? NEWEST_FIRST : BY_RELEVANCE;
            case NEWEST -> NEWEST_FIRST;
            case OLDEST -> OLDEST_FIRST;
            case PATIENT -> BY_PATIENT;
        };
    }

    private final Path directory;
    private final FSDirectory fsDirectory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final GroupCommitter committer;
    private final ScheduledExecutorService refresher;
    private final Analyzer indexAnalyzer;
    private final UserQueryParser parser;
    private final SpellingVariants variants = new SpellingVariants();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * True while a rebuild fills the cleared index: the timed refresh pauses, since each one makes Lucene write what
     * it holds in memory as a small segment that must be merged again; the rebuild refreshes once when it ends.
     */
    private volatile boolean rebuilding;

    /** Opens (or creates) the index in {@code directory}, with the synonym list packaged in the jar. */
    public LuceneSearchIndex(Path directory) throws IOException {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.indexAnalyzer = TextAnalysis.indexAnalyzer();
        this.parser = new UserQueryParser(TextAnalysis.queryAnalyzer(TextAnalysis.packagedSynonyms()));
        this.fsDirectory = FSDirectory.open(directory);
        IndexWriterConfig config = new IndexWriterConfig(indexAnalyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setCommitOnClose(true);
        try {
            this.writer = new IndexWriter(fsDirectory, config);
        } catch (LockObtainFailedException e) {
            fsDirectory.close();
            throw new IOException("The search index in " + directory + " is already open in another process or instance.", e);
        } catch (IOException | RuntimeException e) {
            fsDirectory.close();
            throw new IOException("The search index in " + directory + " cannot be opened (" + e.getMessage()
                    + "); it can be deleted and rebuilt from storage with reindex.", e);
        }
        if (writer.getDocStats().numDocs == 0) markCurrentSchema();
        this.searchers = new SearcherManager(writer, true, false, new SearcherFactory());
        this.committer = new GroupCommitter(writer);
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("index-refresh").daemon().factory());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_INTERVAL_MS, REFRESH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void index(Document document, List<PageContent> pages) throws IOException {
        ensureOpen();
        // one atomic replace of the whole document: no search sees it half old, half new, or twice
        writer.updateDocuments(new Term(PageFields.DOCUMENT_ID, document.documentId()), pageDocuments(document, pages));
    }

    /** Re-indexes the given pages with the document's current fields; pages not given are left as they are. */
    @Override
    public void updateMetadata(Document document, List<PageContent> pages) throws IOException {
        ensureOpen();
        for (PageContent page : pages) {
            Term id = new Term(PageFields.ID, PageFields.pageId(document.documentId(), page.number()));
            if (page.blank()) {
                writer.deleteDocuments(id);
            } else {
                writer.updateDocument(id, PageFields.pageDocument(document, page));
            }
        }
    }

    private static List<org.apache.lucene.document.Document> pageDocuments(Document document, List<PageContent> pages) {
        List<org.apache.lucene.document.Document> docs = new ArrayList<>();
        for (PageContent page : pages) {
            if (!page.blank()) docs.add(PageFields.pageDocument(document, page));
        }
        return docs;
    }

    @Override
    public void delete(String documentId) throws IOException {
        ensureOpen();
        writer.deleteDocuments(new Term(PageFields.DOCUMENT_ID, documentId));
    }

    @Override
    public SearchResult search(SearchQuery query) throws BadQueryException, IOException {
        ensureOpen();
        if ((long) query.offset() + query.limit() > MAX_RESULT_WINDOW) {
            throw new BadQueryException("Results can be paged only to the first " + MAX_RESULT_WINDOW
                    + "; add words or filters to narrow the search.");
        }
        Query parsed = parser.parse(query.q());
        int wanted = query.offset() + query.limit();
        IndexSearcher searcher = searchers.acquire();
        try {
            Query words = variants.expand(searcher, parsed);
            Query filtered = withFilters(words, query);
            Sort sort = sortOf(query);
            // top pages without scoring every match: past TOTAL_HITS_THRESHOLD matches Lucene may skip blocks that
            // cannot make the top; the exact total the API promises is then counted apart, without scores
            // A phrase's matches are found by reading positions, which a separate count would do all over again:
            // one exact pass costs less than a skipping pass and a count.
            int counted = readsPositions(words) ? Integer.MAX_VALUE : TOTAL_HITS_THRESHOLD;
            TopDocs top = searcher.search(filtered, new TopFieldCollectorManager(sort, wanted, null, counted));
            long total = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? top.totalHits.value()
                    : searcher.count(filtered);
            ScoreDoc[] slice = top.scoreDocs.length <= query.offset() ? new ScoreDoc[0]
                    : Arrays.copyOfRange(top.scoreDocs, query.offset(), top.scoreDocs.length);
            int[] docIds = new int[slice.length];
            for (int i = 0; i < slice.length; i++) docIds[i] = slice[i].doc;
            // each hit's stored fields read once, for the hit list and for its snippet
            StoredFields stored = searcher.storedFields();
            Map<Integer, org.apache.lucene.document.Document> fields = new HashMap<>();
            int[] inIndexOrder = docIds.clone();
            Arrays.sort(inIndexOrder); // neighbours share a compressed block of stored fields
            for (int doc : inIndexOrder) fields.put(doc, stored.document(doc, HIT_FIELDS));
            List<Snippets.Snippet> snippets = Snippets.of(searcher, indexAnalyzer, searcher.rewrite(words), docIds,
                    doc -> fields.get(doc).get(PageFields.TEXT));
            return new SearchResult(total, hits(slice, fields, snippets));
        } catch (IndexSearcher.TooManyClauses e) {
            throw new BadQueryException("The search expands to too many words (synonyms, spelling variants or "
                    + "wildcards); use fewer or longer words.", e);
        } finally {
            searchers.release(searcher);
        }
    }

    /** A hit's score: ranked by relevance, the first sort value (sorting fills in no other score); else 0. */
    private static float scoreOf(ScoreDoc hit) {
        if (hit instanceof FieldDoc sorted && sorted.fields.length > 0 && sorted.fields[0] instanceof Float score) {
            return score;
        }
        return Float.isNaN(hit.score) ? 0f : hit.score;
    }

    private static Query withFilters(Query words, SearchQuery query) {
        BooleanQuery.Builder all = new BooleanQuery.Builder().add(words, BooleanClause.Occur.MUST);
        if (query.mrn() != null && !query.mrn().isBlank()) {
            all.add(new TermQuery(new Term(PageFields.MRN, query.mrn().strip())), BooleanClause.Occur.FILTER);
        }
        if (query.documentType() != null && !query.documentType().isBlank()) {
            all.add(new TermQuery(new Term(PageFields.DOCUMENT_TYPE, PageFields.lower(query.documentType()))),
                    BooleanClause.Occur.FILTER);
        }
        if (query.from() != null || query.to() != null) {
            long from = query.from() == null ? Long.MIN_VALUE : query.from().toEpochDay();
            long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochDay();
            all.add(LongField.newRangeQuery(PageFields.SERVICE_DATE, from, to), BooleanClause.Occur.FILTER);
        }
        for (String hidden : query.hiddenTypeKeys()) {
            all.add(new TermQuery(new Term(PageFields.DOCUMENT_TYPE_KEY, hidden)), BooleanClause.Occur.MUST_NOT);
        }
        return all.build();
    }

    /** Whether the query holds a phrase (or another query that matches by word positions). */
    static boolean readsPositions(Query query) {
        boolean[] found = {false};
        query.visit(new QueryVisitor() {
            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }

            @Override
            public void consumeTerms(Query leaf, Term... terms) {
                if (leaf instanceof PhraseQuery || leaf instanceof MultiPhraseQuery) found[0] = true;
            }

            @Override
            public void visitLeaf(Query leaf) {
                if (leaf instanceof PhraseQuery || leaf instanceof MultiPhraseQuery) found[0] = true;
            }
        });
        return found[0];
    }

    /** What a hit shows, and the page text its snippet is cut from. */
    private static final Set<String> HIT_FIELDS = Set.of(PageFields.DOCUMENT_ID, PageFields.PAGE, PageFields.MRN,
            PageFields.PATIENT_NAME, PageFields.DOCUMENT_TYPE, PageFields.SERVICE_DATE, PageFields.FILE_NAME,
            PageFields.TEXT);

    private static List<SearchHit> hits(ScoreDoc[] slice, Map<Integer, org.apache.lucene.document.Document> stored,
                                        List<Snippets.Snippet> snippets) {
        List<SearchHit> hits = new ArrayList<>(slice.length);
        for (int i = 0; i < slice.length; i++) {
            var fields = stored.get(slice[i].doc);
            Snippets.Snippet snippet = snippets.get(i);
            float score = scoreOf(slice[i]);
            hits.add(new SearchHit(
                    fields.get(PageFields.DOCUMENT_ID),
                    fields.getField(PageFields.PAGE).numericValue().intValue(),
                    score,
                    snippet.text(),
                    snippet.highlights(),
                    fields.get(PageFields.MRN),
                    fields.get(PageFields.PATIENT_NAME),
                    fields.get(PageFields.DOCUMENT_TYPE),
                    PageFields.epochDayOrNull(fields.getField(PageFields.SERVICE_DATE) == null ? null
                            : fields.getField(PageFields.SERVICE_DATE).numericValue()),
                    fields.get(PageFields.FILE_NAME)));
        }
        return hits;
    }

    @Override
    public Set<String> matchingDocuments(SearchQuery query) throws BadQueryException, IOException {
        ensureOpen();
        Query parsed = parser.parse(query.q());
        IndexSearcher searcher = searchers.acquire();
        try {
            return DocumentIds.matching(searcher, withFilters(variants.expand(searcher, parsed), query));
        } catch (IndexSearcher.TooManyClauses e) {
            throw new BadQueryException("The search expands to too many words (synonyms, spelling variants or "
                    + "wildcards); use fewer or longer words.", e);
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public List<HitBox> hitBoxes(String q, PageContent page) throws BadQueryException {
        ensureOpen();
        return HitBoxes.forQuery(parser, q, page, indexAnalyzer);
    }

    @Override
    public void awaitDurable() throws IOException, InterruptedException {
        ensureOpen();
        committer.awaitDurable();
    }

    @Override
    public void refresh() throws IOException {
        ensureOpen();
        searchers.maybeRefreshBlocking();
    }

    private void refreshQuietly() {
        if (rebuilding) return;
        try {
            searchers.maybeRefresh();
        } catch (IOException | RuntimeException e) {
            // a scheduled task that throws is never run again: log and try on the next tick
            if (!closed.get()) log.warn("Refreshing the search index failed; retrying", e);
        }
    }

    /**
     * Which fields a page carries. An index written by an older ChartVault lacks fields that searches rely on
     * (the type key that keeps protected records out of results), so it is rebuilt from storage at start.
     */
    private static final String SCHEMA = "3"; // 3: the patient sort key
    private static final String SCHEMA_KEY = "chartvault.schema";

    private void markCurrentSchema() {
        writer.setLiveCommitData(Map.of(SCHEMA_KEY, SCHEMA).entrySet());
    }

    @Override
    public boolean needsRebuild() {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (SCHEMA_KEY.equals(e.getKey())) return !SCHEMA.equals(e.getValue());
            }
        }
        return true;
    }

    @Override
    public void clear() throws IOException {
        ensureOpen();
        writer.deleteAll();
        markCurrentSchema();
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void beginRebuild() throws IOException {
        clear();
        rebuilding = true;
    }

    @Override
    public void finishRebuild() {
        rebuilding = false;
    }

    /** What the failed rebuild indexed becomes searchable with the next timed refresh; the index stays usable. */
    @Override
    public void abandonRebuild() {
        rebuilding = false;
    }

    @Override
    public long documentCount() throws IOException {
        ensureOpen();
        IndexSearcher searcher = searchers.acquire();
        try {
            return DocumentIds.count(searcher, MatchAllDocsQuery.INSTANCE);
        } finally {
            searchers.release(searcher);
        }
    }

    /** Commits completed by the background committer (for tests that check callers share commits). */
    long commitsCompleted() {
        return committer.commitsCompleted();
    }

    /** Commits everything indexed and releases the directory; safe to call twice. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) return;
        // Not shutdownNow: interrupting a refresh in the middle of Lucene's file I/O closes the channel under it, which
        // Lucene takes as a tragedy, rolls the writer back and lets go of the index's lock, so the closing commit fails.
        refresher.shutdown();
        boolean committed = false;
        long lastChange = writer.getMaxCompletedSequenceNumber();
        try {
            try {
                refresher.awaitTermination(10, TimeUnit.SECONDS);
                committer.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            searchers.close();
            writer.close(); // commits: setCommitOnClose(true)
            committed = true;
        } finally {
            committer.finish(lastChange, committed);
            fsDirectory.close();
        }
    }

    private void ensureOpen() {
        if (closed.get()) throw new IllegalStateException("The search index in " + directory + " is closed.");
    }
}
