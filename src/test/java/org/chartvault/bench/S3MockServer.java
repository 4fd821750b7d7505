package org.chartvault.bench;

import com.adobe.testing.s3mock.S3MockApplication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Adobe's S3Mock in this JVM on a free port, its objects in a temporary folder (as the storage tests start it), and
 * the settings that point a ChartVault at it through the MinIO adapter.
 */
final class S3MockServer implements AutoCloseable {
    private final S3MockApplication server;
    private final Path data;

    @SuppressWarnings("deprecation") // S3Mock discourages in-process use, yet supports it; the storage tests do the same
    S3MockServer() throws IOException {
        data = Files.createTempDirectory("chartvault-bench-s3-");
        Map<String, Object> properties = new HashMap<>();   // S3MockApplication.start removes entries: mutable
        properties.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        properties.put("com.adobe.testing.s3mock.store.root", data.toString());
        properties.put(S3MockApplication.PROP_SILENT, true);
        properties.put("server.ssl.enabled", false);
        server = S3MockApplication.start(properties);
    }

    /** CHARTVAULT_STORAGE=minio and the MINIO_* settings for this server (bucket made with Object Lock). */
    Map<String, String> chartvaultSettings() {
        return Map.of("CHARTVAULT_STORAGE", "minio",
                "MINIO_ENDPOINT", "http://127.0.0.1:" + server.getHttpPort(),
                "MINIO_ACCESS_KEY", "chartvault-bench",
                "MINIO_SECRET_KEY", "chartvault-bench-secret",
                "MINIO_BUCKET", "chartvault-bench",
                "MINIO_OBJECT_LOCK", "true");
    }

    @Override
    public void close() throws IOException {
        server.stop();
        SearchBench.deleteTree(data);
    }
}
