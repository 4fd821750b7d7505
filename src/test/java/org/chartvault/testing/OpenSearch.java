package org.chartvault.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSearch node for the long tests, the search engine a hospital runs when one machine is not enough.
 * Started on first use by the project's own {@code storage-config/opensearch-node.sh} (its Maven release jars, a
 * JVM of its own), on a free port, once per test JVM, and stopped when the JVM exits.
 *
 * <p>When the node cannot be started (no Maven, the jars cannot be resolved offline or from Maven Central) the
 * calling test is skipped with the reason, not failed.
 */
public final class OpenSearch {
    private static final Path SCRIPT = Path.of("storage-config", "opensearch-node.sh");

    private static String url;
    private static String unavailable;

    private OpenSearch() {
    }

    /** The HTTP URL of the running node; skips the calling test when OpenSearch cannot be started here. */
    public static synchronized String url() {
        if (url == null && unavailable == null) start();
        Assumptions.assumeTrue(unavailable == null, () -> "OpenSearch is not available: " + unavailable);
        return url;
    }

    private static void start() {
        try {
            // readable by others: as root the script runs the node as its own user, which must reach this folder
            Path parent = Files.createTempDirectory("chartvault-opensearch-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path dir = parent.resolve("node");
            int port = freePortPair();
            ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "start", dir.toString())
                    .redirectErrorStream(true);
            builder.environment().put("OPENSEARCH_PORT", Integer.toString(port));
            Process script = builder.start();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!script.waitFor(5, TimeUnit.MINUTES) || script.exitValue() != 0 || !output.contains("OPENSEARCH_UP")) {
                script.destroyForcibly();
                stop(dir);
                unavailable = "storage-config/opensearch-node.sh did not start the node: " + output.strip();
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dir)));
            url = "http://127.0.0.1:" + port;
        } catch (IOException e) {
            unavailable = "could not run storage-config/opensearch-node.sh: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable = "interrupted while OpenSearch was starting";
        }
    }

    private static void stop(Path dir) {
        try {
            new ProcessBuilder("bash", SCRIPT.toString(), "stop", dir.toString()).inheritIO().start()
                    .waitFor(30, TimeUnit.SECONDS);
            new ProcessBuilder("rm", "-rf", dir.getParent().toString()).inheritIO().start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port whose next port is free too: HTTP on the first, the node's transport on the next. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (port >= 65535) continue;
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two free neighboring ports for the OpenSearch node");
    }
}
