package org.chartvault.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.imaging.SourcePage;
import org.chartvault.ocr.OcrSettings;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.ProcessedPage;
import org.chartvault.testing.RunningChartVault;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench ocr}: pages per minute of ChartVault's OCR stage ({@link PageProcessor}, two workers) and of the whole
 * pipeline (upload over HTTP to searchable, a real ChartVault with two OCR workers), against the plain tesseract
 * command two processes at a time and ocrmypdf --jobs 2, on the same pages, in the same run. Besides wall time, CPU
 * seconds per page: other work on the machine stretches wall time, CPU time much less.
 */
final class OcrThroughputBench {
    static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");
    private static final int WORKERS = 2;

    private final int generated;
    private final boolean corpus;
    private final boolean ocrmypdf;
    private final boolean pipeline;
    private final Report report;

    private OcrThroughputBench(Options options) {
        generated = options.integer("generated", 24);
        corpus = Boolean.parseBoolean(options.text("corpus", "true"));
        ocrmypdf = Boolean.parseBoolean(options.text("ocrmypdf", "true"));
        pipeline = Boolean.parseBoolean(options.text("pipeline", "true"));
        report = new Report("ocr", "./chartvault bench ocr" + options.asArguments());
    }

    static void run(List<String> args) throws Exception {
        new OcrThroughputBench(Options.parse(args, Set.of("generated", "corpus", "ocrmypdf", "pipeline"))).run();
    }

    /** Wall time and CPU time of one system on one set of pages. */
    record Measure(int pages, long wallNanos, double cpuSeconds) {
        double pagesPerMinute() {
            return pages / (wallNanos / 6e10);
        }

        double cpuPerPage() {
            return cpuSeconds / pages;
        }
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("chartvault-bench-ocr-");
        try {
            Map<String, List<OcrPages.Original>> sets = new LinkedHashMap<>();
            if (generated > 0) sets.put("generated, 300 DPI", OcrPages.generated(work, generated));
            if (corpus) sets.put("corpus scans", OcrPages.corpus(work));
            Table throughput = report.table(new Table("OCR throughput, two at a time (OMP_THREAD_LIMIT=1)",
                    "pages", "system", "pages/min", "vs tesseract command", "CPU s/page", "CPU vs command", "wall s"));
            Table stages = report.table(new Table("Where ChartVault's OCR stage spends its time (mean ms per page, on a worker)",
                    "pages", "normalise", "orientation", "deskew", "OCR (Tesseract)", "encode PNG + thumbnail", "total"));
            Map<String, Object> figures = new LinkedHashMap<>();
            for (var set : sets.entrySet()) {
                String name = set.getKey();
                List<OcrPages.Original> originals = set.getValue();
                List<SourcePage> decoded = new ArrayList<>();
                List<Integer> pagesOf = new ArrayList<>();
                for (OcrPages.Original o : originals) {
                    List<SourcePage> pagesOfFile = OcrPages.decode(o.file());
                    decoded.addAll(pagesOfFile);
                    pagesOf.add(pagesOfFile.size());
                }
                int pages = decoded.size();
                String label = name + " (" + pages + ")";
                SearchBench.log("%s: tesseract command", label);
                List<Processes.Run> commandRuns = new ArrayList<>();
                Measure command = command(originals, pages, work, commandRuns);
                SearchBench.log("%s: ChartVault OCR stage", label);
                long[] stageSums = new long[6];
                List<ProcessedPage> processed = new ArrayList<>();
                Measure stage = ocrStage(decoded, stageSums, processed);
                perFile(name, originals, pagesOf, commandRuns, processed);
                Measure whole = null;
                if (pipeline) {
                    SearchBench.log("%s: ChartVault pipeline over HTTP", label);
                    whole = pipeline(originals, pages, work);
                }
                Measure ocrmy = null;
                if (ocrmypdf) {
                    SearchBench.log("%s: ocrmypdf --jobs 2", label);
                    ocrmy = ocrmypdf(decoded, work);
                }
                row(throughput, label, "tesseract command, 2 processes", command, command);
                row(throughput, label, "ChartVault OCR stage (PageProcessor, 2 workers)", stage, command);
                if (whole != null) row(throughput, label, "ChartVault whole pipeline, upload to searchable", whole, command);
                if (ocrmy != null) row(throughput, label, "ocrmypdf --jobs 2 (image-only PDF in, PDF/A out)", ocrmy, command);
                stages.row(label, per(stageSums[0], pages), per(stageSums[1], pages), per(stageSums[2], pages),
                        per(stageSums[3], pages), per(stageSums[4], pages), per(stageSums[5], pages));
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("pages", pages);
                f.put("stageVsCommand", stage.pagesPerMinute() / command.pagesPerMinute());
                f.put("stageCpuVsCommand", command.cpuPerPage() / stage.cpuPerPage());
                if (whole != null) {
                    f.put("pipelineVsCommand", whole.pagesPerMinute() / command.pagesPerMinute());
                    f.put("pipelineCpuVsCommand", command.cpuPerPage() / whole.cpuPerPage());
                }
                if (ocrmy != null) f.put("ocrmypdfVsCommand", ocrmy.pagesPerMinute() / command.pagesPerMinute());
                figures.put(name, f);
            }
            report.figure("sets", figures);
            report.note("Targets: OCR stage >= 0.95x the command, whole pipeline >= 0.9x (pages/min, same pages, same run). "
                    + "\"CPU vs command\" is the command's CPU seconds per page divided by the system's: above 1.00x the system "
                    + "needs less CPU per page than the command.");
            report.note("The command reads each file as it is (a PDF's pages as PNG images: tesseract does not read PDF), "
                    + "default page segmentation, eng, text out. ChartVault's stage gets the same pages already decoded; "
                    + "it also detects orientation (Tesseract OSD), deskews, filters speckle, reads an unsure page upside "
                    + "down as well, keeps word boxes and encodes the page PNG and thumbnail. The pipeline adds upload, "
                    + "storage (fsync'd), decoding, the searchable PDF, indexing and audit.");
            report.note("ocrmypdf does more than the command: it rasterises each PDF page, runs Tesseract's PDF renderer, "
                    + "and by default writes PDF/A through Ghostscript and optimises images; it neither turns pages "
                    + "(--rotate-pages) nor deskews by default.");
        } finally {
            SearchBench.deleteTree(work);
        }
        report.finish(System.out);
    }

