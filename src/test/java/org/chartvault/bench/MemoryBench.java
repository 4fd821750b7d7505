package org.chartvault.bench;

import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.RunningChartVault;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench memory}: heap and resident memory of a real ChartVault over continuous ingest (default 10,000 pages:
 * born-digital PDFs for volume and a share of scanned pages that go through OCR). Batches are uploaded over HTTP
 * one after another, a few in flight, as a busy scanning room would. Memory is sampled every few seconds; at every
 * tenth of the pages the heap is also measured after a full collection (the live set, which is what grows when
 * something leaks). Growth is compared from the end of warm-up (the first fifth of the pages) to the end.
 */
final class MemoryBench {
    private static final int BATCH = 20;
    private static final int BATCHES_IN_FLIGHT = 3;
    private static final long SAMPLE_SECONDS = 5;

    private final int pages;
    private final int scannedPercent;
    private final Report report;

    private MemoryBench(Options options) {
        pages = options.integer("pages", 10_000);
        scannedPercent = options.integer("scanned-share", 2);
        if (scannedPercent < 0 || scannedPercent > 100) throw new IllegalArgumentException("--scanned-share is a percentage");
        report = new Report("memory", "./chartvault bench memory" + options.asArguments());
    }

    static void run(List<String> args) throws Exception {
        new MemoryBench(Options.parse(args, Set.of("pages", "scanned-share"))).run();
    }

