package org.chartvault.storage;

import org.chartvault.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MinioStoreSettingsTest {
    /**
     * A new bucket names a location only for a region the operator set that is not AWS's default: Ceph refuses any
     * location its zone group does not know, and AWS refuses "us-east-1" as one.
     */
    @ParameterizedTest(name = "MINIO_REGION={0}: location constraint sent {1}")
    @CsvSource(nullValues = "unset", value = {
            "unset,     false",
            "'  ',      false",
            "us-east-1, false",
            "eu-west-1, true",
            "default,   true",
    })
    void aNewBucketNamesALocationOnlyForARegionOtherThanTheDefault(String region, boolean sent) {
        Map<String, String> env = new HashMap<>(Map.of("MINIO_ENDPOINT", "http://127.0.0.1:7480",
                "MINIO_ACCESS_KEY", "chartvault", "MINIO_SECRET_KEY", "secret"));
        if (region != null) env.put("MINIO_REGION", region);

        MinioStore.Settings settings = MinioStore.Settings.from(Config.from(env).storage());

        assertEquals(sent, settings.namesALocation());
    }

    @org.junit.jupiter.api.Test
    void theS3ClientWaitsSecondsNotTheSdksMinutesAndTheOperatorCanChangeIt() {
        Map<String, String> env = new HashMap<>(Map.of("MINIO_ENDPOINT", "http://127.0.0.1:7480",
                "MINIO_ACCESS_KEY", "chartvault", "MINIO_SECRET_KEY", "secret"));
        MinioStore.Settings defaults = MinioStore.Settings.from(Config.from(env).storage());
        assertEquals(java.time.Duration.ofSeconds(10), defaults.connectTimeout());
        assertEquals(java.time.Duration.ofSeconds(60), defaults.readTimeout());

        env.put("CHARTVAULT_S3_CONNECT_TIMEOUT_SECONDS", "3");
        env.put("CHARTVAULT_S3_READ_TIMEOUT_SECONDS", "20");
        MinioStore.Settings set = MinioStore.Settings.from(Config.from(env).storage());
        assertEquals(java.time.Duration.ofSeconds(3), set.connectTimeout());
        assertEquals(java.time.Duration.ofSeconds(20), set.readTimeout());

        env.put("CHARTVAULT_S3_READ_TIMEOUT_SECONDS", "0");
        IllegalArgumentException zero = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Config.from(env));
        org.junit.jupiter.api.Assertions.assertTrue(zero.getMessage().contains("CHARTVAULT_S3_READ_TIMEOUT_SECONDS"));
        env.remove("CHARTVAULT_S3_READ_TIMEOUT_SECONDS");
        env.put("CHARTVAULT_SETTINGS_RECHECK_MS", "60000");
        IllegalArgumentException tooLong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Config.from(env));
        org.junit.jupiter.api.Assertions.assertTrue(tooLong.getMessage().contains("CHARTVAULT_SETTINGS_RECHECK_MS"));
    }
}