    private static void row(Table table, String set, String system, Measure m, Measure command) {
        table.row(set, system, Stats.num(m.pagesPerMinute(), 1), Stats.ratio(m.pagesPerMinute(), command.pagesPerMinute()),
                Stats.num(m.cpuPerPage(), 2), Stats.ratio(command.cpuPerPage(), m.cpuPerPage()),
                Stats.num(m.wallNanos() / 1e9, 1));
    }

    private static String per(long sum, int pages) {
        return Long.toString(Math.round((double) sum / pages));
    }

    /** Per original: the command's CPU time beside ChartVault's time per stage, and what ChartVault did to the page. */
    private void perFile(String set, List<OcrPages.Original> originals, List<Integer> pagesOf, List<Processes.Run> runs,
                         List<ProcessedPage> processed) {
        Table table = new Table("Per file, " + set + ": the command's CPU time beside ChartVault's stage times (worker ms, wall)",
                "file", "pages", "command CPU s", "ChartVault orientation ms", "OCR ms", "total ms", "what ChartVault did");
        int run = 0, page = 0;
        for (int i = 0; i < originals.size(); i++) {
            OcrPages.Original o = originals.get(i);
            double cpu = 0;
            for (int k = 0; k < o.commandInput().size(); k++) cpu += runs.get(run++).cpuSeconds();
            long orientation = 0, ocr = 0, total = 0;
            java.util.Set<String> notes = new java.util.LinkedHashSet<>();
            for (int k = 0; k < pagesOf.get(i); k++) {
                ProcessedPage p = processed.get(page++);
                orientation += p.timings().orientation();
                ocr += p.timings().ocr();
                total += p.timings().total();
                notes.addAll(p.notes());
            }
            table.row(o.name(), pagesOf.get(i), Stats.num(cpu, 1), orientation, ocr, total, String.join(" ", notes));
        }
        report.table(table);
    }

    private static Measure command(List<OcrPages.Original> originals, int pages, Path work, List<Processes.Run> runsOut)
            throws Exception {
        List<List<String>> commands = new ArrayList<>();
        for (OcrPages.Original o : originals) for (Path input : o.commandInput()) commands.add(Processes.tesseract(input));
        long[] wall = new long[1];
        List<Processes.Run> runs = Processes.runAll(commands, WORKERS, work, wall);
        runsOut.addAll(runs);
        return new Measure(pages, wall[0], runs.stream().mapToDouble(Processes.Run::cpuSeconds).sum());
    }

