package org.chartvault.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real ChartVault server in a process of its own, started the way {@code chartvault serve} starts it, on a data
 * directory that outlives it: for tests that kill the service (SIGKILL: no shutdown hook, no final commit) and
 * start it again on what it left behind. Clients come from {@link #service()}.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Pattern SERVING = Pattern.compile("ChartVault is serving on port (\\d+)");

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts ChartVault on {@code data} with two OCR workers, its console appended to {@code log}, on a port the
     * process picks itself (port 0: no window in which another process can take a port chosen beforehand), and
     * waits until it says where it serves and /api/health answers there. {@code settings} are added to the
     * environment (and may set a fixed CHARTVAULT_PORT).
     */
    public static ServiceProcess start(Path data, Path log, Map<String, String> settings)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "org.chartvault.Main", "serve");
        builder.environment().put("CHARTVAULT_DATA", data.toString());
        builder.environment().put("CHARTVAULT_PORT", "0");
        builder.environment().put("CHARTVAULT_ADMIN_PASSWORD", RunningChartVault.ADMIN_PASSWORD);
        builder.environment().put("CHARTVAULT_OCR_WORKERS", "2");
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        builder.environment().putAll(settings);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        Instant until = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new AssertionError("ChartVault exited with " + process.exitValue() + " while starting; see " + log);
            }
            OptionalInt port = announcedPort(log, logStart);
            if (port.isPresent()) {
                try {
                    if (RunningChartVault.remote(port.getAsInt()).anonymous().get("/api/health").status() == 200) {
                        return new ServiceProcess(process, port.getAsInt());
                    }
                } catch (RuntimeException notYet) {
                    // not answering yet
                }
            }
            Thread.sleep(200);
        }
        process.destroyForcibly().waitFor();
        throw new AssertionError("ChartVault did not start within " + START_LIMIT.toSeconds() + " s; see " + log);
    }

    /** The port in this run's "ChartVault is serving on port N" line of the log, once it is written. */
    private static OptionalInt announcedPort(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
        Matcher m = SERVING.matcher(written);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** The running service, for clients ({@code service().admin()} ...). */
    public RunningChartVault service() {
        return RunningChartVault.remote(port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the shutdown hook closes the service in order; SIGKILL if that takes longer than a minute. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) stop();
    }
}
