package org.chartvault.bench;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.PageContent;
import org.chartvault.index.LuceneSearchIndex;
import org.chartvault.testing.RunningChartVault;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code bench search}: builds an index of generated chart pages (default one million) with ChartVault's own
 * {@link LuceneSearchIndex} straight into a data directory, serves it through a real ChartVault over HTTP, loads the
 * same pages into PostgreSQL (tsvector column, GIN index), and measures latency and throughput of five kinds of
 * searches from 1 and 8 concurrent clients against both. ChartVault's figures include HTTP, authentication, JSON and
 * the audit entry every search writes; PostgreSQL's are plain JDBC, no HTTP in front.
 */
final class SearchBench {
    private static final long SEED = 20_240_601L;
    private static final int BUILD_THREADS = 2;
    /** Documents per COPY round trip into PostgreSQL. */
    private static final int COPY_BATCH = 500;

    private final int pages;
    private final int seconds;
    private final boolean postgres;
    private final boolean opensearch;
    private final ChartText text = new ChartText(SEED);
    private final Report report;

    private SearchBench(Options options) {
        this.pages = options.integer("pages", 1_000_000);
        this.seconds = options.integer("seconds", 20);
        this.postgres = Boolean.parseBoolean(options.text("postgres", "true"));
        this.opensearch = Boolean.parseBoolean(options.text("opensearch", "false"));
        if (pages < 1000) throw new IllegalArgumentException("--pages must be at least 1000");
        this.report = new Report("search", "./chartvault bench search" + options.asArguments());
    }

    static void run(List<String> args) throws Exception {
        new SearchBench(Options.parse(args, Set.of("pages", "seconds", "postgres", "opensearch"))).run();
    }

