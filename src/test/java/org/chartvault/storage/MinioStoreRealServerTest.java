package org.chartvault.storage;

import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The MinIO adapter against a real MinIO (or another S3 server), when one is named in the environment:
 * MINIO_ENDPOINT, MINIO_ACCESS_KEY, MINIO_SECRET_KEY. Each test makes its own bucket (with Object Lock) and removes
 * it afterwards, so the credentials must be allowed to create and delete buckets. Skipped when they are not set.
 * Unlike S3Mock, a real server decides racing conditional writes atomically and refuses to delete a held version.
 */
@EnabledIfEnvironmentVariable(named = "MINIO_ENDPOINT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "MINIO_ACCESS_KEY", matches = ".+")
@EnabledIfEnvironmentVariable(named = "MINIO_SECRET_KEY", matches = ".+")
class MinioStoreRealServerTest extends MinioStoreContract {
    @Override
    protected String endpoint() {
        return System.getenv("MINIO_ENDPOINT");
    }

    @Override
    protected String accessKey() {
        return System.getenv("MINIO_ACCESS_KEY");
    }

    @Override
    protected String secretKey() {
        return System.getenv("MINIO_SECRET_KEY");
    }

    @Test
    void serverItselfRefusesToDeleteAHeldVersion() throws Exception {
        store.put("documents/d9/document.json", new byte[] {1}, "application/json");
        store.setLegalHold("documents/d9/document.json", true);
        String version = raw.statObject(StatObjectArgs.builder().bucket(bucket).object("documents/d9/document.json")
                .build()).versionId();

        ErrorResponseException refused = assertThrows(ErrorResponseException.class, () -> raw.removeObject(
                RemoveObjectArgs.builder().bucket(bucket).object("documents/d9/document.json").versionId(version).build()));

        assertEquals("AccessDenied", refused.errorResponse().code());
    }
}
