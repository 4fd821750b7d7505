package org.chartvault.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ./chartvault bench WHAT [options]}: the benchmarks of BENCHMARKS.md. Each prints its tables (Markdown) and
 * writes them as JSON under {@code target/bench/}. Not tests: nothing here asserts a timing; targets are reported,
 * met or missed.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * The service's own progress lines (documents indexed, users created...) would bury the tables; warnings and
     * errors still show. CHARTVAULT_BENCH_VERBOSE=1 keeps everything.
     */
    private static void quietService() {
        if (System.getenv("CHARTVAULT_BENCH_VERBOSE") != null) return;
        ((Logger) LoggerFactory.getLogger("org.chartvault")).setLevel(Level.WARN);
    }

    static final String USAGE = """
            usage: ./chartvault bench WHAT [options]     (see BENCHMARKS.md)
              ocr      [--generated 24] [--corpus true] [--pipeline true] [--ocrmypdf true]
                       OCR pages/minute: ChartVault's OCR stage and pipeline vs the tesseract command and ocrmypdf
              quality  [--per-case 2]
                       CER/WER against ground truth: ChartVault vs the tesseract command, corpus and hard cases
              search   [--pages 1000000] [--seconds 20] [--postgres true] [--opensearch false]
                       search latency over HTTP and in-process vs PostgreSQL full-text search (and an OpenSearch node)
              ingest   [--documents 200]
                       born-digital PDFs per second, local disk and S3 (S3Mock)
              memory   [--pages 10000] [--scanned-share 2]
                       heap and RSS (anonymous, mapped files, the JVM's own by NMT) over continuous ingest
              reindex  [--pages 100000]
                       ./chartvault reindex from a local-disk archive of N pages vs raw Lucene bulk indexing
              audit    [--seconds 10] [--delay-ms 25] [--postgres true]
                       audit appends/s with 1 and 8 writers, local disk as it is and with slower fsyncs
              cluster  [--scanned 16] [--born-digital 60] [--searches 300] [--nodes 3]
                       the embedded default vs 1..N nodes on PostgreSQL, OpenSearch and Ceph: pages/min, search p95
            """;

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        quietService();
        try {
            switch (args[0]) {
                case "ocr" -> OcrThroughputBench.run(rest);
                case "quality" -> OcrQualityBench.run(rest);
                case "search" -> SearchBench.run(rest);
                case "ingest" -> IngestBench.run(rest);
                case "memory" -> MemoryBench.run(rest);
                case "reindex" -> ReindexBench.run(rest);
                case "audit" -> AuditBench.run(rest);
                case "cluster" -> ClusterBench.run(rest);
                default -> {
                    System.err.print(USAGE);
                    System.err.println("unknown benchmark: " + args[0]);
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("chartvault bench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