    private void run() throws Exception {
        long documents = text.documentsFor(pages);
        long pageCount = text.pagesOf(documents);
        long patients = (documents + ChartText.DOCUMENTS_PER_PATIENT - 1) / ChartText.DOCUMENTS_PER_PATIENT;
        Path dataDir = Files.createTempDirectory("chartvault-bench-search-");
        Postgres pg = null;
        org.chartvault.index.OpenSearchIndex openSearch = null;
        String openSearchUrl = null, openSearchName = null;
        try {
            log("building ChartVault's index of %,d pages (%,d documents, %,d patients) in %s", pageCount, documents, patients, dataDir);
            long[] textBytes = new long[1];
            long luceneMillis = buildLucene(dataDir.resolve("index"), documents, textBytes);
            long luceneBytes = sizeOf(dataDir.resolve("index"));
            Table build = report.table(new Table("Building the index: " + String.format(Locale.ROOT, "%,d", pageCount)
                    + " pages, " + String.format(Locale.ROOT, "%,d", documents) + " documents, "
                    + String.format(Locale.ROOT, "%,d", patients) + " patients, "
                    + Stats.num(textBytes[0] / 1e9, 2) + " GB of text",
                    "engine", "step", "time", "pages/s", "size on disk"));
            build.row("ChartVault (Lucene 10.6, LuceneSearchIndex, " + BUILD_THREADS + " threads)", "index pages, commit",
                    seconds(luceneMillis), Stats.num(pageCount / (luceneMillis / 1000.0), 0), gb(luceneBytes));
            report.figure("pages", pageCount);
            report.figure("chartvaultBuildSeconds", luceneMillis / 1000.0);

            if (opensearch) {
                String url = openSearchUrl = org.chartvault.testing.OpenSearch.url();
                String name = openSearchName = "bench-search-" + Long.toHexString(System.nanoTime());
                openSearch = new org.chartvault.index.OpenSearchIndex(url, name, java.time.Clock.systemUTC());
                log("indexing the same pages into OpenSearch at %s (OpenSearchIndex, %d threads)", url, BUILD_THREADS);
                long openSearchMillis = buildOpenSearch(openSearch, documents);
                OpenSearchSize size = OpenSearchSize.of(url, name);
                build.row("OpenSearch " + size.version() + " (OpenSearchIndex, " + BUILD_THREADS
                                + " threads; node heap " + mb(size.heapMax()) + ")", "index pages, refresh",
                        seconds(openSearchMillis), Stats.num(pageCount / (openSearchMillis / 1000.0), 0),
                        gb(size.storeBytes()));
                report.figure("openSearchBuildSeconds", openSearchMillis / 1000.0);
                report.figure("openSearchStoreBytes", size.storeBytes());
                report.figure("openSearchHeapUsedMb", size.heapUsed() / 1048576.0);
            }

            String pgVersion = null;
            if (postgres) {
                pg = Postgres.start();
                pgVersion = pg.version();
                log("loading the same pages into %s", pgVersion);
                Map<String, Long> steps = buildPostgres(pg, documents);
                long total = steps.values().stream().mapToLong(Long::longValue).sum();
                for (var step : steps.entrySet()) build.row(pgVersion, step.getKey(), seconds(step.getValue()), "", "");
                build.row(pgVersion, "total", seconds(total), Stats.num(pageCount / (total / 1000.0), 0),
                        gb(pg.totalBytes("pages") + pg.totalBytes("lexemes")));
                report.figure("postgresBuildSeconds", total / 1000.0);
            }

            List<SearchQueries> queries = SearchQueries.all(patients);
            try (RunningChartVault vault = RunningChartVault.start(dataDir)) {
                RunningChartVault.Client client = vault.user("bench-roi", "roi");
                List<Engine> engines = new ArrayList<>(List.of(new HttpEngine(client), new IndexEngine(vault.app().index())));
                List<String> names = new ArrayList<>(List.of("ChartVault over HTTP", "ChartVault index in-process"));
                if (openSearch != null) {
                    engines.add(new IndexEngine(openSearch));
                    names.add("OpenSearch (OpenSearchIndex in-process)");
                }
                if (pg != null) {
                    engines.add(new PostgresEngine(pg));
                    names.add(pgVersion);
                }
                compare(queries, engines, names);
                memory(dataDir.resolve("index"));
                auditCost(vault.app());
            }
            if (opensearch) {
                report.note("OpenSearch (OpenSearchIndex in-process): ChartVault's OpenSearch adapter called in the same "
                        + "JVM, as a cluster node calls it, against one OpenSearch node in its own JVM on this machine "
                        + "(storage-config/opensearch-node.sh; heap from OPENSEARCH_HEAP): the same 20 hits, snippets "
                        + "and exact total as the embedded index (the equivalence suite checks they agree); the size is "
                        + "the index's primary store after a refresh (_stats/store).");
            }
            report.note("ChartVault index in-process: LuceneSearchIndex.search called in the same JVM (the same 20 hits, "
                    + "snippets and exact total), without HTTP, login or audit: the index's own share of a search.");
            report.note("ChartVault: GET /api/search over HTTP on loopback (bearer token of a user with the roi role), "
                    + "20 hits with snippets and the exact total, and the audit entry each search writes; every plain "
                    + "word also matches its spelling variants and OCR confusions (index/README.md). PostgreSQL: the "
                    + "same 20 hits ranked by ts_rank with ts_headline snippets and the exact total (count(*) OVER ()), "
                    + "over JDBC with no HTTP in front; text search configuration 'simple' (no stemming, no stop words, "
                    + "like ChartVault); fuzzy words expanded from a table of the indexed words (ts_stat) within two "
                    + "edits (pg_trgm + levenshtein).");
            report.note("Latency is measured at the client, request sent to answer read, for " + seconds
                    + " s per cell after one warm-up pass over every query; clients take the queries of a kind in turn.");
            report.note("Both engines read from the operating system's page cache (24 GiB of RAM hold both indexes); "
                    + "PostgreSQL table UNLOGGED and fsync off, which only speeds up its load.");
        } finally {
            if (pg != null) pg.close();
            if (openSearch != null) openSearch.close();
            if (openSearchName != null) OpenSearchSize.deleteIndexes(openSearchUrl, openSearchName);
            deleteTree(dataDir);
        }
        report.finish(System.out);
    }

    // ---- building ----

