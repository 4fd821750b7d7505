package org.chartvault.storage;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.chartvault.testing.Ceph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MinIO adapter against Ceph's radosgw, the S3 gateway of a Ceph cluster (started by {@link Ceph}): the whole
 * contract on an Object Lock bucket, and what only a server that enforces Object Lock can show: the second wall.
 * Each test's bucket is new; {@link #raw} is anyone holding ChartVault's own S3 keys, going around ChartVault.
 */
@Tag("long")
class MinioStoreCephTest extends MinioStoreContract {
    @Override
    protected String endpoint() {
        return Ceph.endpoint();
    }

    @Override
    protected String accessKey() {
        return Ceph.ACCESS_KEY;
    }

    @Override
    protected String secretKey() {
        return Ceph.SECRET_KEY;
    }

    @Test
    void objectLockBucketSaysTheServerDoesNotDecideRacingCreators() {
        // radosgw 16.2 ignores If-None-Match: * in a versioned bucket: ChartVault must not rely on it there
        assertFalse(store.supportsCreateIfAbsent());
    }

    @Test
    void onAnUnversionedBucketTheServerDecidesRacingCreators() throws Exception {
        try (MinioStore plain = open(settings(newBucketName(), true, false))) {
            assertTrue(plain.supportsCreateIfAbsent());
            int writers = 16;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                for (int round = 0; round < 5; round++) {
                    String key = "audit-chain/" + round;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Optional<ObjectInfo>>> results = new ArrayList<>();
                    for (int w = 0; w < writers; w++) {
                        byte[] content = ("writer " + w).getBytes(StandardCharsets.UTF_8);
                        results.add(pool.submit(() -> {
                            start.await();
                            return plain.putIfAbsent(key, content, "text/plain");
                        }));
                    }
                    start.countDown();
                    int winners = 0;
                    for (Future<Optional<ObjectInfo>> result : results) winners += result.get().isPresent() ? 1 : 0;

                    assertEquals(1, winners, "round " + round);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void serverItselfRefusesToDeleteAHeldVersion() throws Exception {
        String key = "documents/d9/document.json";
        store.put(key, new byte[] {1}, "application/json");
        store.setLegalHold(key, true);

        ErrorResponseException refused = assertThrows(ErrorResponseException.class,
                () -> raw.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key)
                        .versionId(currentVersion(key)).build()));

        assertEquals("AccessDenied", refused.errorResponse().code());
        assertEquals(403, refused.response().code());
        assertArrayEquals(new byte[] {1}, store.getBytes(key));
    }

    @Test
    void overwriteAroundChartVaultLeavesTheHeldVersionIntactAndUndeletable() throws Exception {
        String key = "documents/d10/document.json";
        byte[] held = "as it was when the hold came".getBytes(StandardCharsets.UTF_8);
        store.put(key, held, "application/json");
        store.setLegalHold(key, true);
        String heldVersion = currentVersion(key);

        // S3 keeps a held version, not a held key: radosgw takes the PUT as a new version on top
        ObjectWriteResponse over = raw.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .data(new byte[] {9}, 1).build());

        assertArrayEquals(held, versionBytes(key, heldVersion));
        ErrorResponseException refused = assertThrows(ErrorResponseException.class,
                () -> raw.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).versionId(heldVersion).build()));
        assertEquals(403, refused.response().code());
        raw.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).versionId(over.versionId()).build());
        assertArrayEquals(held, store.getBytes(key));
    }

    @Test
    void liftingTheHoldMakesTheVersionDeletableAgain() throws Exception {
        String key = "documents/d11/document.json";
        store.put(key, new byte[] {1}, "application/json");
        store.setLegalHold(key, true);
        String version = currentVersion(key);

        store.setLegalHold(key, false);
        raw.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).versionId(version).build());

        assertFalse(store.exists(key));
        assertEquals(List.of(), versions(bucket, "documents/d11/"));
    }

    @Test
    void versionUnderComplianceRetentionCannotBeDeletedBeforeItsDate() throws Exception {
        Instant until = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        store.putIfAbsent("audit-checkpoints/7.json", new byte[] {7}, "application/json", until).orElseThrow();
        String version = currentVersion("audit-checkpoints/7.json");

        ErrorResponseException refused = assertThrows(ErrorResponseException.class,
                () -> raw.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("audit-checkpoints/7.json")
                        .versionId(version).bypassGovernanceMode(true).build()));
        assertEquals("AccessDenied", refused.errorResponse().code());
        assertThrows(ObjectLockedException.class, () -> store.delete("audit-checkpoints/7.json"));
        assertArrayEquals(new byte[] {7}, store.getBytes("audit-checkpoints/7.json"));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis() + 1000));
        store.delete("audit-checkpoints/7.json"); // past its date the version may go: the bucket can be removed
        assertFalse(store.exists("audit-checkpoints/7.json"));
    }

    private String currentVersion(String key) throws Exception {
        return raw.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).versionId();
    }

    private byte[] versionBytes(String key, String version) throws Exception {
        try (GetObjectResponse in = raw.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                .versionId(version).build())) {
            return in.readAllBytes();
        }
    }
}
