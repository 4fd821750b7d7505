package org.chartvault.testing;

import com.adobe.testing.s3mock.S3MockApplication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Adobe's S3Mock, started in this JVM: a real HTTP S3 server (Spring Boot on Tomcat) on a free port, its data in
 * a temporary folder. It accepts and reports legal holds but does not enforce them; ChartVault enforces them
 * itself on every adapter.
 */
public final class InProcessS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "chartvault-test";
    public static final String SECRET_KEY = "chartvault-test-secret";

    private final S3MockApplication server;
    private final Path data;

    private InProcessS3(S3MockApplication server, Path data) {
        this.server = server;
        this.data = data;
    }

    @SuppressWarnings("deprecation") // S3Mock marks in-process use discouraged, yet supports it; it is the fast path
    public static InProcessS3 start() throws IOException {
        Path data = Files.createTempDirectory("s3mock-");
        // S3MockApplication.start removes entries from this map, so it must be mutable
        Map<String, Object> properties = new HashMap<>();
        properties.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        properties.put("com.adobe.testing.s3mock.store.root", data.toString());
        properties.put(S3MockApplication.PROP_SILENT, true);
        properties.put("server.ssl.enabled", false); // only plain HTTP is used; skips loading its keystore
        return new InProcessS3(S3MockApplication.start(properties), data);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getHttpPort();
    }

    /** The environment that points ChartVault's storage at this server. */
    public Map<String, String> chartVaultSettings(String bucket) {
        return Map.of("CHARTVAULT_STORAGE", "minio", "MINIO_ENDPOINT", endpoint(), "MINIO_ACCESS_KEY", ACCESS_KEY,
                "MINIO_SECRET_KEY", SECRET_KEY, "MINIO_BUCKET", bucket, "MINIO_OBJECT_LOCK", "true");
    }

    @Override
    public void close() throws IOException {
        server.stop();
        try (Stream<Path> paths = Files.walk(data)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }
}
