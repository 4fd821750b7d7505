package org.chartvault.hold;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.IsObjectLegalHoldEnabledArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import org.chartvault.audit.AuditKey;
import org.chartvault.testing.Ceph;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Postgres;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A legal hold is a second wall on an Object Lock store: ChartVault refuses to delete a held document, and the
 * storage engine itself (Ceph's radosgw) refuses anyone holding ChartVault's own S3 keys who goes around it.
 */
@Tag("long")
class SecondWallOnCephTest {
    private static final String PASSWORD = "Records-Vault-Hold-42";

    @TempDir
    Path dir;

    @Test
    void heldDocumentsObjectsCannotBeDestroyedWithChartVaultsOwnKeysUntilTheLastHoldIsLifted() throws Exception {
        String bucket = "second-wall-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Map<String, String> settings = new HashMap<>(Map.of("CHARTVAULT_STORAGE", "minio", "MINIO_ENDPOINT",
                Ceph.endpoint(), "MINIO_ACCESS_KEY", Ceph.ACCESS_KEY, "MINIO_SECRET_KEY", Ceph.SECRET_KEY,
                "MINIO_BUCKET", bucket, "MINIO_OBJECT_LOCK", "true",
                "CHARTVAULT_AUDIT_KEY", Base64.getEncoder().encodeToString(AuditKey.generate().secret())));
        settings.putAll(Postgres.environment(Postgres.freshDatabase()));
        // ChartVault's own credentials, used by someone going around ChartVault
        try (MinioClient keys = MinioClient.builder().endpoint(Ceph.endpoint())
                .credentials(Ceph.ACCESS_KEY, Ceph.SECRET_KEY).build();
             RunningChartVault vault = RunningChartVault.start(dir, settings)) {
            for (String name : List.of("scanner-wall", "legal-wall")) {
                Response created = vault.admin().post("/api/users", Map.of("username", name, "password", PASSWORD,
                        "roles", List.of(name.startsWith("legal") ? "legal" : "scanner")));
                assertEquals(201, created.status(), created.toString());
            }
            Client scanner = vault.login("scanner-wall", PASSWORD);
            Client legal = vault.login("legal-wall", PASSWORD);
            byte[] file = ChartFiles.bornDigitalPdf(new ChartGenerator().document(9400, 2).pages());
            Response receipt = scanner.upload(Map.of("mrn", "77000001"), new Part("litigated.pdf", file));
            String documentId = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(3))
                    .get("documents").get(0).get("documentId").asText();
            String original = single(keysUnder(keys, bucket, "originals/"));

            Response hold = legal.post("/api/holds", Map.of("name", "Smith v. General", "matter", "2026-CV-118",
                    "mrns", List.of("77000001")));
            assertEquals(201, hold.status(), hold.toString());
            String holdId = hold.json().get("holdId").asText();
            Response second = legal.post("/api/holds", Map.of("name", "Board inquiry", "mrns", List.of("77000001")));
            assertEquals(201, second.status(), second.toString());

            List<String> held = new ArrayList<>(List.of(original));
            for (String key : keysUnder(keys, bucket, "documents/" + documentId + "/")) {
                if (isHeld(keys, bucket, key)) held.add(key);
            }
            assertTrue(held.size() > 2, "the original and the document's pages are held on the server: " + held);
            for (String key : held) {
                String version = currentVersion(keys, bucket, key);
                ErrorResponseException refused = assertThrows(ErrorResponseException.class, () -> keys.removeObject(
                        RemoveObjectArgs.builder().bucket(bucket).object(key).versionId(version).build()), key);
                assertEquals(403, refused.response().code(), key);
                assertEquals("AccessDenied", refused.errorResponse().code(), key);
            }
            // an overwrite is a new version on top: the held one stays as it was, and cannot be removed either
            String heldVersion = currentVersion(keys, bucket, original);
            ObjectWriteResponse over = keys.putObject(PutObjectArgs.builder().bucket(bucket).object(original)
                    .data(new byte[] {0}, 1).build());
            assertArrayEquals(file, versionBytes(keys, bucket, original, heldVersion));
            assertEquals(403, assertThrows(ErrorResponseException.class, () -> keys.removeObject(RemoveObjectArgs
                    .builder().bucket(bucket).object(original).versionId(heldVersion).build())).response().code());
            keys.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(original).versionId(over.versionId()).build());
            assertArrayEquals(file, vault.admin().get("/api/documents/" + documentId + "/original").body());

            assertEquals(200, legal.post("/api/holds/" + holdId + "/release", Map.of()).status());
            assertTrue(isHeld(keys, bucket, original), "another hold still covers the document");

            assertEquals(200, legal.post("/api/holds/" + second.json().get("holdId").asText() + "/release",
                    Map.of()).status());
            assertFalse(isHeld(keys, bucket, original), "the last hold lifted: the server hold is off");
            keys.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(original).versionId(heldVersion).build());
            assertEquals(List.of(), keysUnder(keys, bucket, "originals/"), "deletable again");
        }
    }

    private static String single(List<String> keys) {
        assertEquals(1, keys.size(), keys.toString());
        return keys.getFirst();
    }

    private static List<String> keysUnder(MinioClient client, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static boolean isHeld(MinioClient client, String bucket, String key) throws Exception {
        try {
            return client.isObjectLegalHoldEnabled(IsObjectLegalHoldEnabledArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException neverHeld) {
            if ("ObjectLockConfigurationNotFoundError".equals(neverHeld.errorResponse().code())) return false;
            throw neverHeld;
        }
    }

    private static String currentVersion(MinioClient client, String bucket, String key) throws Exception {
        return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).versionId();
    }

    private static byte[] versionBytes(MinioClient client, String bucket, String key, String version) throws Exception {
        try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                .versionId(version).build())) {
            return in.readAllBytes();
        }
    }
}
