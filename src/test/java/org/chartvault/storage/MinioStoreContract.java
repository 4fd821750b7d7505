package org.chartvault.storage;

import io.minio.BucketExistsArgs;
import io.minio.DisableObjectLegalHoldArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetObjectRetentionArgs;
import io.minio.GetObjectTagsArgs;
import io.minio.IsObjectLegalHoldEnabledArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract, plus what only an S3 server can show: the hold is a real S3 legal hold, delete leaves no version
 * behind, the checksum is user metadata. A subclass names the server; each test gets its own new bucket, which
 * is emptied and removed afterwards. {@link #raw} talks to the server behind the adapter's back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MinioStoreContract extends ObjectStoreContract {
    protected MinioClient raw;
    /** One HTTP client for every store of the class, which the stores do not close. */
    private OkHttpClient http;
    private final List<String> buckets = new ArrayList<>();
    /** This test's bucket. */
    protected String bucket;

    protected abstract String endpoint();

    protected abstract String accessKey();

    protected abstract String secretKey();

    /** The HTTP client the stores and {@link #raw} use; a subclass may adjust it to its server. */
    protected OkHttpClient httpClient(OkHttpClient defaults) {
        return defaults;
    }

    @BeforeAll
    void buildHttpClient() {
        // Not Http.newDefaultClient(): that one also loads every CA certificate under SSL_CERT_DIR (seconds)
        http = httpClient(new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).build());
    }

    @AfterAll
    void closeHttpClient() throws Exception {
        if (raw != null) raw.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    protected ObjectStore openStore() throws IOException {
        if (raw == null) {
            raw = MinioClient.builder().endpoint(endpoint()).credentials(accessKey(), secretKey())
                    .httpClient(http, false).build();
        }
        bucket = newBucketName();
        return open(settings(bucket, true, true));
    }

    protected MinioStore open(MinioStore.Settings settings) throws IOException {
        return new MinioStore(settings, http);
    }

    protected MinioStore.Settings settings(String bucketName, boolean create, boolean objectLock) {
        buckets.add(bucketName);
        return new MinioStore.Settings(endpoint(), accessKey(), secretKey(), bucketName, create, objectLock);
    }

    protected static String newBucketName() {
        return "cv-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** Stores other bytes under the same recorded checksum, as tampering or bit rot on the server would. */
    @Override
    protected void corrupt(String key) throws Exception {
        byte[] bytes;
        String sha256;
        try (GetObjectResponse stored = raw.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            bytes = stored.readAllBytes();
            sha256 = stored.headers().get("x-amz-meta-sha256");
        }
        bytes[1000] ^= 0x01;
        raw.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                .userMetadata(Map.of("sha256", sha256)).build());
    }

    @AfterEach
    void removeTestBuckets() throws Exception {
        for (String name : buckets) {
            if (!raw.bucketExists(BucketExistsArgs.builder().bucket(name).build())) continue;
            for (Item version : versions(name, "")) {
                try {
                    raw.disableObjectLegalHold(DisableObjectLegalHoldArgs.builder().bucket(name)
                            .object(version.objectName()).versionId(version.versionId()).build());
                } catch (MinioException notLockedOrNotAnObject) {
                    // delete markers and buckets without object lock have no hold to lift
                }
                raw.removeObject(RemoveObjectArgs.builder().bucket(name).object(version.objectName())
                        .versionId(version.versionId()).build());
            }
            raw.removeBucket(RemoveBucketArgs.builder().bucket(name).build());
        }
        buckets.clear();
    }

    protected List<Item> versions(String bucketName, String prefix) throws MinioException {
        List<Item> items = new ArrayList<>();
        ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucketName).recursive(true).includeVersions(true);
        if (!prefix.isEmpty()) args.prefix(prefix);
        for (Result<Item> result : raw.listObjects(args.build())) items.add(result.get());
        return items;
    }

    @Test
    void lockedWriteCarriesAComplianceRetentionToTheServer() throws Exception {
        // short, so that a real server lets the test bucket go again once the test is over
        Instant until = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);

        assertTrue(store.locksObjects());
        assertTrue(store.putIfAbsent("audit-checkpoints/1.json", new byte[] {1}, "application/json", until).isPresent());
        assertTrue(store.putIfAbsent("audit-checkpoints/1.json", new byte[] {2}, "application/json", until).isEmpty());

        Retention retention = raw.getObjectRetention(GetObjectRetentionArgs.builder().bucket(bucket)
                .object("audit-checkpoints/1.json").build());
        assertEquals(RetentionMode.COMPLIANCE, retention.mode());
        assertEquals(until, retention.retainUntilDate().toInstant());
        assertArrayEquals(new byte[] {1}, store.getBytes("audit-checkpoints/1.json"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis() + 200));
    }

    @Test
    void keyHiddenByADeleteMarkerIsStillListedAsHidden() throws Exception {
        store.put("audit-checkpoints/2.json", new byte[] {1}, "application/json");
        store.put("audit-checkpoints/3.json", new byte[] {1}, "application/json");

        // a plain S3 DELETE on a versioned bucket, as someone with the bucket's keys would send it
        raw.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("audit-checkpoints/2.json").build());

        assertFalse(store.exists("audit-checkpoints/2.json"));
        assertEquals(List.of("audit-checkpoints/2.json", "audit-checkpoints/3.json"),
                store.listIncludingHidden("audit-checkpoints/"));
    }

    @Test
    void legalHoldIsAnS3ObjectLegalHold() throws Exception {
        store.put("documents/d1/document.json", new byte[] {1}, "application/json");
        IsObjectLegalHoldEnabledArgs onTheServer = IsObjectLegalHoldEnabledArgs.builder()
                .bucket(bucket).object("documents/d1/document.json").build();

        store.setLegalHold("documents/d1/document.json", true);
        assertTrue(raw.isObjectLegalHoldEnabled(onTheServer), "held: the server reports the legal hold ON");

        store.setLegalHold("documents/d1/document.json", false);
        assertFalse(raw.isObjectLegalHoldEnabled(onTheServer), "released: the server reports the legal hold OFF");
    }

    @Test
    void deleteLeavesNoVersionBehind() throws Exception {
        store.put("documents/d2/document.json", "v1".getBytes(StandardCharsets.UTF_8), "application/json");
        store.put("documents/d2/document.json", "v2".getBytes(StandardCharsets.UTF_8), "application/json");
        store.put("documents/d2/document.json", "v3".getBytes(StandardCharsets.UTF_8), "application/json");
        assertEquals(3, versions(bucket, "documents/d2/").size(), "the bucket keeps every version");

        store.delete("documents/d2/document.json");

        assertEquals(List.of(), versions(bucket, "documents/d2/"), "no version and no delete marker is left");
        assertFalse(store.exists("documents/d2/document.json"));
    }

    @Test
    void checksumTravelsAsUserMetadata() throws Exception {
        byte[] data = "page text".getBytes(StandardCharsets.UTF_8);

        store.put("documents/d3/pages/1.json", data, "application/json");

        String recorded = raw.statObject(StatObjectArgs.builder().bucket(bucket).object("documents/d3/pages/1.json")
                .build()).userMetadata().getFirst("sha256");
        assertEquals(GeneratedContent.sha256Of(data), recorded);
    }

    @Test
    void objectWithoutARecordedChecksumIsNotHandedOut() throws Exception {
        raw.putObject(PutObjectArgs.builder().bucket(bucket).object("foreign").data(new byte[] {1, 2}, 2).build());

        assertNull(store.stat("foreign").orElseThrow().sha256());
        assertThrows(IntegrityException.class, () -> store.get("foreign"));
    }

    @Test
    void bucketWithoutObjectLockIsRefusedWhenLockIsRequired() throws Exception {
        String plain = newBucketName();
        open(settings(plain, true, false)).close(); // made by the adapter: a raw SDK request names a location

        IOException refused = assertThrows(IOException.class, () -> open(settings(plain, false, true)));

        assertTrue(refused.getMessage().contains("has no Object Lock"), refused.getMessage());
    }

    @Test
    void missingBucketIsCreatedOnlyWhenAsked() throws Exception {
        String missing = newBucketName();

        IOException refused = assertThrows(IOException.class, () -> open(settings(missing, false, true)));

        assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
        assertFalse(raw.bucketExists(BucketExistsArgs.builder().bucket(missing).build()));
    }

    @Test
    void holdsAreEnforcedOnABucketWithoutObjectLock() throws Exception {
        try (MinioStore plain = open(settings(newBucketName(), true, false))) {
            plain.put("documents/d4/document.json", "kept".getBytes(StandardCharsets.UTF_8), "application/json");

            plain.setLegalHold("documents/d4/document.json", true);

            assertTrue(plain.isLegalHold("documents/d4/document.json"));
            assertThrows(ObjectLockedException.class,
                    () -> plain.put("documents/d4/document.json", new byte[] {1}, "application/json"));
            assertThrows(ObjectLockedException.class, () -> plain.delete("documents/d4/document.json"));
            assertArrayEquals("kept".getBytes(StandardCharsets.UTF_8), plain.getBytes("documents/d4/document.json"));

            plain.setLegalHold("documents/d4/document.json", false);

            assertFalse(plain.isLegalHold("documents/d4/document.json"));
            plain.delete("documents/d4/document.json");
            assertFalse(plain.exists("documents/d4/document.json"));
        }
    }

    @Test
    void holdWithoutObjectLockIsAnObjectTag() throws Exception {
        String plainBucket = newBucketName();
        try (MinioStore plain = open(settings(plainBucket, true, false))) {
            plain.put("held", new byte[] {1}, "text/plain");

            plain.setLegalHold("held", true);

            Map<String, String> tags = raw.getObjectTags(
                    GetObjectTagsArgs.builder().bucket(plainBucket).object("held").build()).get();
            assertEquals("on", tags.get(MinioStore.HOLD_TAG));
        }
    }
}
