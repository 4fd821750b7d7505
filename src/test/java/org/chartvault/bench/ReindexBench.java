package org.chartvault.bench;

import org.chartvault.App;
import org.chartvault.Config;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.imaging.Word;
import org.chartvault.index.RawBulkIndexing;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench reindex}: writes N generated chart pages into a local-disk archive as ChartVault stores them (document
 * records and page objects with their text and word boxes, through {@link DocumentRepository}), then measures in the
 * same run (a) {@code ./chartvault reindex}, i.e. {@link App#reindex} on that data directory, and (b) Lucene's own
 * bulk indexing of the same text from memory ({@link RawBulkIndexing}). Target: (a) at least 0.9 times as many
 * pages per second as (b).
 */
final class ReindexBench {
    private static final long SEED = 20_241_119L;
    private static final int WRITE_THREADS = 2;

    private final int pages;
    private final ChartText text = new ChartText(SEED);
    private final Report report;

    private ReindexBench(Options options) {
        this.pages = options.integer("pages", 100_000);
        if (pages < 100) throw new IllegalArgumentException("--pages must be at least 100");
        this.report = new Report("reindex", "./chartvault bench reindex" + options.asArguments());
    }

    static void run(List<String> args) throws Exception {
        new ReindexBench(Options.parse(args, Set.of("pages"))).run();
    }

    private void run() throws Exception {
        int documents = Math.toIntExact(text.documentsFor(pages));
        Path dataDir = Files.createTempDirectory("chartvault-bench-reindex-");
        try {
            SearchBench.log("writing %,d documents as ChartVault stores them into %s", documents, dataDir);
            long writeStarted = System.nanoTime();
            List<RawBulkIndexing.Indexed> archive = writeArchive(dataDir.resolve("store"), documents);
            long pageCount = archive.stream().mapToLong(d -> d.pages().size()).sum();
            long storeBytes = SearchBench.sizeOf(dataDir.resolve("store"));
            SearchBench.log("  written in %.0f s (%.2f GB); load average %s", (System.nanoTime() - writeStarted) / 1e9,
                    storeBytes / 1e9, Machine.loadAverage());
            int threads = Runtime.getRuntime().availableProcessors();

            // the first run would otherwise also pay for compiling Lucene's indexing code, which the second reuses
            SearchBench.log("warming up: raw indexing of a tenth of the pages, not measured");
            Path warmUp = dataDir.resolve("warm-up-index");
            Files.createDirectories(warmUp);
            RawBulkIndexing.run(warmUp, archive.subList(0, Math.max(1, documents / 10)), threads);
            SearchBench.deleteTree(warmUp);

            String loadBefore = Machine.loadAverage();
            SearchBench.log("reindex from storage (what ./chartvault reindex does)");
            Run rebuild;
            Path rebuiltIndex = dataDir.resolve("index");
            try (App app = App.open(Config.from(Map.of("CHARTVAULT_DATA", dataDir.toString(), "CHARTVAULT_PORT", "0")))) {
                rebuild = measure(() -> {
                    int indexed = app.reindex();
                    if (indexed != documents) throw new IllegalStateException("reindexed " + indexed + " of " + documents);
                });
            }
            rebuild = rebuild.withSize(SearchBench.sizeOf(rebuiltIndex));
            String loadBetween = Machine.loadAverage();

            SearchBench.log("raw Lucene bulk indexing of the same text from memory");
            Path rawIndex = dataDir.resolve("raw-index");
            Files.createDirectories(rawIndex);
            Run raw = measure(() -> RawBulkIndexing.run(rawIndex, archive, threads)).withSize(SearchBench.sizeOf(rawIndex));
            String loadAfter = Machine.loadAverage();

            double rebuildRate = pageCount / rebuild.seconds();
            double rawRate = pageCount / raw.seconds();
            double rebuildCpuRate = pageCount / rebuild.cpuSeconds();
            double rawCpuRate = pageCount / raw.cpuSeconds();
            Table table = report.table(new Table(String.format(Locale.ROOT, "Rebuilding the index of %,d pages (%,d documents, %.2f GB in the store)",
                    pageCount, documents, storeBytes / 1e9),
                    "run", "time", "pages/s", "vs raw Lucene", "CPU time", "pages per CPU second", "vs raw Lucene (CPU)",
                    "index size", "peak heap", "load average before / after"));
            table.row("./chartvault reindex (App.reindex from the local-disk store)", seconds(rebuild.seconds()),
                    Stats.num(rebuildRate, 0), Stats.num(rebuildRate / rawRate, 2) + "x", seconds(rebuild.cpuSeconds()),
                    Stats.num(rebuildCpuRate, 0), Stats.num(rebuildCpuRate / rawCpuRate, 2) + "x", gb(rebuild.indexBytes()),
                    mb(rebuild.peakHeap()), loadBefore + " / " + loadBetween);
            table.row("raw Lucene: IndexWriter.addDocuments from memory, " + threads + " threads, one commit",
                    seconds(raw.seconds()), Stats.num(rawRate, 0), "1.00x", seconds(raw.cpuSeconds()),
                    Stats.num(rawCpuRate, 0), "1.00x", gb(raw.indexBytes()), mb(raw.peakHeap()),
                    loadBetween + " / " + loadAfter);
            report.figure("pages", pageCount);
            report.figure("documents", documents);
            report.figure("reindexPagesPerSecond", rebuildRate);
            report.figure("rawPagesPerSecond", rawRate);
            report.figure("ratio", rebuildRate / rawRate);
            report.figure("cpuRatio", rebuildCpuRate / rawCpuRate);
            report.figure("loadAverage", List.of(loadBefore, loadBetween, loadAfter));
            report.note("Target: reindex at least 0.9x the pages per second of raw Lucene bulk indexing of the same text.");
            report.note("Reindex: the real App on the data directory, timed from App.reindex() to its return (index "
                    + "committed and searchable); it reads every document record and page object (text and word boxes, "
                    + "each checked against its SHA-256) from the store. The store was just written, so it is read from "
                    + "the operating system's page cache, as on a server with the memory to hold it.");
            report.note("Raw Lucene: the same analyzer, fields and 64 MB indexing buffer, the text already in memory, "
                    + "addDocuments (no replace by id), no refresh, one commit; the same number of threads (" + threads + ").");
            report.note("Before both, a tenth of the pages is indexed raw and thrown away (not measured): the JIT "
                    + "compiles Lucene's indexing code once, not inside the first measured run.");
            report.note("CPU time: the whole process's, over the run (all threads, the JVM's own included): on a machine "
                    + "other work also loads, pages per CPU second compare the two runs better than wall-clock time.");
            report.note("Peak heap: the largest heap in use during the run (sum of the heap pools' peaks), max heap "
                    + mb(Runtime.getRuntime().maxMemory()) + ".");
            report.finish(System.out);
        } finally {
            SearchBench.log("removing %s", dataDir);
            SearchBench.deleteTree(dataDir);
        }
    }

    /** Writes the archive through the real repository; returns what each document holds, words left out. */
    private List<RawBulkIndexing.Indexed> writeArchive(Path storeRoot, int documents) throws Exception {
        RawBulkIndexing.Indexed[] written = new RawBulkIndexing.Indexed[documents];
        // the fixture is not what is measured: no fsync, so writing a million pages takes minutes, not hours
        try (LocalDiskStore store = new LocalDiskStore(storeRoot, channel -> { })) {
            DocumentRepository repository = new DocumentRepository(store, new InProcessLocks(), Clock.systemUTC());
            AtomicLong next = new AtomicLong();
            AtomicLong done = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(WRITE_THREADS);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < WRITE_THREADS; t++) {
                    work.add(pool.submit(() -> {
                        for (int n = (int) next.getAndIncrement(); n < documents; n = (int) next.getAndIncrement()) {
                            written[n] = writeDocument(repository, n);
                            long finished = done.incrementAndGet();
                            if (finished % Math.max(1, documents / 10) == 0) {
                                SearchBench.log("  %d%% (%,d documents)", finished * 100 / documents, finished);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) f.get();
            } finally {
                pool.shutdown();
            }
            repository.files().markScansRecorded(0); // as an archive written by this version: no records to complete at start
        }
        return List.of(written);
    }

    private RawBulkIndexing.Indexed writeDocument(DocumentRepository repository, int n) throws Exception {
        List<ChartText.Page> generated = text.document(n);
        ChartText.Page first = generated.get(0);
        String sha256 = String.format(Locale.ROOT, "%064x", n);
        List<PageSummary> summaries = new ArrayList<>();
        List<PageContent> texts = new ArrayList<>();
        for (ChartText.Page page : generated) {
            PageContent stored = new PageContent(page.number(), 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0.4, 91.0,
                    page.text(), wordsOf(page.text()), false);
            repository.savePage(page.documentId(), stored);
            summaries.add(new PageSummary(page.number(), 91.0, PageContent.SOURCE_OCR, false,
                    new ScanPage(sha256, page.number())));
            texts.add(new PageContent(page.number(), 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0.4, 91.0,
                    page.text(), List.of(), false));
        }
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        Document record = repository.create(new Document(first.documentId(), sha256, "scan_" + n + ".pdf",
                "application/pdf", 180_000L * generated.size(), "bat_bench" + n / 50, "scanner", at, first.indexing(),
                DocumentStatus.INDEXED, generated.size(), summaries, List.of(), List.of(), null, 0, at));
        return new RawBulkIndexing.Indexed(record, texts);
    }

    /** Word boxes as Tesseract gives them for a 300 dpi letter page: every word, where it sits, its line. */
    static List<Word> wordsOf(String text) {
        List<Word> words = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int line = 0; line < lines.length; line++) {
            int x = 150;
            for (String word : lines[line].split(" ")) {
                if (!word.isEmpty()) {
                    int width = 25 * word.length();
                    words.add(new Word(word, x, 150 + 68 * line, width, 42, 80 + (word.length() * 7 + line) % 20, line));
                }
                x += 25 * (word.length() + 1);
            }
        }
        return words;
    }

    private interface Work {
        void run() throws Exception;
    }

    private record Run(double seconds, double cpuSeconds, long peakHeap, long indexBytes) {
        Run withSize(long bytes) {
            return new Run(seconds, cpuSeconds, peakHeap, bytes);
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static Run measure(Work work) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpuBefore = OS.getProcessCpuTime();
        long started = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (OS.getProcessCpuTime() - cpuBefore) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Run(seconds, cpuSeconds, peak, 0);
    }

    private static String seconds(double s) {
        return s >= 100 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
    }
}