    /**
     * One sample: when, how far, heap in use (and after a full collection, when one was made), committed heap, RSS
     * and its two parts (anonymous; mapped files), and what the JVM itself has committed (-1 without NMT).
     */
    record Sample(double seconds, int pagesDone, long heapUsed, long liveHeap, long heapCommitted, long rss,
                  long rssAnon, long rssFile, long jvmCommitted) {
        /** Anonymous memory the JVM does not account for: native libraries' allocations (Tesseract, Leptonica). */
        long beyondJvm() {
            return jvmCommitted < 0 || rssAnon < 0 ? -1 : Math.max(0, rssAnon - jvmCommitted);
        }
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("chartvault-bench-memory-");
        try {
            List<Path> files = generate(work.resolve("files"));
            Path data = work.resolve("data");
            Files.createDirectories(data);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            List<Sample> samples = new ArrayList<>();
            AtomicInteger pagesDone = new AtomicInteger();
            AtomicInteger nextCheckpoint = new AtomicInteger(1);
            long started = System.nanoTime();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            Runnable sample = () -> {
                int done = pagesDone.get();
                long live = -1;
                if (done * 10L >= (long) nextCheckpoint.get() * pages) {
                    nextCheckpoint.incrementAndGet();
                    memory.gc();
                    live = memory.getHeapMemoryUsage().getUsed();
                }
                var heap = memory.getHeapMemoryUsage();
                synchronized (samples) {
                    samples.add(new Sample((System.nanoTime() - started) / 1e9, done, heap.getUsed(), live,
                            heap.getCommitted(), Machine.rss(), Machine.status("RssAnon"), Machine.status("RssFile"),
                            Machine.jvmCommitted()));
                }
            };
            int documents, failed;
            try (RunningChartVault vault = RunningChartVault.start(data)) {
                memory.gc();
                sample.run();
                sampler.scheduleAtFixedRate(sample, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
                RunningChartVault.Client client = vault.user("bench-scanner", "scanner");
                Deque<String> inFlight = new ArrayDeque<>();
                int[] counts = new int[2];
                for (int from = 0; from < files.size(); from += BATCH) {
                    List<RunningChartVault.Part> parts = new ArrayList<>();
                    for (Path f : files.subList(from, Math.min(files.size(), from + BATCH))) {
                        parts.add(new RunningChartVault.Part(f.getFileName().toString(), Files.readAllBytes(f)));
                    }
                    var receipt = client.upload(Map.of(), parts.toArray(RunningChartVault.Part[]::new));
                    if (receipt.status() != 202) throw new IllegalStateException("upload refused: " + receipt);
                    inFlight.add(receipt.json().get("batchId").asText());
                    while (inFlight.size() >= BATCHES_IN_FLIGHT) finish(client, inFlight.poll(), pagesDone, counts);
                }
                while (!inFlight.isEmpty()) finish(client, inFlight.poll(), pagesDone, counts);
                sampler.shutdown();
                sampler.awaitTermination(1, TimeUnit.MINUTES);
                nextCheckpoint.set(0);
                sample.run();   // the final live set, after the last page
                documents = counts[0];
                failed = counts[1];
            } finally {
                sampler.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            table(samples, documents, failed, seconds);
        } finally {
            SearchBench.deleteTree(work);
        }
        report.finish(System.out);
    }

    private void table(List<Sample> samples, int documents, int failed, double seconds) {
        int total = samples.getLast().pagesDone();
        Table table = report.table(new Table("Memory over continuous ingest: " + total + " pages, " + documents
                + " documents (" + scannedPercent + "% scanned and OCR'd), " + Stats.num(seconds / 60, 1) + " min, "
                + failed + " failed", "pages done", "minutes", "live heap after full GC (MB)", "heap committed (MB)",
                "RSS (MB)", "of it anonymous (MB)", "of it mapped files (MB)", "JVM committed, NMT (MB)",
                "anonymous beyond the JVM (MB)"));
        List<Sample> checkpoints = samples.stream().filter(s -> s.liveHeap() >= 0).toList();
        for (Sample s : checkpoints) {
            table.row(s.pagesDone(), Stats.num(s.seconds() / 60, 1), mb(s.liveHeap()), mb(s.heapCommitted()), mb(s.rss()),
                    mb(s.rssAnon()), mb(s.rssFile()), mb(s.jvmCommitted()), mb(s.beyondJvm()));
        }
        // warm-up: up to the first checkpoint at or past a fifth of the pages
        Sample warm = checkpoints.stream().filter(s -> s.pagesDone() * 5L >= total).findFirst().orElse(checkpoints.getFirst());
        Sample end = checkpoints.getLast();
        double heapGrowth = (double) end.liveHeap() / warm.liveHeap() - 1;
        double rssGrowth = (double) end.rss() / warm.rss() - 1;
        long peakRss = samples.stream().mapToLong(Sample::rss).max().orElse(0);
        long peakHeap = samples.stream().mapToLong(Sample::heapUsed).max().orElse(0);
        Table growth = report.table(new Table("Growth after warm-up (from " + warm.pagesDone() + " pages to " + end.pagesDone()
                + "); target: at most 10%", "measure", "after warm-up (MB)", "at the end (MB)", "growth", "peak (MB)", "target met"));
        growth.row("live heap after full GC", mb(warm.liveHeap()), mb(end.liveHeap()), Stats.percent(heapGrowth),
                mb(peakHeap) + " in use before GC", heapGrowth <= 0.10 ? "yes" : "no");
        growth.row("resident set size (RSS)", mb(warm.rss()), mb(end.rss()), Stats.percent(rssGrowth), mb(peakRss),
                rssGrowth <= 0.10 ? "yes" : "no");
        growthRow(growth, "of it anonymous (heap and native allocations)", samples, warm, end, Sample::rssAnon);
        growthRow(growth, "of it mapped files (index segments; the kernel may drop them)", samples, warm, end, Sample::rssFile);
        growthRow(growth, "JVM committed (Native Memory Tracking)", samples, warm, end, Sample::jvmCommitted);
        growthRow(growth, "anonymous beyond the JVM (native libraries)", samples, warm, end, Sample::beyondJvm);
        report.figure("liveHeapGrowth", heapGrowth);
        report.figure("rssGrowth", rssGrowth);
        report.figure("pages", total);
        report.figure("samples", samples);
        report.note("One JVM holds ChartVault (two OCR workers, two job workers, local-disk store and index) and the "
                + "benchmark's HTTP client; JVM settings as for serve (default collector and heap limit). Samples every "
                + SAMPLE_SECONDS + " s are in the JSON result; RSS and its parts from /proc/self/status, the JVM's own "
                + "commitment from Native Memory Tracking (`./chartvault bench memory` starts the JVM with "
                + "-XX:NativeMemoryTracking=summary). NMT counts memory committed, touched or not, so \"anonymous "
                + "beyond the JVM\" is a lower bound of what native libraries hold.");
    }

    /** A growth row for a part of RSS; "-" where it was not measured (no /proc, or the JVM ran without NMT). */
    private static void growthRow(Table growth, String measure, List<Sample> samples, Sample warm, Sample end,
                                  java.util.function.ToLongFunction<Sample> part) {
        long from = part.applyAsLong(warm), to = part.applyAsLong(end);
        if (from <= 0 || to < 0) { // not measured, or nothing to grow from
            growth.row(measure, mb(from), mb(to), "-", "-", "-");
            return;
        }
        double change = (double) to / from - 1;
        growth.row(measure, mb(from), mb(to), Stats.percent(change), mb(samples.stream().mapToLong(part).max().orElse(0)),
                change <= 0.10 ? "yes" : "no");
    }

    private static void finish(RunningChartVault.Client client, String batchId, AtomicInteger pagesDone, int[] counts) {
        var done = client.awaitBatch(batchId, Duration.ofHours(2));
        pagesDone.addAndGet(done.get("pagesTotal").asInt());
        for (var d : done.get("documents")) {
            counts[0]++;
            if ("failed".equals(d.path("status").asText())) counts[1]++;
        }
    }

    /** Born-digital documents until the page count is reached; every n-th document a scanned page instead. */
    private List<Path> generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        ChartGenerator generator = new ChartGenerator();
        List<Path> files = new ArrayList<>();
        int every = scannedPercent == 0 ? Integer.MAX_VALUE : Math.max(1, 100 / scannedPercent);
        int count = 0;
        SearchBench.log("generating %d pages of documents", pages);
        for (long seed = 80_000; count < pages; seed++) {
            Path file;
            if ((seed - 80_000) % every == every - 1) {
                var scan = generator.page(seed).scan(300).apply(Degradation.binarize(150));
                file = dir.resolve(String.format("scan-%06d.tif", seed));
                Files.write(file, ChartFiles.tiff(List.of(scan), ChartFiles.TiffCompression.CCITT_G4));
                count++;
            } else {
                ChartDocument document = generator.document(seed);
                file = dir.resolve(String.format("ehr-%06d.pdf", seed));
                Files.write(file, ChartFiles.bornDigitalPdf(document.pages()));
                count += document.pages().size();
            }
            files.add(file);
        }
        return files;
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "-" : Long.toString(Math.round(bytes / (1024.0 * 1024)));
    }
}
