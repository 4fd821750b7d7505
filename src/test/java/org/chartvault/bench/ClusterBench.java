package org.chartvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.audit.AuditKey;
import org.chartvault.testing.Ceph;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.OpenSearch;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code bench cluster}: what the distributed engines cost. The embedded default (one process: local disk, Lucene in
 * the process) against ChartVault on PostgreSQL, an OpenSearch node and Ceph's radosgw with 1, 2 and 3 nodes, all
 * as separate processes on this machine, in one run: scanned pages per minute from upload to searchable (uploads
 * spread round-robin over the nodes), born-digital pages per second (no OCR: the engines' own cost per page), and
 * search latency over HTTP, one client, round-robin, each search audited.
 */
final class ClusterBench {
    private static final String PASSWORD = "Cluster-Night-Shift-9";
    private final int scanned;
    private final int bornDigital;
    private final int searches;
    private final int maxNodes;
    private final Report report;
    private final ChartGenerator generator = new ChartGenerator();

    private ClusterBench(Options options) {
        scanned = options.integer("scanned", 16);
        bornDigital = options.integer("born-digital", 60);
        searches = options.integer("searches", 300);
        maxNodes = options.integer("nodes", 3);
        if (maxNodes < 1 || maxNodes > 5) throw new IllegalArgumentException("--nodes is 1 to 5");
        report = new Report("cluster", "./chartvault bench cluster" + options.asArguments());
    }

    static void run(List<String> args) throws Exception {
        new ClusterBench(Options.parse(args, Set.of("scanned", "born-digital", "searches", "nodes"))).run();
    }

    record Outcome(String setup, int nodes, double scannedPagesPerMinute, double bornDigitalPagesPerSecond,
                   double searchP50Ms, double searchP95Ms) {
    }

    private void run() throws Exception {
        SearchBench.log("generating %d scanned and %d born-digital documents of two pages", scanned, bornDigital);
        List<Part> scans = new ArrayList<>();
        for (int i = 0; i < scanned; i++) {
            ChartDocument d = generator.document(70_000 + i, 2);
            scans.add(new Part("scan-" + i + ".tif", ChartFiles.tiff(d.pages().stream().map(p -> p.scan(300)).toList(),
                    ChartFiles.TiffCompression.LZW)));
        }
        List<Part> pdfs = new ArrayList<>();
        for (int i = 0; i < bornDigital; i++) {
            pdfs.add(new Part("digital-" + i + ".pdf", ChartFiles.bornDigitalPdf(generator.document(80_000 + i, 2).pages())));
        }
        Path work = Files.createTempDirectory("chartvault-bench-cluster-");
        List<Outcome> outcomes = new ArrayList<>();
        try {
            outcomes.add(measure("embedded default (local disk, Lucene in the process)", 1, work.resolve("embedded"),
                    Map.of(), scans, pdfs));
            for (int n = 1; n <= maxNodes; n++) {
                String name = "cluster-" + n + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
                Map<String, String> engines = new HashMap<>(Map.of("CHARTVAULT_STORAGE", "minio",
                        "MINIO_ENDPOINT", Ceph.endpoint(), "MINIO_ACCESS_KEY", Ceph.ACCESS_KEY,
                        "MINIO_SECRET_KEY", Ceph.SECRET_KEY, "MINIO_BUCKET", name, "MINIO_OBJECT_LOCK", "true",
                        "CHARTVAULT_SEARCH_URL", OpenSearch.url(), "CHARTVAULT_SEARCH_INDEX", name,
                        "CHARTVAULT_AUDIT_KEY", Base64.getEncoder().encodeToString(AuditKey.generate().secret())));
                engines.putAll(org.chartvault.testing.Postgres.environment(org.chartvault.testing.Postgres.freshDatabase()));
                outcomes.add(measure("cluster: PostgreSQL + OpenSearch + Ceph radosgw, " + n + " node(s)", n,
                        work.resolve(name), engines, scans, pdfs));
            }
        } finally {
            SearchBench.deleteTree(work);
        }
        Outcome embedded = outcomes.getFirst();
        Table table = report.table(new Table("Upload to searchable and search, each setup on the same files ("
                + scanned + " scanned and " + bornDigital + " born-digital documents of 2 pages; two OCR workers per node)",
                "setup", "nodes", "scanned pages/min", "vs embedded", "born-digital pages/s", "vs embedded",
                "ms per born-digital page", "search p50 ms", "search p95 ms", "p95 vs embedded"));
        for (Outcome o : outcomes) {
            table.row(o.setup(), o.nodes(), Stats.num(o.scannedPagesPerMinute(), 1),
                    Stats.ratio(o.scannedPagesPerMinute(), embedded.scannedPagesPerMinute()),
                    Stats.num(o.bornDigitalPagesPerSecond(), 2),
                    Stats.ratio(o.bornDigitalPagesPerSecond(), embedded.bornDigitalPagesPerSecond()),
                    Stats.num(1000 / o.bornDigitalPagesPerSecond(), 1),
                    Stats.ms(o.searchP50Ms()), Stats.ms(o.searchP95Ms()),
                    Stats.ratio(o.searchP95Ms(), embedded.searchP95Ms()));
            report.figure(o.nodes() + (o == embedded ? "-embedded" : "-cluster") + "-scannedPagesPerMinute",
                    o.scannedPagesPerMinute());
        }
        report.note("Every process runs on this machine's cores, so more nodes share the same CPU: no speed-up is "
                + "expected here; the figures show what the engines cost per page and per search. Scanned pages are "
                + "bounded by OCR (Tesseract); born-digital pages (no OCR) by storage, indexing and coordination.");
        report.finish(System.out);
    }

    private Outcome measure(String setup, int nodeCount, Path dir, Map<String, String> settings, List<Part> scans,
                            List<Part> pdfs) throws Exception {
        SearchBench.log("%s: starting %d node(s)", setup, nodeCount);
        List<ServiceProcess> nodes = new ArrayList<>();
        Files.createDirectories(dir);
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(ServiceProcess.start(dir.resolve("node-" + i), dir.resolve("node-" + i + ".log"), settings));
            }
            Response created = nodes.getFirst().service().admin().post("/api/users", Map.of("username", "measurer",
                    "password", PASSWORD, "roles", List.of("scanner", "indexer")));
            if (created.status() != 201) throw new IllegalStateException("could not create the bench user: " + created);
            String token = nodes.getFirst().service().login("measurer", PASSWORD).token();
            List<Client> clients = nodes.stream().map(n -> n.service().withToken(token)).toList();

            // warm up each node's path once (JIT, pools, the index and bucket made)
            ingest(clients, List.of(pdfs.getFirst()));
            SearchBench.log("%s: %d scanned documents", setup, scans.size());
            double scannedSeconds = ingest(clients, scans);
            SearchBench.log("%s: %d born-digital documents", setup, pdfs.size() - 1);
            double bornSeconds = ingest(clients, pdfs.subList(1, pdfs.size()));
            long[] nanos = new long[searches];
            String[] words = {"chest", "pain", "history", "medication", "patient", "discharge", "blood", "normal"};
            for (int i = 0; i < searches; i++) {
                long start = System.nanoTime();
                Response r = clients.get(i % clients.size()).get("/api/search?q=" + words[i % words.length]);
                nanos[i] = System.nanoTime() - start;
                if (r.status() != 200) throw new IllegalStateException("search failed: " + r);
            }
            long[] sorted = Stats.sorted(nanos);
            return new Outcome(setup, nodeCount, 2.0 * scans.size() / (scannedSeconds / 60),
                    2.0 * (pdfs.size() - 1) / bornSeconds, Stats.percentile(sorted, 50), Stats.percentile(sorted, 95));
        } finally {
            for (ServiceProcess node : nodes) node.close();
        }
    }

    /** Uploads the files one per request, round-robin over the nodes, and waits until every document has settled. */
    private static double ingest(List<Client> clients, List<Part> files) {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Response receipt = clients.get(i % clients.size()).upload(Map.of(), files.get(i));
            if (receipt.status() != 202) throw new IllegalStateException("upload refused: " + receipt);
            JsonNode entry = receipt.json().get("documents").get(0);
            ids.add(entry.get("documentId").asText());
        }
        clients.getFirst().awaitSettled(ids, Duration.ofMinutes(30));
        return (System.nanoTime() - start) / 1e9;
    }
}
