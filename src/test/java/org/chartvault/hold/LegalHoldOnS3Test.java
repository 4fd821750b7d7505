package org.chartvault.hold;

import io.minio.IsObjectLegalHoldEnabledArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.chartvault.document.StoredLayout;
import org.chartvault.testing.InProcessS3;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ChartVault on an S3 bucket with Object Lock (Adobe's S3Mock, in this JVM): a held document's objects carry the S3
 * object legal hold, read here behind ChartVault's back; the hold survives a restart and a rebuilt index; releasing
 * it lifts the S3 legal hold. S3Mock records legal holds but does not enforce them; ChartVault's refusal is what
 * stops the delete, as on every store.
 */
class LegalHoldOnS3Test {
    private static final String BUCKET = "chartvault-holds";
    private static final String KEY = InProcessS3.ACCESS_KEY, SECRET = InProcessS3.SECRET_KEY;

    private static InProcessS3 s3mock;
    private static String endpoint;
    private static OkHttpClient http;
    private static MinioClient raw;

    @BeforeAll
    static void startS3Mock() throws Exception {
        s3mock = InProcessS3.start();
        endpoint = s3mock.endpoint();
        // a plain HTTP client: the SDK's default one reads every CA certificate on the machine first (seconds)
        http = new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).build();
        raw = MinioClient.builder().endpoint(endpoint).credentials(KEY, SECRET).httpClient(http, false).build();
    }

    @AfterAll
    static void stopS3Mock() throws Exception {
        if (raw != null) raw.close();
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        if (s3mock != null) s3mock.close();
    }

    @Test
    void s3LegalHoldIsOnWhileHeldSurvivesRestartAndReindexAndIsLiftedOnRelease(@TempDir Path data) throws Exception {
        Map<String, String> minio = s3mock.chartVaultSettings(BUCKET);
        String documentId, holdId, sha256;
        List<String> objects;
        try (RunningChartVault vault = RunningChartVault.start(data, minio)) {
            RunningChartVault.Client admin = vault.admin();
            documentId = ChartUploads.upload(admin, 701, "S3-1", LocalDate.of(2025, 1, 2), 2);
            var placed = admin.post("/api/holds", Map.of("name", "S3 hold", "mrns", List.of("S3-1")));
            assertEquals(201, placed.status(), placed::toString);
            holdId = placed.json().get("holdId").asText();
            sha256 = vault.app().documents().get(documentId).sha256();
            objects = List.of(StoredLayout.original(sha256), StoredLayout.pageImage(documentId, 1),
                    StoredLayout.pageContent(documentId, 2), StoredLayout.pageThumbnail(documentId, 1),
                    StoredLayout.searchablePdf(documentId));
            for (String key : objects) assertTrue(s3LegalHold(key), key + " has no S3 legal hold");
            assertFalse(s3LegalHold(StoredLayout.document(documentId)), "the record stays correctable");
            assertEquals(409, admin.delete("/api/documents/" + documentId).status());
        }

        try (RunningChartVault vault = RunningChartVault.start(data, minio)) {
            RunningChartVault.Client admin = vault.admin();
            assertEquals(List.of(documentId), LegalHoldHttpTest.texts(admin.get("/api/holds/" + holdId).json().get("documentIds")));
            vault.app().reindex();
            var found = admin.get("/api/search?q=hold:" + holdId).json();
            assertTrue(found.get("total").asInt() >= 1, found::toString);
            assertEquals(409, admin.delete("/api/documents/" + documentId).status(), "still held after restart and reindex");

            assertEquals(200, admin.post("/api/holds/" + holdId + "/release", Map.of("reason", "matter closed")).status());
            for (String key : objects) assertFalse(s3LegalHold(key), key + " is still held on S3");
            assertEquals(204, admin.delete("/api/documents/" + documentId).status());
            assertFalse(vault.app().store().exists(StoredLayout.original(sha256)));
        }
    }

    /** The S3 legal hold of the object's current version, asked of the server directly. */
    private static boolean s3LegalHold(String key) throws Exception {
        try {
            return raw.isObjectLegalHoldEnabled(IsObjectLegalHoldEnabledArgs.builder().bucket(BUCKET).object(key).build());
        } catch (ErrorResponseException e) {
            if ("NotFound".equals(e.errorResponse().code())) return false; // S3Mock: this object never had a hold
            throw e;
        }
    }
}
