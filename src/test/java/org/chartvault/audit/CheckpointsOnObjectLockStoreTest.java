package org.chartvault.audit;

import io.minio.GetObjectRetentionArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.chartvault.storage.MinioStore;
import org.chartvault.testing.InProcessS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints on an S3 bucket with Object Lock (Adobe S3Mock in this JVM, which records retention and delete
 * markers like S3 but does not enforce the lock): each is written under a COMPLIANCE retention, and one that
 * someone with the bucket's keys hides behind a delete marker is still found and reported.
 */
class CheckpointsOnObjectLockStoreTest {
    private static final String BUCKET = "cv-audit-checkpoints";
    private static InProcessS3 s3;

    @BeforeAll
    static void startS3() throws IOException {
        s3 = InProcessS3.start();
    }

    @AfterAll
    static void stopS3() throws IOException {
        if (s3 != null) s3.close();
    }

    @Test
    void checkpointIsLockedInComplianceModeAndHidingItIsReported() throws Exception {
        MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (MinioStore store = new MinioStore(new MinioStore.Settings(s3.endpoint(), InProcessS3.ACCESS_KEY,
                     InProcessS3.SECRET_KEY, BUCKET, true, true));
             // an HTTP client of its own: the SDK's default one reads every CA certificate on the machine first
             MinioClient bucketOwner = MinioClient.builder().endpoint(s3.endpoint())
                     .credentials(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)
                     .httpClient(new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).build(), true).build()) {
            AuditLog audit = AuditLog.inObjectStore(store, AuditKeys.of(AuditKey.generate()), clock, 1000,
                    Duration.ofDays(30));
            for (int i = 0; i < 3; i++) {
                audit.append(AuditEvent.of("rclerk", List.of("roi"), "10.0.0.7", AuditActions.DOWNLOAD_ORIGINAL,
                        Target.document("doc_" + i)));
            }

            Checkpoint checkpoint = audit.checkpoint().orElseThrow();

            assertEquals(clock.instant().plus(Duration.ofDays(30)), checkpoint.lockedUntil());
            Retention retention = bucketOwner.getObjectRetention(GetObjectRetentionArgs.builder().bucket(BUCKET)
                    .object(AuditCheckpoints.keyOf(3)).build());
            assertEquals(RetentionMode.COMPLIANCE, retention.mode());
            assertEquals(checkpoint.lockedUntil(), retention.retainUntilDate().toInstant());
            Verification intact = audit.verify();
            assertTrue(intact.valid(), intact.reason());
            assertEquals(checkpoint.lockedUntil(), intact.latestCheckpoint().lockedUntil());

            // a plain DELETE with the bucket's keys: S3 puts a delete marker on top of the locked version
            bucketOwner.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(AuditCheckpoints.keyOf(3)).build());

            Verification hidden = audit.verify();
            assertFalse(hidden.valid());
            assertEquals("checkpoint", hidden.firstProblem().kind());
            assertEquals(3L, hidden.firstProblem().seq());
            assertTrue(hidden.reason().contains("still keeps its locked copy"), hidden.reason());
        }
    }
}
