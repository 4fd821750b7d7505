package org.chartvault.storage;

import org.chartvault.testing.InProcessS3;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An S3 gateway that stops answering (radosgw under load: connections accepted, requests never answered) makes a
 * request 503 "storage-unavailable" after the configured timeout of seconds, not a request that hangs for the
 * client's default minutes; once it answers again, so does ChartVault.
 */
class StalledGatewayTest {
    @TempDir
    Path data;

    /**
     * A real TCP relay in front of the S3 server. Stalled, it accepts new connections and reads what is sent on any,
     * but forwards nothing and answers nothing, as a stalled gateway does.
     */
    static final class Gateway implements AutoCloseable {
        private final ServerSocket server;
        private final InetSocketAddress upstream;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Object gate = new Object();
        private volatile boolean stalled;
        private volatile boolean closed;

        Gateway(InetSocketAddress upstream) throws IOException {
            this.upstream = upstream;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        void stall() {
            stalled = true;
        }

        void answerAgain() {
            synchronized (gate) {
                stalled = false;
                gate.notifyAll();
            }
        }

        private void accept() {
            while (!closed) {
                try {
                    Socket client = server.accept();
                    sockets.add(client);
                    Socket target = new Socket(upstream.getAddress(), upstream.getPort());
                    sockets.add(target);
                    Thread.ofVirtual().start(() -> relay(client, target));
                    Thread.ofVirtual().start(() -> relay(target, client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relay(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (gate) {
                        while (stalled && !closed) gate.wait();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a side closed, or the gateway did
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            answerAgain();
            server.close();
            for (Socket socket : sockets) socket.close();
        }
    }

    @Test
    @Timeout(120) // a guard only: without timeouts of seconds the request would hang for minutes
    void aStalledGatewayMakesARequestA503InsteadOfAHang() throws Exception {
        try (InProcessS3 s3 = InProcessS3.start()) {
            java.net.URI real = java.net.URI.create(s3.endpoint());
            try (Gateway gateway = new Gateway(new InetSocketAddress(real.getHost(), real.getPort()))) {
                Map<String, String> settings = new HashMap<>(s3.chartVaultSettings("stalled-gateway"));
                settings.put("MINIO_ENDPOINT", gateway.endpoint());
                settings.put("CHARTVAULT_S3_CONNECT_TIMEOUT_SECONDS", "2");
                settings.put("CHARTVAULT_S3_READ_TIMEOUT_SECONDS", "2");
                try (RunningChartVault vault = RunningChartVault.start(data, settings)) {
                    Client admin = vault.admin();
                    assertEquals(404, admin.get("/api/documents/doc_not_there").status(), "the store answers");

                    gateway.stall();
                    Response stalled = admin.get("/api/documents/doc_not_there");
                    assertEquals(503, stalled.status(), stalled.toString());
                    assertEquals("storage-unavailable", stalled.json().get("error").asText());
                    assertEquals(true, stalled.header("Retry-After") != null, stalled.toString());
                    Response search = admin.get("/api/search?q=chest");
                    assertEquals(503, search.status(), "a search checking its settings meets the same: " + search);

                    gateway.answerAgain();
                    assertEquals(404, admin.get("/api/documents/doc_not_there").status(), "and recovers with it");
                }
            }
        }
    }
}
