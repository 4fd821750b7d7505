package org.chartvault.bench;

import org.chartvault.imaging.SourcePage;
import org.chartvault.ocr.OcrQuality;
import org.chartvault.ocr.OcrSettings;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.ProcessedPage;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Degradation;

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
 * {@code bench quality}: character and word error rates against ground truth, ChartVault's reading beside the plain
 * tesseract command's on the same files: the corpus scans that have ground truth, and generated hard cases (turned
 * 90, 180 and 270 degrees, skewed, noisy, faxed). Corpus pages whose ground truth is not in reading order (the
 * scribe benchmark pages, see the corpus SOURCES.md) are judged by word recall (bag of words) only.
 */
final class OcrQualityBench {
    private static final String[] HARD_CASES = {"rotated 90", "rotated 180", "rotated 270", "skewed 4 degrees",
            "noisy (sigma 20 + specks)", "fax 204x196, bitonal"};

    private final int perCase;
    private final Report report;

    private OcrQualityBench(Options options) {
        perCase = options.integer("per-case", 2);
        report = new Report("quality", "./chartvault bench quality" + options.asArguments());
    }

    static void run(List<String> args) throws Exception {
        new OcrQualityBench(Options.parse(args, Set.of("per-case"))).run();
    }

    /** One page read by both, and its ground truth. */
    record Reading(String group, String name, String scoring, String truth, String chartvault, String command) {
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("chartvault-bench-quality-");
        try {
            List<OcrPages.Original> originals = new ArrayList<>();
            for (OcrPages.Original o : OcrPages.corpus(work)) if (!o.truths().isEmpty()) originals.add(o);
            originals.addAll(hardCases(work));
            List<Reading> readings = read(originals, work);

            Table pages = report.table(new Table("Per page: ChartVault vs the tesseract command (lower CER/WER is better, higher recall is better)",
                    "page", "scored by", "CER ChartVault", "CER command", "WER ChartVault", "WER command",
                    "recall ChartVault", "recall command", "ChartVault is"));
            Map<String, double[]> groups = new LinkedHashMap<>();   // group -> sums: cer cv, cer cmd, wer cv, wer cmd, recall cv, recall cmd, n, better, worse
            for (Reading r : readings) {
                double cerCv = OcrQuality.characterErrorRate(r.chartvault(), r.truth());
                double cerCmd = OcrQuality.characterErrorRate(r.command(), r.truth());
                double werCv = OcrQuality.wordErrorRate(r.chartvault(), r.truth());
                double werCmd = OcrQuality.wordErrorRate(r.command(), r.truth());
                double recCv = OcrQuality.wordRecall(r.chartvault(), r.truth());
                double recCmd = OcrQuality.wordRecall(r.command(), r.truth());
                // the verdict: CER for reading-order truth, recall for bag-of-words pages; within 0.2 points is a tie
                double ours = r.scoring().equals("words") ? 1 - recCv : cerCv;
                double theirs = r.scoring().equals("words") ? 1 - recCmd : cerCmd;
                String verdict = Math.abs(ours - theirs) < 0.002 ? "same" : ours < theirs ? "better" : "worse";
                pages.row(r.group() + ": " + r.name(), r.scoring().equals("words") ? "bag of words" : "CER",
                        Stats.percent(cerCv), Stats.percent(cerCmd), Stats.percent(werCv), Stats.percent(werCmd),
                        Stats.percent(recCv), Stats.percent(recCmd), verdict);
                double[] g = groups.computeIfAbsent(r.group(), k -> new double[9]);
                g[0] += cerCv; g[1] += cerCmd; g[2] += werCv; g[3] += werCmd; g[4] += recCv; g[5] += recCmd; g[6]++;
                if (verdict.equals("better")) g[7]++;
                if (verdict.equals("worse")) g[8]++;
            }
            Table summary = new Table("Mean per group (pages weighted equally)",
                    "group", "pages", "CER ChartVault", "CER command", "WER ChartVault", "WER command",
                    "recall ChartVault", "recall command", "better / same / worse");
            Map<String, Object> figures = new LinkedHashMap<>();
            for (var e : groups.entrySet()) {
                double[] g = e.getValue();
                double n = g[6];
                summary.row(e.getKey(), (int) n, Stats.percent(g[0] / n), Stats.percent(g[1] / n), Stats.percent(g[2] / n),
                        Stats.percent(g[3] / n), Stats.percent(g[4] / n), Stats.percent(g[5] / n),
                        (int) g[7] + " / " + (int) (n - g[7] - g[8]) + " / " + (int) g[8]);
                figures.put(e.getKey(), Map.of("cerChartvault", g[0] / n, "cerCommand", g[1] / n,
                        "werChartvault", g[2] / n, "werCommand", g[3] / n, "better", (int) g[7], "worse", (int) g[8]));
            }
            report.tables().addFirst(summary);
            report.figure("groups", figures);
            report.note("CER and WER: edit distance over characters / words after folding whitespace, Unicode (NFKC), quotes "
                    + "and dashes (org.chartvault.ocr.OcrQuality); recall: share of ground-truth words found anywhere "
                    + "on the page. Verdict: CER, or recall for bag-of-words pages; differences under 0.2 points are \"same\".");
            report.note("The command: tesseract FILE stdout -l eng, default page segmentation (a PDF's pages as PNG images, "
                    + "as ChartVault decodes them). ChartVault: PageProcessor as the pipeline runs it (orientation, "
                    + "deskew, speckle filter, OCR, an unsure page read upside down too).");
            report.note("Hard cases are generated chart pages (org.chartvault.testing.ChartGenerator, Degradation), "
                    + perCase + " per case, saved as PNG (gray) or CCITT G4 TIFF (bitonal). Target: better than the "
                    + "command on every hard case (rotated, skewed, noisy).");
        } finally {
            SearchBench.deleteTree(work);
        }
        report.finish(System.out);
    }

