package org.chartvault.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Ceph cluster for the long tests: one monitor, one in-memory OSD and radosgw, the S3 gateway hospitals run,
 * which (unlike S3Mock) enforces Object Lock legal holds and COMPLIANCE retention itself. Started on first use by
 * the project's own {@code storage-config/ceph-single-node.sh} (about 13 s), on free ports, once per test JVM, and
 * stopped when the JVM exits.
 *
 * <p>When Ceph cannot be started (the Debian packages are not installed: {@code ./chartvault test --long} installs
 * them) the calling test is skipped with the reason, not failed.
 */
public final class Ceph {
    public static final String ACCESS_KEY = "chartvault";
    public static final String SECRET_KEY = "chartvault-secret";
    private static final Path SCRIPT = Path.of("storage-config", "ceph-single-node.sh");

    private static String endpoint;
    private static String unavailable;

    private Ceph() {
    }

    /** The S3 endpoint of the running gateway; skips the calling test when Ceph cannot be started here. */
    public static synchronized String endpoint() {
        if (endpoint == null && unavailable == null) start();
        Assumptions.assumeTrue(unavailable == null, () -> "Ceph radosgw is not available: " + unavailable);
        return endpoint;
    }

    private static void start() {
        if (!Files.isExecutable(Path.of("/usr/bin/radosgw"))) {
            unavailable = "the Debian packages ceph-mon ceph-osd radosgw ceph-common are not installed "
                    + "(./chartvault test --long installs them)";
            return;
        }
        try {
            Path dir = Files.createTempDirectory("chartvault-ceph-").resolve("ceph");
            int rgwPort = freePort();
            int monPort = freePortPair();
            ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "start", dir.toString())
                    .redirectErrorStream(true);
            builder.environment().put("CEPH_RGW_PORT", Integer.toString(rgwPort));
            builder.environment().put("CEPH_MON_PORT", Integer.toString(monPort));
            builder.environment().put("CEPH_ACCESS_KEY", ACCESS_KEY);
            builder.environment().put("CEPH_SECRET_KEY", SECRET_KEY);
            Process script = builder.start();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!script.waitFor(5, TimeUnit.MINUTES) || script.exitValue() != 0 || !output.contains("CEPH_UP")) {
                script.destroyForcibly();
                stop(dir);
                unavailable = "storage-config/ceph-single-node.sh did not start the cluster: " + output.strip();
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dir)));
            endpoint = "http://127.0.0.1:" + rgwPort;
        } catch (IOException e) {
            unavailable = "could not run storage-config/ceph-single-node.sh: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable = "interrupted while Ceph was starting";
        }
    }

    private static void stop(Path dir) {
        try {
            new ProcessBuilder("bash", SCRIPT.toString(), "stop", dir.toString()).inheritIO().start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A port whose next port is free too: the monitor listens on both (msgr2, msgr1). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port >= 65535) continue;
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two free neighboring ports for the Ceph monitor");
    }
}
