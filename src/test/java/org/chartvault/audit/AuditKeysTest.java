package org.chartvault.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.chartvault.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the audit key comes from, and that it never comes from the object store. */
class AuditKeysTest {
    @TempDir
    Path data;

    private Config config(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("CHARTVAULT_DATA", data.toString());
        return Config.from(env);
    }

    private AuditKeys load(Map<String, String> settings) throws IOException {
        Config config = config(settings);
        return AuditKeys.load(config.audit(), config.storage(), config.database());
    }

    private static String base64(AuditKey key) {
        return Base64.getEncoder().encodeToString(key.secret());
    }

    @Test
    void severalKeysFromTheEnvironmentTheNewestSeals() throws IOException {
        AuditKey old = AuditKey.generate(), newer = AuditKey.generate();

        AuditKeys keys = load(Map.of("CHARTVAULT_AUDIT_KEY", base64(old) + ", " + base64(newer)));

        assertEquals(List.of(old.id(), newer.id()), keys.ids());
        assertEquals(newer.id(), keys.signing().id());
        assertEquals(old, keys.find(old.id()).orElseThrow());
        assertFalse(Files.exists(data.resolve("keys")), "no key file is made when keys are given");
    }

    @Test
    void keyShorterThan32BytesOrNotBase64IsRefusedWithTheReason() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("CHARTVAULT_AUDIT_KEY", short16)));
        assertTrue(tooShort.getMessage().contains("at least 32 bytes"), tooShort.getMessage());

        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("CHARTVAULT_AUDIT_KEY", "not*base64")));
        assertTrue(notBase64.getMessage().contains("CHARTVAULT_AUDIT_KEY"), notBase64.getMessage());
    }

    @Test
    void keyFileHoldsOneKeyPerLineWithComments() throws IOException {
        AuditKey old = AuditKey.generate(), newer = AuditKey.generate();
        Path file = Files.writeString(data.resolve("audit-keys"),
                "# rotated 2026-12-01\n" + base64(old) + "\n\n" + base64(newer) + "  # current\n");

        AuditKeys keys = load(Map.of("CHARTVAULT_AUDIT_KEY_FILE", file.toString()));

        assertEquals(List.of(old.id(), newer.id()), keys.ids());
    }

    @Test
    void keyFileInsideTheLocalObjectStoreIsRefused() throws IOException {
        Path store = Files.createDirectories(data.resolve("store").resolve("keys"));
        Path file = Files.writeString(store.resolve("audit.key"), base64(AuditKey.generate()));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("CHARTVAULT_AUDIT_KEY_FILE", file.toString())));

        assertTrue(refused.getMessage().contains("inside the object store"), refused.getMessage());
    }

    @Test
    void keyInTheEnvironmentAndAKeyFileTogetherAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(
                "CHARTVAULT_AUDIT_KEY", base64(AuditKey.generate()), "CHARTVAULT_AUDIT_KEY_FILE", "/etc/audit.key")));
    }

    @Test
    void withNothingConfiguredAKeyIsGeneratedOnceOutsideTheStoreForItsOwnerOnlyWithAWarning() throws IOException {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(AuditKeys.class);
        logged.start();
        logger.addAppender(logged);
        try {
            AuditKeys first = load(Map.of());
            AuditKeys again = load(Map.of());

            Path file = data.resolve("keys").resolve("audit.key");
            assertEquals(first.ids(), again.ids(), "the second start reads the key the first one made");
            assertFalse(file.toRealPath().startsWith(data.resolve("store").toAbsolutePath()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            assertTrue(logged.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("In production supply your own")), logged.list.toString());
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aNodeOnASharedDatabaseWithoutAConfiguredKeyIsRefusedAndGeneratesNone() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> load(Map.of("CHARTVAULT_DATABASE_URL", "jdbc:postgresql://db.hospital.org:5432/chartvault")));

        assertTrue(refused.getMessage().contains("set CHARTVAULT_AUDIT_KEY"), refused.getMessage());
        assertFalse(Files.exists(data.resolve("keys").resolve("audit.key")), "no key of its own was made");
    }

    @Test
    void aNodeThatGeneratedAKeyBeforeJoiningADatabaseIsToldToShareThatKey() throws IOException {
        load(Map.of()); // the embedded default made data/keys/audit.key
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> load(Map.of("CHARTVAULT_DATABASE_URL", "jdbc:postgresql://db.hospital.org:5432/chartvault")));

        assertTrue(refused.getMessage().contains(data.resolve("keys").resolve("audit.key").toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("CHARTVAULT_AUDIT_KEY_FILE"), refused.getMessage());
    }

    @Test
    void aNodeOnASharedDatabaseTakesTheConfiguredKeyOrKeyFile() throws IOException {
        AuditKey shared = AuditKey.generate();
        String database = "jdbc:postgresql://db.hospital.org:5432/chartvault";
        assertEquals(shared.id(), load(Map.of("CHARTVAULT_DATABASE_URL", database,
                "CHARTVAULT_AUDIT_KEY", base64(shared))).signing().id());
        Path file = Files.writeString(Files.createDirectories(data.resolve("secrets")).resolve("audit.key"), base64(shared) + "\n");
        assertEquals(shared.id(), load(Map.of("CHARTVAULT_DATABASE_URL", database,
                "CHARTVAULT_AUDIT_KEY_FILE", file.toString())).signing().id());
    }

    @Test
    void keyIdIsAFingerprintThatDoesNotShowTheSecret() {
        AuditKey key = AuditKey.generate();

        assertTrue(key.id().matches("k[0-9a-f]{12}"), key.id());
        assertEquals(key.id(), AuditKey.of(key.secret()).id());
        assertNotEquals(key.id(), AuditKey.generate().id());
        assertFalse(key.toString().contains(base64(key)));
        assertFalse(config(Map.of("CHARTVAULT_AUDIT_KEY", base64(key))).toString().contains(base64(key)));
    }
}