    private List<OcrPages.Original> hardCases(Path dir) throws Exception {
        ChartGenerator generator = new ChartGenerator();
        List<OcrPages.Original> originals = new ArrayList<>();
        for (int c = 0; c < HARD_CASES.length; c++) {
            for (int i = 0; i < perCase; i++) {
                long seed = 7_000 + c * 100 + i;
                ChartPage page = generator.page(seed);
                var clean = page.scan(300);
                String name = HARD_CASES[c].replaceAll("[^a-z0-9]+", "-") + "-" + (i + 1);
                Path file;
                switch (c) {
                    case 0, 1, 2 -> {
                        file = dir.resolve(name + ".tif");
                        Files.write(file, ChartFiles.tiff(List.of(clean.apply(Degradation.rotate(90 * (c + 1))
                                .then(Degradation.binarize(150)))), ChartFiles.TiffCompression.CCITT_G4));
                    }
                    case 3 -> {
                        file = dir.resolve(name + ".png");
                        Files.write(file, ChartFiles.png(clean.apply(Degradation.skew(i % 2 == 0 ? 4 : -4)
                                .then(Degradation.gaussianNoise(4, seed)))));
                    }
                    case 4 -> {
                        file = dir.resolve(name + ".png");
                        Files.write(file, ChartFiles.png(clean.apply(Degradation.gaussianNoise(20, seed)
                                .then(Degradation.saltAndPepper(0.003, seed)))));
                    }
                    default -> {
                        file = dir.resolve(name + ".tif");
                        Files.write(file, ChartFiles.tiff(List.of(clean.apply(Degradation.fax()
                                .then(Degradation.saltAndPepper(0.0005, seed)))), ChartFiles.TiffCompression.CCITT_G4));
                    }
                }
                originals.add(new OcrPages.Original("hard case: " + HARD_CASES[c], file.getFileName().toString(), file,
                        List.of(file), List.of(page.text()), "cer", HARD_CASES[c]));
            }
        }
        return originals;
    }

    /** Reads every page with ChartVault (two workers) and with the command (two processes). */
    private static List<Reading> read(List<OcrPages.Original> originals, Path work) throws Exception {
        List<List<String>> commands = new ArrayList<>();
        for (OcrPages.Original o : originals) for (Path input : o.commandInput()) commands.add(Processes.tesseract(input));
        SearchBench.log("tesseract command on %d inputs", commands.size());
        List<Processes.Run> runs = Processes.runAll(commands, 2, work, new long[1]);

        SearchBench.log("ChartVault on the same files");
        List<Reading> readings = new ArrayList<>();
        int next = 0;
        try (PageProcessor processor = new PageProcessor(new OcrSettings(OcrThroughputBench.TESSDATA, "eng", 2,
                Duration.ofMinutes(5)))) {
            for (OcrPages.Original o : originals) {
                List<SourcePage> decoded = OcrPages.decode(o.file());
                List<CompletableFuture<ProcessedPage>> pending = new ArrayList<>();
                for (SourcePage page : decoded) pending.add(processor.submit(page));
                // the command's text of this original, page by page (a multi-page TIFF comes back form-feed separated)
                List<String> commandPages = new ArrayList<>();
                for (int i = 0; i < o.commandInput().size(); i++) {
                    for (String page : runs.get(next++).output().split("\f", -1)) commandPages.add(page);
                }
                for (int p = 0; p < decoded.size(); p++) {
                    if (p >= o.truths().size()) break;
                    String ours = pending.get(p).get(30, TimeUnit.MINUTES).content().text();
                    String theirs = p < commandPages.size() ? commandPages.get(p) : "";
                    String name = o.name() + (decoded.size() > 1 ? " p" + (p + 1) : "");
                    String group = o.set().equals("corpus") ? (o.scoring().equals("words") ? "corpus, bag of words" : "corpus")
                            : o.set();
                    readings.add(new Reading(group, name, o.scoring(), o.truths().get(p), ours, theirs));
                }
            }
        }
        return readings;
    }
}