    private long buildLucene(Path indexDir, long documents, long[] textBytes) throws Exception {
        long started = System.nanoTime();
        AtomicLong bytes = new AtomicLong();
        try (LuceneSearchIndex index = new LuceneSearchIndex(indexDir)) {
            fill(index, documents, bytes, started);
            index.awaitDurable();
        }
        textBytes[0] = bytes.get();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The same documents as {@link #buildLucene}, into OpenSearch through ChartVault's adapter, as a reindex does. */
    private long buildOpenSearch(org.chartvault.index.OpenSearchIndex index, long documents) throws Exception {
        long started = System.nanoTime();
        index.beginRebuild(); // bulk writes without waiting for a refresh each; the alias moves at the end
        fill(index, documents, new AtomicLong(), started);
        index.finishRebuild();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Indexes the generated documents on {@link #BUILD_THREADS} threads, counting their text, telling each tenth. */
    private void fill(org.chartvault.index.SearchIndex index, long documents, AtomicLong textChars, long started)
            throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(BUILD_THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < BUILD_THREADS; t++) {
                work.add(threads.submit(() -> {
                    for (long n = next.getAndIncrement(); n < documents; n = next.getAndIncrement()) {
                        List<ChartText.Page> generated = text.document(n);
                        for (ChartText.Page page : generated) textChars.addAndGet(page.text().length());
                        index.index(document(n, generated), contents(generated));
                        long finished = done.incrementAndGet();
                        if (finished % Math.max(1, documents / 10) == 0) {
                            log("  %d%% (%,d documents, %.0f s)", finished * 100 / documents, finished,
                                    (System.nanoTime() - started) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) f.get();
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<PageContent> contents(List<ChartText.Page> generated) {
        List<PageContent> contents = new ArrayList<>(generated.size());
        for (ChartText.Page page : generated) {
            contents.add(new PageContent(page.number(), 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0,
                    91.0, page.text(), List.of(), false));
        }
        return contents;
    }

    /** What the OpenSearch node reports: its version, the index's primary store size, and its JVM heap. */
    private record OpenSearchSize(String version, long storeBytes, long heapUsed, long heapMax) {
        /** Removes the benchmark's indexes (the alias's and any a failed rebuild left), gigabytes at a million pages. */
        static void deleteIndexes(String url, String alias) {
            var http = java.net.http.HttpClient.newHttpClient();
            try {
                // by name: a node may refuse wildcard deletes (action.destructive_requires_name)
                String names = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/_cat/indices/"
                        + alias + "-*?h=index")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                for (String index : names.strip().split("\\s+")) {
                    if (index.isEmpty()) continue;
                    http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/" + index)).DELETE().build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                }
            } catch (IOException e) {
                log("could not delete the OpenSearch indexes %s-*: %s", alias, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static OpenSearchSize of(String url, String alias) throws IOException, InterruptedException {
            var http = java.net.http.HttpClient.newHttpClient();
            var json = org.chartvault.Json.mapper();
            java.util.function.Function<String, com.fasterxml.jackson.databind.JsonNode> get = path -> {
                try {
                    var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + path)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    return json.readTree(response.body());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            };
            String version = get.apply("/").path("version").path("number").asText();
            long store = get.apply("/" + alias + "/_stats/store").path("_all").path("primaries").path("store")
                    .path("size_in_bytes").asLong(-1);
            var node = get.apply("/_nodes/stats/jvm").path("nodes").elements().next().path("jvm").path("mem");
            return new OpenSearchSize(version, store, node.path("heap_used_in_bytes").asLong(-1),
                    node.path("heap_max_in_bytes").asLong(-1));
        }
    }

    private static Document document(long n, List<ChartText.Page> pages) {
        ChartText.Page first = pages.get(0);
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        return new Document(first.documentId(), String.format(Locale.ROOT, "%064x", n), "scan_" + n + ".pdf",
                "application/pdf", 0, "bat_bench", "bench", at, first.indexing(), DocumentStatus.INDEXED,
                first.pageCount(), List.of(), List.of(), List.of(), null, 1, at);
    }

    /**
     * What serving the index costs in memory, after the searches: the live heap after a full collection (the service
     * with the index open, and this benchmark's small share), the heap the JVM holds, and the resident set. The index
     * files themselves are read through the operating system's page cache, outside the heap.
     */
    private void memory(Path indexDir) throws IOException {
        var heap = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        long live = heap.getHeapMemoryUsage().getUsed();
        long committed = heap.getHeapMemoryUsage().getCommitted();
        long rss = Machine.rss();
        Table table = report.table(new Table("Memory of the JVM serving the index (ChartVault and this benchmark, after the searches)",
                "live heap after full GC", "heap committed", "max heap", "resident set (RSS)", "index on disk"));
        table.row(mb(live), mb(committed), mb(heap.getHeapMemoryUsage().getMax()), mb(rss), gb(sizeOf(indexDir)));
        report.figure("liveHeapMb", live / 1048576.0);
        report.figure("rssMb", rss / 1048576.0);
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "-" : Math.round(bytes / 1048576.0) + " MB";
    }

    /** Loads, indexes and analyses; returns the milliseconds of each step in order. */
    private Map<String, Long> buildPostgres(Postgres pg, long documents) throws Exception {
        Map<String, Long> steps = new LinkedHashMap<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_trgm");
            s.execute("CREATE EXTENSION fuzzystrmatch");
            s.execute("""
                    CREATE UNLOGGED TABLE pages (
                      id bigint, document_id text, page int, mrn text, patient_name text, document_type text,
                      service_date date, text text,
                      tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED)""");
        }
        long started = System.nanoTime();
        AtomicLong next = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(BUILD_THREADS);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < BUILD_THREADS; t++) {
            work.add(threads.submit(() -> {
                try (Connection c = pg.connect()) {
                    var copy = c.unwrap(PGConnection.class).getCopyAPI();
                    while (true) {
                        long from = next.getAndAdd(COPY_BATCH);
                        if (from >= documents) return null;
                        long to = Math.min(documents, from + COPY_BATCH);
                        ByteArrayOutputStream csv = new ByteArrayOutputStream(COPY_BATCH * 6000);
                        for (long n = from; n < to; n++) {
                            for (ChartText.Page page : text.document(n)) csv.writeBytes(csvRow(n, page));
                        }
                        CopyIn in = copy.copyIn("COPY pages (id, document_id, page, mrn, patient_name, document_type, "
                                + "service_date, text) FROM STDIN WITH (FORMAT csv)");
                        byte[] bytes = csv.toByteArray();
                        in.writeToCopy(bytes, 0, bytes.length);
                        in.endCopy();
                    }
                }
            }));
        }
        for (Future<?> f : work) f.get();
        threads.shutdown();
        steps.put("COPY rows, tsvector computed on insert (" + BUILD_THREADS + " connections)", (System.nanoTime() - started) / 1_000_000);
        log("  loaded in %.0f s; building indexes", steps.values().iterator().next() / 1000.0);

        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            steps.put("CREATE INDEX ... USING gin (tsv)", timed(() -> s.execute("CREATE INDEX pages_tsv ON pages USING gin (tsv)")));
            steps.put("primary key, btree on mrn and (document_type, service_date)", timed(() -> {
                s.execute("ALTER TABLE pages ADD PRIMARY KEY (id)");
                s.execute("CREATE INDEX pages_mrn ON pages (mrn)");
                s.execute("CREATE INDEX pages_type_date ON pages (document_type, service_date)");
            }));
            steps.put("VACUUM ANALYZE", timed(() -> s.execute("VACUUM ANALYZE pages")));
            steps.put("table of indexed words for fuzzy search (ts_stat, trigram index)", timed(() -> {
                s.execute("CREATE TABLE lexemes AS SELECT word, ndoc FROM ts_stat('SELECT tsv FROM pages')");
                s.execute("CREATE INDEX lexemes_trgm ON lexemes USING gin (word gin_trgm_ops)");
                s.execute("ANALYZE lexemes");
            }));
        }
        return steps;
    }

    private static byte[] csvRow(long n, ChartText.Page page) {
        var ix = page.indexing();
        String row = (n * 4 + page.number()) + "," + page.documentId() + "," + page.number() + "," + ix.mrn() + ","
                + quote(ix.patientName()) + "," + quote(ix.documentType()) + "," + ix.serviceDate() + ","
                + quote(page.text()) + "\n";
        return row.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    // ---- measuring ----

    /** One search engine as the benchmark sees it: run query q, return the total number of hits. */
    interface Engine {
        long search(SearchQueries query) throws Exception;

        default void close() throws Exception {
        }
    }

    private static final class HttpEngine implements Engine {
        private final RunningChartVault.Client client;

        HttpEngine(RunningChartVault.Client client) {
            this.client = client;
        }

        @Override
        public long search(SearchQueries query) {
            RunningChartVault.Response response = client.get(query.httpPath());
            if (response.status() != 200) throw new IllegalStateException(query.label() + ": " + response);
            // the total is at the start of the body: {"total":N,...}; reading it costs no JSON parse of the hits
            String head = new String(response.body(), 0, Math.min(40, response.body().length), StandardCharsets.UTF_8);
            return Long.parseLong(head.replaceAll("^\\{\"total\":(\\d+).*$", "$1").strip());
        }
    }

    /** LuceneSearchIndex.search called directly: the index's share of a search, without HTTP, login or audit. */
    private static final class IndexEngine implements Engine {
        private final org.chartvault.index.SearchIndex index;

        IndexEngine(org.chartvault.index.SearchIndex index) {
            this.index = index;
        }

        @Override
        public long search(SearchQueries q) throws Exception {
            return index.search(new org.chartvault.index.SearchQuery(q.q(), q.mrn(), q.documentType(), q.from(), q.to(), 0, 20))
                    .total();
        }
    }

    private static final class PostgresEngine implements Engine {
        private final Postgres pg;
        private final ThreadLocal<Connection> connections = new ThreadLocal<>();
        private final List<Connection> opened = new ArrayList<>();

        PostgresEngine(Postgres pg) {
            this.pg = pg;
        }

        @Override
        public long search(SearchQueries query) throws SQLException {
            Connection c = connections.get();
            if (c == null) {
                c = pg.connect();
                synchronized (opened) {
                    opened.add(c);
                }
                connections.set(c);
            }
            String tsquery = switch (query.pgQuery()) {
                case "fuzzy" -> "to_tsquery('simple', coalesce((SELECT string_agg(quote_literal(word), ' | ') "
                        + "FROM lexemes WHERE word % ? AND levenshtein(word, ?) <= 2), ''))";
                default -> query.pgQuery() + "('simple', ?)";
            };
            StringBuilder filters = new StringBuilder();
            if (query.mrn() != null) filters.append(" AND p.mrn = ?");
            if (query.documentType() != null) filters.append(" AND p.document_type = ? AND p.service_date BETWEEN ? AND ?");
            String sql = "SELECT t.id, t.document_id, t.page, t.mrn, t.patient_name, t.document_type, t.service_date, "
                    + "t.rank, t.total, ts_headline('simple', p.text, t.q, 'MaxFragments=1, MaxWords=30, MinWords=12') "
                    + "FROM (SELECT p.id, p.document_id, p.page, p.mrn, p.patient_name, p.document_type, p.service_date, "
                    + "ts_rank(p.tsv, qq.q) AS rank, count(*) OVER () AS total, qq.q "
                    + "FROM pages p, (SELECT " + tsquery + " AS q) qq WHERE p.tsv @@ qq.q" + filters
                    + " ORDER BY rank DESC LIMIT 20) t JOIN pages p ON p.id = t.id ORDER BY t.rank DESC";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setString(i++, query.pgText());
                if (query.pgQuery().equals("fuzzy")) s.setString(i++, query.pgText());
                if (query.mrn() != null) s.setString(i++, query.mrn());
                if (query.documentType() != null) {
                    s.setString(i++, query.documentType());
                    s.setObject(i++, query.from());
                    s.setObject(i++, query.to());
                }
                long total = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        total = rs.getLong(9);
                        rs.getString(10);
                    }
                }
                return total;
            }
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : opened) c.close();
        }
    }

    private record Cell(long[] sortedNanos, double perSecond, int errors) {
        double p(double percentile) {
            return Stats.percentile(sortedNanos, percentile);
        }
    }

    private void compare(List<SearchQueries> queries, List<Engine> engines, List<String> names) throws Exception {
        Table totals = new Table("Hits per query (exact totals) and first run in ms (cold for that query)",
                buildColumns(names));
        for (SearchQueries q : queries) {
            List<Object> row = new ArrayList<>(List.of(q.kind(), q.label()));
            for (Engine engine : engines) {
                long t0 = System.nanoTime();
                long hits = engine.search(q);
                row.add(hits + " / " + Stats.ms((System.nanoTime() - t0) / 1e6));
            }
            totals.row(row.toArray());
        }

        Table latency = report.table(new Table("Search latency and throughput (" + seconds + " s per cell, 8 queries of each kind in turn)",
                "kind", "clients", "engine", "p50 ms", "p95 ms", "p99 ms", "queries/s", "p95 vs PostgreSQL"));
        Map<String, Object> cells = new LinkedHashMap<>();
        for (String kind : SearchQueries.KINDS) {
            List<SearchQueries> ofKind = queries.stream().filter(q -> q.kind().equals(kind)).toList();
            for (int clients : new int[] {1, 8}) {
                List<Cell> measured = new ArrayList<>();
                for (int e = 0; e < engines.size(); e++) {
                    log("%s, %d client(s): %s", kind, clients, names.get(e));
                    measured.add(measure(engines.get(e), ofKind, clients));
                }
                Cell peer = names.getLast().startsWith("PostgreSQL") ? measured.getLast() : null;
                for (int e = 0; e < engines.size(); e++) {
                    Cell c = measured.get(e);
                    latency.row(kind, clients, names.get(e), Stats.ms(c.p(50)), Stats.ms(c.p(95)), Stats.ms(c.p(99)),
                            Stats.num(c.perSecond(), 1), peer == null || c == peer ? "" : Stats.ratio(c.p(95), peer.p(95)));
                    Map<String, Object> cell = new LinkedHashMap<>();
                    cell.put("p50Ms", c.p(50));
                    cell.put("p95Ms", c.p(95));
                    cell.put("p99Ms", c.p(99));
                    cell.put("queriesPerSecond", c.perSecond());
                    cell.put("requests", c.sortedNanos().length);
                    cell.put("errors", c.errors());
                    cells.put(kind + "@" + clients + "@" + names.get(e), cell);
                }
            }
        }
        report.figure("cells", cells);
        report.table(totals);
        for (Engine engine : engines) engine.close();
    }

    private static String[] buildColumns(List<String> names) {
        List<String> columns = new ArrayList<>(List.of("kind", "query"));
        for (String name : names) columns.add(name + ": hits / ms");
        return columns.toArray(String[]::new);
    }

    /** Audit appends alone, one after another, as every search makes one: the part of a search that is not the index. */
    private void auditCost(org.chartvault.App app) throws Exception {
        int count = 200;
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            var event = org.chartvault.audit.AuditEvent.of("bench-roi", List.of("roi"), "127.0.0.1",
                    org.chartvault.audit.AuditActions.SEARCH, org.chartvault.audit.Target.search("bench " + i));
            long t0 = System.nanoTime();
            app.audit().append(event);
            nanos[i] = System.nanoTime() - t0;
        }
        long[] sorted = Stats.sorted(nanos);
        report.table(new Table("One audit entry (what every search over HTTP also writes), " + count + " appends in a row",
                "p50 ms", "p95 ms", "p99 ms", "appends/s")).row(Stats.ms(Stats.percentile(sorted, 50)),
                Stats.ms(Stats.percentile(sorted, 95)), Stats.ms(Stats.percentile(sorted, 99)),
                Stats.num(count / (java.util.Arrays.stream(nanos).sum() / 1e9), 1));
        report.figure("auditAppendP50Ms", Stats.percentile(sorted, 50));
    }

    /** Runs the queries from {@code clients} threads for the configured time; every query at least once. */
    private Cell measure(Engine engine, List<SearchQueries> queries, int clients) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> results = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            results.add(pool.submit(() -> {
                long[] nanos = new long[1024];
                int count = 0;
                for (int i = offset; System.nanoTime() < deadline || (clients == 1 && count < queries.size()); i++) {
                    SearchQueries q = queries.get(i % queries.size());
                    long t0 = System.nanoTime();
                    try {
                        engine.search(q);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) System.err.println("search failed: " + q.label() + ": " + e);
                        continue;
                    }
                    if (count == nanos.length) nanos = java.util.Arrays.copyOf(nanos, count * 2);
                    nanos[count++] = System.nanoTime() - t0;
                }
                return java.util.Arrays.copyOf(nanos, count);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) all.add(f.get());
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new Cell(Stats.sorted(merged), merged.length / elapsed, (int) errors.get());
    }

    // ---- helpers ----

    private interface Step {
        void run() throws Exception;
    }

    private static long timed(Step step) throws Exception {
        long started = System.nanoTime();
        step.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String seconds(long millis) {
        return millis >= 100_000 ? String.format(Locale.ROOT, "%.1f min", millis / 60_000.0)
                : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %tT] " + format + "%n", prepend(java.time.LocalTime.now(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