    /** Every page submitted at once to a PageProcessor with two workers; CPU time of the worker threads. */
    static Measure ocrStage(List<SourcePage> pages, long[] stageSums, List<ProcessedPage> processed) throws Exception {
        try (PageProcessor processor = new PageProcessor(new OcrSettings(TESSDATA, "eng", WORKERS, Duration.ofMinutes(5)))) {
            warmUp(processor);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double cpuBefore = workerCpuSeconds(threads);
            long started = System.nanoTime();
            List<CompletableFuture<ProcessedPage>> pending = new ArrayList<>();
            for (SourcePage page : pages) pending.add(processor.submit(page));
            for (CompletableFuture<ProcessedPage> f : pending) {
                ProcessedPage page = f.get(30, TimeUnit.MINUTES);
                processed.add(page);
                ProcessedPage.Timings t = page.timings();
                stageSums[0] += t.normalise();
                stageSums[1] += t.orientation();
                stageSums[2] += t.deskew();
                stageSums[3] += t.ocr();
                stageSums[4] += t.encode();
                stageSums[5] += t.total();
            }
            long wall = System.nanoTime() - started;
            return new Measure(pages.size(), wall, workerCpuSeconds(threads) - cpuBefore);
        }
    }

    /**
     * One page per worker, at once, before the clock starts: each engine loads the orientation model on its first
     * page, which a running service has long done.
     */
    private static void warmUp(PageProcessor processor) throws Exception {
        List<CompletableFuture<ProcessedPage>> warm = new ArrayList<>();
        for (SourcePage page : warmUpPages()) warm.add(processor.submit(page));
        for (CompletableFuture<ProcessedPage> f : warm) f.get(30, TimeUnit.MINUTES);
    }

    private static List<SourcePage> warmUpPages() throws Exception {
        Path dir = Files.createTempDirectory("chartvault-bench-warm-");
        try {
            List<SourcePage> pages = new ArrayList<>();
            for (Path file : warmUpFiles(dir)) pages.addAll(OcrPages.decode(file));
            return pages;
        } finally {
            SearchBench.deleteTree(dir);
        }
    }

    /** {@link #WORKERS} generated pages that are in no measured set. */
    private static List<Path> warmUpFiles(Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        org.chartvault.testing.ChartGenerator generator = new org.chartvault.testing.ChartGenerator();
        for (int i = 0; i < WORKERS; i++) {
            Path file = dir.resolve("warm-up-" + i + ".png");
            Files.write(file, org.chartvault.testing.ChartFiles.png(generator.page(1_000_000 + i).scan(300)));
            files.add(file);
        }
        return files;
    }

    private static double workerCpuSeconds(ThreadMXBean threads) {
        double seconds = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ocr-worker-")) seconds += threads.getThreadCpuTime(t.threadId()) / 1e9;
        }
        return seconds;
    }

    /** One batch of all the files through a real ChartVault, timed from the upload to the batch being done. */
    private static Measure pipeline(List<OcrPages.Original> originals, int pages, Path work) throws Exception {
        Path data = Files.createTempDirectory(work, "data-");
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            RunningChartVault.Client client = vault.user("bench-scanner", "scanner", "roi");
            List<RunningChartVault.Part> parts = new ArrayList<>();
            for (OcrPages.Original o : originals) parts.add(new RunningChartVault.Part(o.name(), Files.readAllBytes(o.file())));
            // warm-up batch, one page per OCR worker, as for the stage above
            List<RunningChartVault.Part> warm = new ArrayList<>();
            for (Path file : warmUpFiles(work)) warm.add(new RunningChartVault.Part(file.getFileName().toString(), Files.readAllBytes(file)));
            var warmReceipt = client.upload(Map.of(), warm.toArray(RunningChartVault.Part[]::new));
            client.awaitBatch(warmReceipt.json().get("batchId").asText(), Duration.ofMinutes(30));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double cpuBefore = os.getProcessCpuTime() / 1e9;
            long started = System.nanoTime();
            RunningChartVault.Response receipt = client.upload(Map.of(), parts.toArray(RunningChartVault.Part[]::new));
            if (receipt.status() != 202) throw new IllegalStateException("upload refused: " + receipt);
            JsonNode batch = client.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(60));
            long wall = System.nanoTime() - started;
            double cpu = os.getProcessCpuTime() / 1e9 - cpuBefore;
            int done = batch.get("pagesDone").asInt();
            if (done != pages) SearchBench.log("  note: the batch reports %d pages done of %d", done, pages);
            return new Measure(pages, wall, cpu);
        } finally {
            SearchBench.deleteTree(data);
        }
    }

    private static Measure ocrmypdf(List<SourcePage> pages, Path work) throws Exception {
        Path in = work.resolve("ocrmypdf-in.pdf");
        Path out = work.resolve("ocrmypdf-out.pdf");
        OcrPages.scannedPdf(pages, in);
        Processes.Run run = Processes.run(List.of("ocrmypdf", "--jobs", "2", "-l", "eng", in.toString(), out.toString()), work);
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        return new Measure(pages.size(), run.wallNanos(), run.cpuSeconds());
    }
}
