package org.chartvault.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.core5.http.HttpHost;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.chartvault.document.Document;
import org.chartvault.document.PageContent;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Search on OpenSearch, for several ChartVault nodes sharing one index ({@code CHARTVAULT_SEARCH_URL}). The same
 * pages, fields and analysis as {@link LuceneSearchIndex} (see {@link OpenSearchSchema}); a search is parsed by
 * ChartVault's own parser and sent as the same query ({@link OpenSearchQueries}); snippets and hit boxes are made
 * by ChartVault's own code from the page text, as on the embedded index. index/README.md names what differs.
 *
 * <p>Pages are written under an alias ({@code name}) that points at one concrete index; {@link #clear()} makes a
 * new index and moves the alias to it. Each page is written with the document's version as an external version,
 * so a late write of an older version of a document never replaces a newer one. Searches count exactly
 * ({@code track_total_hits}); {@link #matchingDocuments} walks every match through a point in time.
 */
public final class OpenSearchIndex implements SearchIndex {
    private static final Logger log = LoggerFactory.getLogger(OpenSearchIndex.class);
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Pages fetched per round when walking a whole result set (holds by query, document count). */
    private static final int PAGE_OF_MATCHES = 1_000;
    /** How long a point in time is kept between two rounds of a walk. */
    private static final String KEEP_ALIVE = "1m";

    private final String alias;
    private final ApacheHttpClient5Transport transport;
    private final OpenSearchGenericClient client;
    private final Analyzer indexAnalyzer;
    private final UserQueryParser parser;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean needsRebuild;
    /** The index a rebuild is writing into while searches still read the alias; null when none runs. */
    private volatile String rebuilding;

    /**
     * Connects to the node or cluster at {@code url} and opens the index behind alias {@code name}, making it
     * (and the alias) when it does not exist yet.
     */
    public OpenSearchIndex(String url, String name, Clock clock) throws IOException {
        this.alias = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.indexAnalyzer = TextAnalysis.indexAnalyzer();
        this.parser = new UserQueryParser(TextAnalysis.queryAnalyzer(TextAnalysis.packagedSynonyms()));
        HttpHost host;
        try {
            URI uri = new URI(Objects.requireNonNull(url, "url"));
            if (uri.getHost() == null) throw new URISyntaxException(url, "no host");
            host = new HttpHost(uri.getScheme() == null ? "http" : uri.getScheme(), uri.getHost(),
                    uri.getPort() == -1 ? 9200 : uri.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("CHARTVAULT_SEARCH_URL must be a URL such as http://search.hospital.org:9200, not '"
                    + url + "'.", e);
        }
        this.transport = ApacheHttpClient5TransportBuilder.builder(host).build();
        this.client = new OpenSearchGenericClient(transport);
        try {
            open();
        } catch (java.net.ConnectException e) {
            transport.close();
            throw new IOException("Cannot reach OpenSearch at " + url + " (CHARTVAULT_SEARCH_URL): " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    private void open() throws IOException {
        JsonNode aliases = send("GET", "/_alias/" + alias, null, 200, 404);
        if (aliases.has("error") || !aliases.fieldNames().hasNext()) {
            // one fixed name for the first index: nodes starting together on an empty cluster make one index, not
            // one each behind the same alias (the second PUT is refused as existing, and its alias action repeats)
            String index = alias + "-1";
            JsonNode made = send("PUT", "/" + index, OpenSearchSchema.newIndex(), 200, 400);
            if (made.has("error") && !"resource_already_exists_exception".equals(made.path("error").path("type").asText())) {
                throw new IOException("OpenSearch refused to create the index " + index + ": " + reason(made.toString()));
            }
            send("POST", "/_aliases", actions(null, index), 200);
            // a new index next to an archive that has documents (first start on OpenSearch, or the index was
            // lost) must be filled from storage, as a missing embedded index is
            needsRebuild = true;
            log.info("Created the OpenSearch index {} behind the alias {}", index, alias);
            return;
        }
        String index = aliases.fieldNames().next();
        JsonNode mapping = send("GET", "/" + index + "/_mapping", null, 200);
        int schema = mapping.path(index).path("mappings").path("_meta").path("chartvaultSchema").asInt(-1);
        needsRebuild = schema != OpenSearchSchema.SCHEMA;
        if (needsRebuild) log.info("The OpenSearch index {} has schema {}, not {}: it will be rebuilt", index, schema, OpenSearchSchema.SCHEMA);
    }

    /** A new concrete index, named after the alias and the time, so a rebuild never writes into the one in use. */
    private String createIndex() throws IOException {
        String index = alias + "-" + clock.millis() + "-" + Integer.toHexString((int) System.nanoTime() & 0xffff);
        send("PUT", "/" + index, OpenSearchSchema.newIndex(), 200);
        return index;
    }

    private ObjectNode actions(String removeFrom, String addTo) {
        ObjectNode body = JSON.objectNode();
        ArrayNode actions = body.putArray("actions");
        if (removeFrom != null) actions.addObject().putObject("remove").put("index", removeFrom).put("alias", alias);
        actions.addObject().putObject("add").put("index", addTo).put("alias", alias).put("is_write_index", true);
        return body;
    }

    @Override
    public void index(Document document, List<PageContent> pages) throws IOException {
        ensureOpen();
        StringBuilder bulk = new StringBuilder();
        ArrayNode kept = JSON.arrayNode();
        for (PageContent page : pages) {
            if (page.blank()) continue;
            appendIndex(bulk, document, page);
            kept.add(page.number());
        }
        // wait_for: the delete below must see every page written before (it searches what is refreshed). Not
        // while rebuilding: the new index holds no pages of older layouts (the rebuild writes each document once),
        // and a rebuild of a whole archive must not wait a refresh per document
        boolean rebuild = rebuilding != null;
        if (!bulk.isEmpty()) sendBulk(bulk, !rebuild);
        else if (!rebuild) send("POST", "/" + writeTarget() + "/_refresh", null, 200);
        // pages of older versions, and of this version that are no longer there (or blank): gone, as the embedded
        // index replaces the whole document; pages of a newer version are left alone
        ObjectNode older = OpenSearchQueries.single("range", JSON.objectNode().set(OpenSearchSchema.DOCUMENT_VERSION,
                JSON.objectNode().put("lt", document.version())));
        ObjectNode sameVersionGone = JSON.objectNode();
        sameVersionGone.putArray("filter").add(OpenSearchQueries.term(OpenSearchSchema.DOCUMENT_VERSION,
                Long.toString(document.version())));
        sameVersionGone.putArray("must_not").add(OpenSearchQueries.single("terms",
                JSON.objectNode().set(PageFields.PAGE, kept)));
        ObjectNode stale = JSON.objectNode();
        stale.putArray("filter").add(OpenSearchQueries.term(PageFields.DOCUMENT_ID, document.documentId()));
        stale.putArray("should").add(older).add(OpenSearchQueries.single("bool", sameVersionGone));
        stale.put("minimum_should_match", 1);
        deleteByQuery(OpenSearchQueries.single("bool", stale));
    }

    @Override
    public void updateMetadata(Document document, List<PageContent> pages) throws IOException {
        ensureOpen();
        StringBuilder bulk = new StringBuilder();
        for (PageContent page : pages) {
            if (page.blank()) {
                ObjectNode action = JSON.objectNode();
                action.putObject("delete").put("_id", PageFields.pageId(document.documentId(), page.number()))
                        .put("version", document.version()).put("version_type", "external_gte");
                bulk.append(action).append('\n');
            } else {
                appendIndex(bulk, document, page);
            }
        }
        if (!bulk.isEmpty()) sendBulk(bulk, false);
    }

    private static void appendIndex(StringBuilder bulk, Document document, PageContent page) {
        ObjectNode action = JSON.objectNode();
        // external_gte: writing the same version again (a retry, a rebuild) is fine; an older one is refused
        action.putObject("index").put("_id", PageFields.pageId(document.documentId(), page.number()))
                .put("version", document.version()).put("version_type", "external_gte");
        bulk.append(action).append('\n').append(OpenSearchSchema.page(document, page)).append('\n');
    }

    private void sendBulk(StringBuilder bulk, boolean waitForRefresh) throws IOException {
        sendBulk(writeTarget(), bulk, waitForRefresh);
    }

    private void sendBulk(String index, StringBuilder bulk, boolean waitForRefresh) throws IOException {
        JsonNode answer = sendRaw("POST", "/" + index + "/_bulk" + (waitForRefresh ? "?refresh=wait_for" : ""),
                bulk.toString(), "application/x-ndjson", 200);
        if (!answer.path("errors").asBoolean(false)) return;
        for (JsonNode item : answer.path("items")) {
            JsonNode result = item.elements().next();
            int status = result.path("status").asInt();
            // 409: the page is already there from a newer version of the document, which must win
            if (status >= 300 && status != 409 && status != 404) {
                throw new IOException("OpenSearch refused to write page " + result.path("_id").asText() + ": "
                        + result.path("error").path("reason").asText(result.path("error").toString()));
            }
        }
    }

    @Override
    public void delete(String documentId) throws IOException {
        ensureOpen();
        ObjectNode query = OpenSearchQueries.term(PageFields.DOCUMENT_ID, documentId);
        String target = rebuilding;
        // during a rebuild from both: the index searched now and the one searched next; refreshed first, so that
        // pages written a moment ago are found and deleted too
        if (target != null) {
            send("POST", "/" + target + "/_refresh", null, 200);
            deleteByQuery(target, query);
        }
        send("POST", "/" + alias + "/_refresh", null, 200);
        deleteByQuery(alias, query);
    }

    private void deleteByQuery(ObjectNode query) throws IOException {
        deleteByQuery(writeTarget(), query);
    }

    /**
     * Deletes the pages {@code query} finds, each by id (OpenSearch's delete-by-query lives in a module a node
     * need not have). Callers refresh first (wait_for) so that every page written before is found.
     */
    private void deleteByQuery(String index, ObjectNode query) throws IOException {
        ObjectNode body = JSON.objectNode();
        body.put("size", LuceneSearchIndex.MAX_RESULT_WINDOW);
        body.put("_source", false);
        body.put("version", true);
        body.set("query", query);
        JsonNode hits = send("POST", "/" + index + "/_search", body, 200).path("hits").path("hits");
        if (hits.isEmpty()) return;
        StringBuilder bulk = new StringBuilder();
        for (JsonNode hit : hits) {
            ObjectNode action = JSON.objectNode();
            // the version found: a page rewritten since (by a newer version) is not deleted (409, ignored)
            action.putObject("delete").put("_index", hit.path("_index").asText()).put("_id", hit.path("_id").asText())
                    .put("version", hit.path("_version").asLong()).put("version_type", "external_gte");
            bulk.append(action).append('\n');
        }
        sendBulk(index, bulk, false);
    }

    /** Where pages are written: the alias, or the index being rebuilt. */
    private String writeTarget() {
        String target = rebuilding;
        return target != null ? target : alias;
    }

    @Override
    public SearchResult search(SearchQuery query) throws BadQueryException, IOException {
        ensureOpen();
        if ((long) query.offset() + query.limit() > LuceneSearchIndex.MAX_RESULT_WINDOW) {
            throw new BadQueryException("Results can be paged only to the first " + LuceneSearchIndex.MAX_RESULT_WINDOW
                    + "; add words or filters to narrow the search.");
        }
        Query words = parser.parse(query.q());
        ObjectNode body = JSON.objectNode();
        body.put("from", query.offset());
        body.put("size", query.limit());
        // exact totals, as the API promises
        body.put("track_total_hits", true);
        body.set("query", filtered(words, query));
        ArrayNode sort = sortOf(query);
        body.set("sort", sort);
        if (sort.path(0).has("_score")) body.put("track_scores", true); // ranked: each hit's score, as embedded
        JsonNode answer = search(body);
        long total = answer.path("hits").path("total").path("value").asLong();
        List<JsonNode> found = new ArrayList<>();
        answer.path("hits").path("hits").forEach(found::add);
        List<Snippets.Snippet> snippets = snippets(words, found);
        List<SearchHit> hits = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            JsonNode hit = found.get(i);
            JsonNode source = hit.path("_source");
            Snippets.Snippet snippet = snippets.get(i);
            hits.add(new SearchHit(
                    source.path(PageFields.DOCUMENT_ID).asText(),
                    source.path(PageFields.PAGE).asInt(),
                    hit.path("_score").isNumber() ? (float) hit.path("_score").asDouble() : 0f,
                    snippet.text(),
                    snippet.highlights(),
                    text(source, PageFields.MRN),
                    text(source, PageFields.PATIENT_NAME),
                    text(source, OpenSearchSchema.DOCUMENT_TYPE_SHOWN),
                    source.has(PageFields.SERVICE_DATE) ? PageFields.epochDayOrNull(source.path(PageFields.SERVICE_DATE).asLong()) : null,
                    text(source, OpenSearchSchema.FILE_NAME_SHOWN)));
        }
        return new SearchResult(total, hits);
    }

    private static String text(JsonNode source, String field) {
        JsonNode value = source.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The words and the filters of the search, as {@code LuceneSearchIndex.withFilters} puts them together. */
    private static ObjectNode filtered(Query words, SearchQuery query) {
        ObjectNode bool = JSON.objectNode();
        bool.putArray("must").add(OpenSearchQueries.of(words));
        ArrayNode filter = bool.putArray("filter");
        if (query.mrn() != null && !query.mrn().isBlank()) filter.add(OpenSearchQueries.term(PageFields.MRN, query.mrn().strip()));
        if (query.documentType() != null && !query.documentType().isBlank()) {
            filter.add(OpenSearchQueries.term(PageFields.DOCUMENT_TYPE, PageFields.lower(query.documentType())));
        }
        if (query.from() != null || query.to() != null) {
            ObjectNode bounds = JSON.objectNode();
            if (query.from() != null) bounds.put("gte", query.from().toEpochDay());
            if (query.to() != null) bounds.put("lte", query.to().toEpochDay());
            filter.add(OpenSearchQueries.single("range", JSON.objectNode().set(PageFields.SERVICE_DATE, bounds)));
        }
        ArrayNode mustNot = bool.putArray("must_not");
        for (String hidden : query.hiddenTypeKeys()) mustNot.add(OpenSearchQueries.term(PageFields.DOCUMENT_TYPE_KEY, hidden));
        return OpenSearchQueries.single("bool", bool);
    }

    /** The same orders as the embedded index (relevance: by score, ties by document, then page, as there). */
    private static ArrayNode sortOf(SearchQuery query) {
        return switch (query.order()) {
            case RELEVANCE -> UserQueryParser.isBlank(query.q()) ? byDate("desc") : byScore();
            case NEWEST -> byDate("desc");
            case OLDEST -> byDate("asc");
            case PATIENT -> {
                ArrayNode sort = JSON.arrayNode();
                sort.addObject().putObject(PageFields.PATIENT_SORT).put("order", "asc").put("missing", "_last");
                sort.addAll(byDate("desc"));
                yield sort;
            }
        };
    }

    private static ArrayNode byScore() {
        ArrayNode sort = JSON.arrayNode();
        sort.addObject().putObject("_score").put("order", "desc");
        return thenByDocumentAndPage(sort);
    }

    /** The tie-break of every order, as in the embedded index: by document id, then page. */
    private static ArrayNode thenByDocumentAndPage(ArrayNode sort) {
        sort.addObject().putObject(OpenSearchSchema.DOCUMENT_ID_KEY).put("order", "asc");
        sort.addObject().putObject(PageFields.PAGE).put("order", "asc");
        return sort;
    }

    private static ArrayNode byDate(String order) {
        ArrayNode sort = JSON.arrayNode();
        // desc by the newest, asc by the oldest value, undated last: the embedded index's MAX / MIN selectors
        sort.addObject().putObject(PageFields.SERVICE_DATE).put("order", order).put("missing", "_last")
                .put("mode", "desc".equals(order) ? "max" : "min");
        return thenByDocumentAndPage(sort);
    }

    /**
     * Snippets made as the embedded index makes them, from the pages' text: the found pages in a small in-memory
     * Lucene index, the same highlighter, the same query.
     */
    private List<Snippets.Snippet> snippets(Query words, List<JsonNode> found) throws IOException {
        if (found.isEmpty()) return List.of();
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(indexAnalyzer))) {
                for (JsonNode hit : found) {
                    var page = new org.apache.lucene.document.Document();
                    page.add(new Field(PageFields.TEXT, hit.path("_source").path(PageFields.TEXT).asText(""), PageFields.TEXT_TYPE));
                    writer.addDocument(page);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int[] docIds = new int[found.size()];
                for (int i = 0; i < docIds.length; i++) docIds[i] = i;
                return Snippets.of(searcher, indexAnalyzer, searcher.rewrite(words), docIds);
            }
        } catch (IndexSearcher.TooManyClauses e) {
            return found.stream().map(h -> Snippets.Snippet.EMPTY).toList();
        }
    }

    @Override
    public Set<String> matchingDocuments(SearchQuery query) throws BadQueryException, IOException {
        ensureOpen();
        ObjectNode filtered = filtered(parser.parse(query.q()), query);
        JsonNode pit = send("POST", "/" + alias + "/_search/point_in_time?keep_alive=" + KEEP_ALIVE, null, 200);
        String pitId = pit.path("pit_id").asText();
        Set<String> ids = new HashSet<>();
        try {
            JsonNode after = null;
            while (true) {
                ObjectNode body = JSON.objectNode();
                body.put("size", PAGE_OF_MATCHES);
                body.put("track_total_hits", false);
                body.put("_source", false);
                body.putArray("docvalue_fields").add(OpenSearchSchema.DOCUMENT_ID_KEY);
                body.putObject("pit").put("id", pitId).put("keep_alive", KEEP_ALIVE);
                body.set("query", filtered);
                ArrayNode sort = body.putArray("sort");
                sort.addObject().put(OpenSearchSchema.DOCUMENT_ID_KEY, "asc");
                sort.addObject().put(PageFields.PAGE, "asc");
                if (after != null) body.set("search_after", after);
                JsonNode answer = send("POST", "/_search", body, 200);
                JsonNode hits = answer.path("hits").path("hits");
                for (JsonNode hit : hits) ids.add(hit.path("fields").path(OpenSearchSchema.DOCUMENT_ID_KEY).path(0).asText());
                if (hits.size() < PAGE_OF_MATCHES) return ids;
                after = hits.get(hits.size() - 1).path("sort");
                if (answer.has("pit_id")) pitId = answer.path("pit_id").asText();
            }
        } finally {
            ObjectNode release = JSON.objectNode();
            release.putArray("pit_id").add(pitId);
            try {
                send("DELETE", "/_search/point_in_time", release, 200, 404);
            } catch (IOException e) {
                log.debug("Releasing a point in time failed; it expires by itself", e);
            }
        }
    }

    @Override
    public List<HitBox> hitBoxes(String q, PageContent page) throws BadQueryException {
        ensureOpen();
        return HitBoxes.forQuery(parser, q, page, indexAnalyzer);
    }

    /** Nothing to wait for: OpenSearch writes its translog to disk before it answers a write (durability "request"). */
    @Override
    public void awaitDurable() {
        ensureOpen();
    }

    @Override
    public void refresh() throws IOException {
        ensureOpen();
        send("POST", "/" + alias + "/_refresh", null, 200);
    }

    @Override
    public boolean needsRebuild() {
        return needsRebuild;
    }

    /** A new empty index behind the alias; the old one is deleted once the alias has moved. */
    @Override
    public void clear() throws IOException {
        ensureOpen();
        switchTo(createIndex());
    }

    /** Pages are written into a new index from now on; searches read the alias, and so the old one, until the end. */
    @Override
    public synchronized void beginRebuild() throws IOException {
        ensureOpen();
        String abandoned = rebuilding;
        rebuilding = createIndex();
        if (abandoned != null) send("DELETE", "/" + abandoned, null, 200, 404);
    }

    /** The alias moves to the rebuilt index in one step: no moment without an index to search. */
    @Override
    public synchronized void finishRebuild() throws IOException {
        ensureOpen();
        String rebuilt = rebuilding;
        if (rebuilt == null) return;
        send("POST", "/" + rebuilt + "/_refresh", null, 200);
        switchTo(rebuilt);
        rebuilding = null;
    }

    private void switchTo(String fresh) throws IOException {
        String old = currentIndex();
        send("POST", "/_aliases", actions(old, fresh), 200);
        if (old != null && !old.equals(fresh)) send("DELETE", "/" + old, null, 200, 404);
        needsRebuild = false;
    }

    @Override
    public long documentCount() throws IOException {
        ensureOpen();
        long count = 0;
        JsonNode after = null;
        while (true) {
            ObjectNode composite = JSON.objectNode().put("size", PAGE_OF_MATCHES);
            composite.putArray("sources").addObject().putObject("doc").putObject("terms").put("field", OpenSearchSchema.DOCUMENT_ID_KEY);
            if (after != null) composite.set("after", after);
            ObjectNode body = JSON.objectNode().put("size", 0).put("track_total_hits", false);
            body.putObject("aggs").putObject("documents").set("composite", composite);
            JsonNode documents = search(body).path("aggregations").path("documents");
            count += documents.path("buckets").size();
            if (documents.path("buckets").size() < PAGE_OF_MATCHES || !documents.has("after_key")) return count;
            after = documents.path("after_key");
        }
    }

    private JsonNode search(ObjectNode body) throws IOException {
        return send("POST", "/" + alias + "/_search", body, 200);
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) return;
        transport.close();
    }

    private void ensureOpen() {
        if (closed.get()) throw new IllegalStateException("The OpenSearch index " + alias + " is closed.");
    }

    private JsonNode send(String method, String endpoint, JsonNode body, int... expected) throws IOException {
        return sendRaw(method, endpoint, body == null ? null : body.toString(), "application/json", expected);
    }

    private JsonNode sendRaw(String method, String endpoint, String body, String contentType, int... expected)
            throws IOException {
        var request = Requests.builder().method(method).endpoint(endpoint);
        if (body != null) request.body(Body.from(body.getBytes(StandardCharsets.UTF_8), contentType));
        try (Response response = client.execute(request.build())) {
            String text = response.getBody().map(Body::bodyAsString).orElse("{}");
            for (int status : expected) {
                if (response.getStatus() == status) return JSON_MAPPER.readTree(text.isBlank() ? "{}" : text);
            }
            throw new IOException("OpenSearch answered " + response.getStatus() + " to " + method + " " + endpoint
                    + ": " + reasonOrText(text));
        }
    }

    /** The reason OpenSearch gives, without echoing a request (which may hold page text) into logs. */
    private static String reason(String answer) {
        try {
            JsonNode error = JSON_MAPPER.readTree(answer).path("error");
            JsonNode root = error.path("root_cause").path(0);
            return root.path("type").asText(error.path("type").asText("?")) + ": "
                    + root.path("reason").asText(error.path("reason").asText(""));
        } catch (IOException e) {
            return answer.length() > 200 ? answer.substring(0, 200) : answer;
        }
    }

    private static String reasonOrText(String answer) {
        String reason = reason(answer);
        return reason.startsWith("?") ? (answer.length() > 200 ? answer.substring(0, 200) : answer) : reason;
    }

    /** The tokens the index's analyzer {@code analyzer} makes of {@code text} (for tests of the analysis). */
    JsonNode analyze(String analyzer, String text) throws IOException {
        ObjectNode body = JSON.objectNode().put("analyzer", analyzer).put("text", text);
        return send("POST", "/" + alias + "/_analyze", body, 200).path("tokens");
    }

    /** Which concrete index the alias points at now. */
    String currentIndex() throws IOException {
        List<String> behind = indexesBehindAlias();
        return behind.isEmpty() ? null : behind.getFirst();
    }

    /** Every concrete index behind the alias: one, except while something is wrong. */
    List<String> indexesBehindAlias() throws IOException {
        JsonNode aliases = send("GET", "/_alias/" + alias, null, 200, 404);
        List<String> names = new ArrayList<>();
        if (!aliases.has("error")) aliases.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
