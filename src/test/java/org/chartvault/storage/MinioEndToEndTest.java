package org.chartvault.storage;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.audit.AuditKey;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.InProcessS3;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The whole service with MinIO storage (the S3 server in-process): uploads land in the bucket, and a node
 * with an empty data directory (no index, nothing local) rebuilds its search from the bucket alone.
 */
class MinioEndToEndTest {
    @TempDir
    static Path data;
    static InProcessS3 s3;

    @BeforeAll
    static void startS3() throws IOException {
        s3 = InProcessS3.start();
    }

    @AfterAll
    static void stopS3() throws IOException {
        s3.close();
    }

    @Test
    void archiveOnMinioIsSearchableAndSurvivesLosingEverythingLocal() throws IOException {
        ChartDocument consult = new ChartGenerator(ChartPage.Typeface.DEFAULT).document(31, "CONSULTATION", 2);
        byte[] pdf = ChartFiles.bornDigitalPdf(consult.pages());
        String word = consult.pages().get(0).indexing().patientName().split(",")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        Map<String, String> minio = new HashMap<>(s3.chartVaultSettings("chartvault-e2e"));
        // the audit key is never in the bucket: every node is given the same one, as a deployment must
        minio.put("CHARTVAULT_AUDIT_KEY", Base64.getEncoder().encodeToString(AuditKey.generate().secret()));
        String documentId;
        JsonNode hitsBefore;
        try (RunningChartVault server = RunningChartVault.start(data.resolve("node-a"), minio)) {
            Client admin = server.admin();
            Response answer = admin.upload(Map.of("mrn", "31000031"), new Part("consult.pdf", pdf));
            assertEquals(202, answer.status(), answer.toString());
            documentId = answer.json().get("documents").get(0).get("documentId").asText();
            admin.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(2));
            hitsBefore = admin.get("/api/search?q=" + word).json().get("hits");
            assertFalse(hitsBefore.isEmpty());
            assertArrayEquals(pdf, admin.get("/api/documents/" + documentId + "/original").body());
        }
        deleteRecursively(data.resolve("node-a"));

        try (RunningChartVault server = RunningChartVault.start(data.resolve("node-b"), minio)) {
            Client admin = server.admin(); // the users, sessions and tokens live in the bucket too
            JsonNode hitsAfter = admin.get("/api/search?q=" + word).json().get("hits");
            assertEquals(hitsBefore, hitsAfter);
            assertArrayEquals(pdf, admin.get("/api/documents/" + documentId + "/original").body());
            JsonNode verify = admin.get("/api/audit/verify").json();
            assertEquals(true, verify.get("valid").asBoolean(), verify.toString());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }
}
