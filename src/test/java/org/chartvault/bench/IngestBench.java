package org.chartvault.bench;

import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench ingest}: born-digital PDFs (a text layer, so no OCR) through a real ChartVault over HTTP, upload to
 * searchable: documents and pages per second on the local-disk store and on an S3 server (S3Mock in this JVM,
 * through the MinIO adapter). The same files, in batches of {@link #BATCH} as a scanning station sends them.
 */
final class IngestBench {
    /** Documents ingested and waited for before the clock starts, so that the JIT has compiled the path. */
    static final int WARM_UP = 10;
    /** Files per upload: a scanning station's batch. */
    static final int BATCH = 20;

    private final int documents;
    /**
     * "all" (local, PostgreSQL, S3); "local": local disk only, for profiling; "page-images": local disk with
     * born-digital page images made at ingest (as before) and on demand (as now), on the same files.
     */
    private final String stores;
    private final Report report;

    private IngestBench(Options options) {
        documents = options.integer("documents", 200);
        stores = options.text("stores", "all");
        if (!Set.of("all", "local", "page-images").contains(stores)) {
            throw new IllegalArgumentException("--stores is all, local or page-images, not '" + stores + "'");
        }
        report = new Report("ingest", "./chartvault bench ingest" + options.asArguments());
    }

    static void run(List<String> args) throws Exception {
        new IngestBench(Options.parse(args, Set.of("documents", "stores"))).run();
    }

    /** Searches timed after the ingest, over HTTP, each audited: where a store or database adds per-request cost. */
    static final int SEARCHES = 200;

    record Outcome(int documents, int pages, long bytes, long wallNanos, double cpuSeconds, int failed,
                   double searchP50Ms, double searchP95Ms, String firstViewMs) {
        double documentsPerSecond() {
            return documents / (wallNanos / 1e9);
        }

        double pagesPerSecond() {
            return pages / (wallNanos / 1e9);
        }
    }

    private void run() throws Exception {
        SearchBench.log("generating %d born-digital PDFs", documents);
        List<RunningChartVault.Part> files = bornDigital(documents, 50_000);
        List<RunningChartVault.Part> warmUp = bornDigital(WARM_UP, 40_000);
        long bytes = 0;
        for (RunningChartVault.Part p : files) bytes += p.content().length;
        Path work = Files.createTempDirectory("chartvault-bench-ingest-");
        Table table = report.table(new Table("Born-digital PDFs, upload to searchable (" + files.size() + " documents, "
                + Stats.num(bytes / 1e6, 1) + " MB, batches of " + BATCH + ")",
                "store", "documents/s", "pages/s", "vs local disk", "CPU ms/page", "wall s", "failed",
                "search p50 ms", "search p95 ms"));
        try {
            if (stores.equals("page-images")) {
                pageImages(table, work, warmUp, files);
                return;
            }
            Outcome local = ingest(work.resolve("local"), Map.of(), warmUp, files);
            if (stores.equals("local")) {
                row(table, "local disk (fsync'd writes)", local, local);
                report.figure("localDocumentsPerSecond", local.documentsPerSecond());
                report.finish(System.out);
                return;
            }
            // the same, with the shared state of several nodes in a real PostgreSQL (a server process of its own)
            Outcome postgres = ingest(work.resolve("postgres"),
                    org.chartvault.testing.Postgres.environment(org.chartvault.testing.Postgres.freshDatabase()), warmUp, files);
            Outcome s3;
            try (S3MockServer s3mock = new S3MockServer()) {
                s3 = ingest(work.resolve("s3"), s3mock.chartvaultSettings(), warmUp, files);
            }
            row(table, "local disk (fsync'd writes)", local, local);
            row(table, "local disk + PostgreSQL shared state (locks, audit numbers, sessions, tokens)", postgres, local);
            report.figure("postgresDocumentsPerSecond", postgres.documentsPerSecond());
            report.figure("postgresSearchP95Ms", postgres.searchP95Ms());
            report.figure("localSearchP95Ms", local.searchP95Ms());
            row(table, "S3 (S3Mock 5.2.0 in-process, MinIO adapter, Object Lock bucket)", s3, local);
            report.figure("localDocumentsPerSecond", local.documentsPerSecond());
            report.figure("s3DocumentsPerSecond", s3.documentsPerSecond());
            report.figure("pages", local.pages());
            breakdown(files.subList(0, Math.min(10, files.size())), work);
            report.note("Each document: original stored (SHA-256 addressed), job queued, text and words taken from the text "
                    + "layer (no OCR), a thumbnail from a small preview (page images and the searchable PDF of pages that show "
                    + "only text are made on first request; CHARTVAULT_TEXT_PAGE_IMAGES=at-ingest makes them here), "
                    + "pages indexed and committed, status and batch updated, audit entries; two job workers. Timed from "
                    + "the first upload to the last batch reporting done, uploads sent one batch after another.");
            report.note("CPU ms/page is the whole JVM's CPU time (ChartVault, the benchmark client and, for S3, the "
                    + "S3Mock server) over the pages.");
        } finally {
            SearchBench.deleteTree(work);
        }
        report.finish(System.out);
    }

    /**
     * The same files on local disk twice: every born-digital page drawn and stored as PNG at ingest (before), and
     * pages that show only text stored with their text and thumbnail, the page image drawn on first request (after).
     * Then every page image of the "after" run is asked for once over HTTP, so the deferred work is measured too.
     */
    private void pageImages(Table table, Path work, List<RunningChartVault.Part> warmUp, List<RunningChartVault.Part> files)
            throws Exception {
        Outcome before = ingest(work.resolve("at-ingest"), Map.of("CHARTVAULT_TEXT_PAGE_IMAGES", "at-ingest"), warmUp, files);
        Outcome after = ingest(work.resolve("on-demand"), Map.of("CHARTVAULT_TEXT_PAGE_IMAGES", "on-demand"), warmUp, files);
        row(table, "before: page images at ingest (CHARTVAULT_TEXT_PAGE_IMAGES=at-ingest)", before, before);
        row(table, "after: page images on demand (default)", after, before);
        double ratio = after.pagesPerSecond() / before.pagesPerSecond();
        report.figure("beforePagesPerSecond", before.pagesPerSecond());
        report.figure("afterPagesPerSecond", after.pagesPerSecond());
        report.figure("ratio", ratio);
        report.note("Target: born-digital ingest at least 5x faster on the same files: " + (ratio >= 5 ? "met" : "missed")
                + " (" + Stats.num(ratio, 2) + "x pages/s).");
        if (after.firstViewMs() != null) {
            report.note("After ingest, the first view of a page image drawn on demand took " + after.firstViewMs()
                    + " ms at the median (HTTP, " + after.pages() + " pages, one at a time); a second view reads the stored PNG.");
        }
        report.finish(System.out);
    }

    /** One page at a time, outside the service: rendering the PDF page, then the page processor (no OCR: encoding). */
    private void breakdown(List<RunningChartVault.Part> sample, Path work) throws Exception {
        long render = 0, encode = 0;
        int pages = 0;
        try (var processor = new org.chartvault.ocr.PageProcessor(new org.chartvault.ocr.OcrSettings(
                OcrThroughputBench.TESSDATA, "eng", 1, Duration.ofMinutes(5)))) {
            for (RunningChartVault.Part part : sample) {
                Path file = work.resolve(part.fileName());
                Files.write(file, part.content());
                try (var source = org.chartvault.imaging.PageSource.open(file, org.chartvault.imaging.PageSource.PDF, OcrPages.LIMITS)) {
                    for (int n = 1; n <= source.pageCount(); n++) {
                        long t0 = System.nanoTime();
                        var page = source.page(n);
                        render += System.nanoTime() - t0;
                        encode += processor.process(page).timings().encode() * 1_000_000L;
                        pages++;
                    }
                }
            }
        }
        report.table(new Table("Where a born-digital page's time goes (" + pages + " pages, one at a time, ms per page)",
                "render the PDF page to an image (PDFBox)", "encode page PNG + thumbnail"))
                .row(Stats.num(render / 1e6 / pages, 0), Stats.num(encode / 1e6 / pages, 0));
    }

    private static void row(Table table, String store, Outcome o, Outcome local) {
        table.row(store, Stats.num(o.documentsPerSecond(), 2), Stats.num(o.pagesPerSecond(), 2),
                Stats.ratio(o.documentsPerSecond(), local.documentsPerSecond()),
                Stats.num(o.cpuSeconds() * 1000 / o.pages(), 0), Stats.num(o.wallNanos() / 1e9, 1), o.failed(),
                Stats.num(o.searchP50Ms(), 1), Stats.num(o.searchP95Ms(), 1));
    }

    /** Born-digital chart documents (1-3 pages), as an EHR prints them. */
    static List<RunningChartVault.Part> bornDigital(int count, long firstSeed) {
        ChartGenerator generator = new ChartGenerator();
        List<RunningChartVault.Part> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ChartDocument document = generator.document(firstSeed + i);
            parts.add(new RunningChartVault.Part("ehr-" + (firstSeed + i) + ".pdf", ChartFiles.bornDigitalPdf(document.pages())));
        }
        return parts;
    }

    /** Uploads every file in batches to a fresh ChartVault and waits for every batch to be done. */
    static Outcome ingest(Path data, Map<String, String> settings, List<RunningChartVault.Part> warmUp,
                          List<RunningChartVault.Part> files) throws Exception {
        Files.createDirectories(data);
        try (RunningChartVault vault = RunningChartVault.start(data, settings)) {
            RunningChartVault.Client client = vault.user("bench-scanner", "scanner");
            var warm = client.upload(Map.of(), warmUp.toArray(RunningChartVault.Part[]::new));
            client.awaitBatch(warm.json().get("batchId").asText(), Duration.ofHours(1));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double cpuBefore = os.getProcessCpuTime() / 1e9;
            long started = System.nanoTime();
            List<String> batches = new ArrayList<>();
            for (int from = 0; from < files.size(); from += BATCH) {
                List<RunningChartVault.Part> batch = files.subList(from, Math.min(files.size(), from + BATCH));
                RunningChartVault.Response receipt = client.upload(Map.of(), batch.toArray(RunningChartVault.Part[]::new));
                if (receipt.status() != 202) throw new IllegalStateException("upload refused: " + receipt);
                batches.add(receipt.json().get("batchId").asText());
            }
            int pages = 0, failed = 0, documents = 0;
            Map<String, Integer> pagesOf = new java.util.LinkedHashMap<>();
            for (String batchId : batches) {
                var done = client.awaitBatch(batchId, Duration.ofHours(2));
                pages += done.get("pagesTotal").asInt();
                for (var d : done.get("documents")) {
                    documents++;
                    if ("failed".equals(d.path("status").asText())) failed++;
                    if (d.hasNonNull("documentId")) pagesOf.put(d.get("documentId").asText(), d.path("pages").asInt());
                }
            }
            long wall = System.nanoTime() - started;
            double cpu = os.getProcessCpuTime() / 1e9 - cpuBefore;
            long bytes = files.stream().mapToLong(p -> p.content().length).sum();
            SearchBench.log("  %d documents, %d pages in %.1f s", documents, pages, wall / 1e9);
            RunningChartVault.Client clerk = vault.user("bench-clerk", "roi");
            String[] words = {"chest", "pain", "discharge", "\"blood pressure\"", "history", "medication"};
            long[] took = new long[SEARCHES];
            for (int i = 0; i < SEARCHES; i++) {
                long t0 = System.nanoTime();
                RunningChartVault.Response found = clerk.get("/api/search?q=" + java.net.URLEncoder.encode(
                        words[i % words.length], java.nio.charset.StandardCharsets.UTF_8));
                took[i] = System.nanoTime() - t0;
                if (found.status() != 200) throw new IllegalStateException("search failed: " + found);
            }
            long[] sorted = Stats.sorted(took);
            String firstView = null;
            if ("on-demand".equals(settings.get("CHARTVAULT_TEXT_PAGE_IMAGES"))) {
                RunningChartVault.Client viewer = vault.user("bench-viewer", "roi");
                List<Long> views = new ArrayList<>();
                for (var document : pagesOf.entrySet()) {
                    String id = document.getKey();
                    for (int n = 1; n <= document.getValue(); n++) {
                        long t0 = System.nanoTime();
                        RunningChartVault.Response image = viewer.get("/api/documents/" + id + "/pages/" + n + "/image");
                        views.add(System.nanoTime() - t0);
                        if (image.status() != 200) throw new IllegalStateException("page image failed: " + image);
                    }
                }
                long[] v = Stats.sorted(views.stream().mapToLong(Long::longValue).toArray());
                if (v.length > 0) firstView = Stats.num(Stats.percentile(v, 50), 0);
            }
            return new Outcome(documents, pages, bytes, wall, cpu, failed,
                    Stats.percentile(sorted, 50), Stats.percentile(sorted, 95), firstView);
        }
    }
}
