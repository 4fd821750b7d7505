package org.chartvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the peers' command-line tools (tesseract, ocrmypdf) as a user would, with {@code OMP_THREAD_LIMIT=1}, and
 * measures both wall time and the CPU time the command and everything it started used: on a machine that other
 * work also loads, CPU seconds per page stay comparable when wall time does not.
 */
final class Processes {
    private Processes() {
    }

    /** What one command did: its standard output, wall time and CPU seconds (user + system, children included). */
    record Run(String output, long wallNanos, double cpuSeconds) {
    }

    /** Runs {@code command} through bash, whose {@code times} then reports the CPU time of what it waited for. */
    static Run run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        List<String> bash = new ArrayList<>(List.of("bash", "-c", "\"$@\" > " + quote(out) + " 2> " + quote(err)
                + "; status=$?; times; exit $status", "cmd"));
        bash.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(bash).redirectErrorStream(true);
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        long started = System.nanoTime();
        Process process = builder.start();
        String times = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 30 minutes");
        }
        long wall = System.nanoTime() - started;
        String output = Files.readString(out, StandardCharsets.UTF_8);
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + process.exitValue() + ":\n"
                    + errors.lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
        }
        return new Run(output, wall, childCpuSeconds(times));
    }

    /** Runs every command, {@code parallel} at a time; results in the order given; total wall time in [0]. */
    static List<Run> runAll(List<List<String>> commands, int parallel, Path workDir, long[] wallNanos) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            long started = System.nanoTime();
            List<Future<Run>> futures = new ArrayList<>();
            for (List<String> command : commands) futures.add(pool.submit(() -> run(command, workDir)));
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) runs.add(f.get());
            wallNanos[0] = System.nanoTime() - started;
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    /** bash's {@code times}: the shell's own user and system time, then its children's ("0m1.234s 0m0.056s"). */
    static double childCpuSeconds(String times) {
        List<String> lines = times.lines().filter(l -> l.matches("\\s*\\d+m[\\d.]+s\\s+\\d+m[\\d.]+s\\s*")).toList();
        if (lines.size() < 2) return Double.NaN;
        String[] parts = lines.get(lines.size() - 1).strip().split("\\s+");
        return seconds(parts[0]) + seconds(parts[1]);
    }

    private static double seconds(String mmss) {
        int m = mmss.indexOf('m');
        return Integer.parseInt(mmss.substring(0, m)) * 60 + Double.parseDouble(mmss.substring(m + 1, mmss.length() - 1));
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /** The plain tesseract command: default page segmentation, the eng model, text to standard output. */
    static List<String> tesseract(Path image) {
        return List.of("tesseract", image.toString(), "stdout", "-l", "eng");
    }
}
