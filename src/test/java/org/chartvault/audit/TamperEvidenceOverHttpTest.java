package org.chartvault.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chartvault.Json;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What someone who holds the storage credentials, but not the audit key, can do to the trail, and what
 * {@code GET /api/audit/verify} then answers: a real server over HTTP, the attacker working on the real store
 * underneath with nothing but the storage API and the published entry format.
 */
class TamperEvidenceOverHttpTest {
    private static final String JSON = "application/json";

    @TempDir
    Path data;

    @Test
    void storageWriterCannotRewriteTheAuditTrailUnnoticed() throws IOException {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            Client clerk = vault.user("rclerk", "roi");
            clerk.get("/api/documents/doc_psychotherapy0000000000000000/original");
            for (int i = 0; i < 5; i++) vault.admin().get("/api/audit?limit=1");
            ObjectStore store = vault.app().store();
            long download = seqOf(store, "download-original");

            // the attacker pins the download on someone else and recomputes every hash after it, the number
            // records and the head included, exactly as the published scheme computes them
            rewriteFrom(store, download, node -> node.put("user", "admin"));

            JsonNode verify = verify(vault);
            assertFalse(verify.get("valid").asBoolean(), verify.toString());
            assertEquals(download, verify.get("firstProblem").get("seq").asLong(), verify.toString());
            assertEquals(download, verify.get("firstBrokenSeq").asLong(), verify.toString());
            assertTrue(verify.get("firstProblem").get("reason").asText().contains("does not authenticate"), verify.toString());
        }
    }

    @Test
    void flippedByteInAnEntryIsReportedAsTamperedNot500() throws IOException {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            for (int i = 0; i < 3; i++) vault.admin().get("/api/audit?limit=1");

            // the number record of entry 3 keeps a copy of the entry: damage there first, then the entry 2 itself
            flipOneByte(ObjectStoreAuditChain.linkKey(3));
            assertTamperedAt(vault, 3);
            flipOneByte(keyOf(vault.app().store(), 2));
            assertTamperedAt(vault, 2);
        }
    }

    private void flipOneByte(String key) throws IOException {
        Path file = data.resolve("store").resolve(key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[10] ^= 0x01;
        Files.write(file, bytes);
    }

    private static void assertTamperedAt(RunningChartVault vault, long seq) {
        Response answer = vault.admin().get("/api/audit/verify");
        assertEquals(200, answer.status(), answer.toString());
        JsonNode verify = answer.json();
        assertFalse(verify.get("valid").asBoolean(), verify.toString());
        assertEquals(seq, verify.get("firstProblem").get("seq").asLong(), verify.toString());
        assertTrue(verify.get("firstProblem").get("reason").asText().contains("tampered"), verify.toString());
    }

    @Test
    void removedTailAfterACheckpointIsReported() throws IOException {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            for (int i = 0; i < 3; i++) vault.admin().get("/api/audit?limit=1");
            Response checkpoint = vault.admin().post("/api/audit/checkpoints", Map.of());
            assertEquals(201, checkpoint.status(), checkpoint.toString());
            long checkpointed = checkpoint.json().get("seq").asLong();
            for (int i = 0; i < 3; i++) vault.admin().get("/api/audit?limit=1");
            ObjectStore store = vault.app().store();

            // a clean cut: the last entries, their number records, and the head moved back onto what is left
            long keep = checkpointed - 2;
            truncateAfter(store, keep);

            JsonNode verify = verify(vault);
            assertFalse(verify.get("valid").asBoolean(), verify.toString());
            JsonNode problem = verify.get("firstProblem");
            assertEquals("checkpoint", problem.get("kind").asText(), verify.toString());
            assertEquals(checkpointed, problem.get("seq").asLong(), verify.toString());
            assertTrue(problem.get("reason").asText().contains("removed"), verify.toString());
        }
    }

    @Test
    void rotatedKeyStillVerifiesOldEntriesAndRotationIsInTheChain() throws IOException {
        String first = newKey(), second = newKey();
        try (RunningChartVault vault = RunningChartVault.start(data, Map.of("CHARTVAULT_AUDIT_KEY", first))) {
            vault.admin().get("/api/audit?limit=1");
        }
        try (RunningChartVault vault = RunningChartVault.start(data, Map.of("CHARTVAULT_AUDIT_KEY", first + " " + second))) {
            vault.admin().get("/api/audit?limit=1");
            JsonNode verify = verify(vault);
            assertTrue(verify.get("valid").asBoolean(), verify.toString());

            JsonNode rotations = vault.admin().get("/api/audit?action=audit-key-rotate").json().get("entries");
            assertEquals(1, rotations.size(), rotations.toString());
            JsonNode rotation = rotations.get(0);
            String from = rotation.get("details").get("from").asText(), to = rotation.get("details").get("to").asText();
            assertNotEquals(from, to);
            assertEquals(to, rotation.get("seal").get("key").asText(), "the new key signs its own introduction");
            long rotatedAt = rotation.get("seq").asLong();
            for (JsonNode entry : vault.admin().get("/api/audit?limit=1000").json().get("entries")) {
                String signedBy = entry.get("seal").get("key").asText();
                assertEquals(entry.get("seq").asLong() < rotatedAt ? from : to, signedBy, entry.toString());
            }
        }
        try (RunningChartVault vault = RunningChartVault.start(data, Map.of("CHARTVAULT_AUDIT_KEY", second))) {
            JsonNode verify = verify(vault);
            assertFalse(verify.get("valid").asBoolean(), "entries of a key no longer configured cannot be authenticated");
            assertEquals(1, verify.get("firstProblem").get("seq").asLong(), verify.toString());
        }
    }

    @Test
    void checkpointThatDoesNotAuthenticateIsReported() throws IOException {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            vault.admin().get("/api/audit?limit=1");
            Response checkpoint = vault.admin().post("/api/audit/checkpoints", Map.of());
            assertEquals(201, checkpoint.status(), checkpoint.toString());
            long checkpointed = checkpoint.json().get("seq").asLong();
            ObjectStore store = vault.app().store();
            String key = store.list("audit-checkpoints/").getFirst();

            // an older time on an otherwise genuine checkpoint: as if the trail had been anchored earlier
            ObjectNode node = (ObjectNode) Json.mapper().readTree(store.getBytes(key));
            node.put("time", "2020-01-01T00:00:00Z");
            store.put(key, Json.mapper().writeValueAsBytes(node), JSON);

            JsonNode verify = verify(vault);
            assertFalse(verify.get("valid").asBoolean(), verify.toString());
            JsonNode problem = verify.get("firstProblem");
            assertEquals("checkpoint", problem.get("kind").asText(), verify.toString());
            assertEquals(checkpointed, problem.get("seq").asLong(), verify.toString());
            assertNotNull(problem.get("key"), verify.toString());
            assertTrue(problem.get("reason").asText().contains("does not authenticate"), verify.toString());
        }
    }

    @Test
    void checkpointDigestToCopyOutIsListedAndShownByVerify() throws IOException {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            Response made = vault.admin().post("/api/audit/checkpoints", Map.of());
            assertEquals(201, made.status(), made.toString());
            String digest = made.json().get("digest").asText();

            JsonNode listed = vault.admin().get("/api/audit/checkpoints").json().get("checkpoints");
            assertEquals(digest, listed.get(0).get("digest").asText(), listed.toString());
            JsonNode verify = verify(vault);
            assertTrue(verify.get("valid").asBoolean(), verify.toString());
            assertEquals(digest, verify.get("latestCheckpoint").get("digest").asText(), verify.toString());
            assertEquals(made.json().get("seq").asLong(), verify.get("latestCheckpoint").get("seq").asLong());
        }
    }

    // ---- the attacker's tools: the storage API and the published entry format, no audit key ----

    private interface Edit {
        void apply(ObjectNode entry);
    }

    /** Edits entry {@code seq}, then re-chains every later entry, its number record and the head by SHA-256. */
    private static void rewriteFrom(ObjectStore store, long seq, Edit edit) throws IOException {
        String prevHash = null;
        for (long n = seq; ; n++) {
            String key = keyOrNull(store, n);
            if (key == null) break;
            ObjectNode node = (ObjectNode) Json.mapper().readTree(store.getBytes(key));
            if (n == seq) edit.apply(node);
            if (prevHash != null) node.put("prevHash", prevHash);
            node.put("hash", Json.mapper().treeToValue(node, AuditEntry.class).computeHash());
            prevHash = node.get("hash").asText();
            store.put(key, Json.mapper().writeValueAsBytes(node), JSON);
            for (String record : List.of(ObjectStoreAuditChain.linkKey(n), ObjectStoreAuditChain.HEAD)) {
                if (!store.exists(record)) continue; // the head is written every few dozen entries only
                ObjectNode link = (ObjectNode) Json.mapper().readTree(store.getBytes(record));
                if (link.get("seq").asLong() != n) continue;
                link.put("hash", prevHash);
                link.set("entry", node);
                store.put(record, Json.mapper().writeValueAsBytes(link), JSON);
            }
        }
    }

    /** Deletes every entry after {@code keep} with its number record, and points the head at entry {@code keep}. */
    private static void truncateAfter(ObjectStore store, long keep) throws IOException {
        for (long n = keep + 1; ; n++) {
            String key = keyOrNull(store, n);
            if (key == null && !store.exists(ObjectStoreAuditChain.linkKey(n))) break;
            if (key != null) store.delete(key);
            store.delete(ObjectStoreAuditChain.linkKey(n));
        }
        store.put(ObjectStoreAuditChain.HEAD, store.getBytes(ObjectStoreAuditChain.linkKey(keep)), JSON);
    }

    private static long seqOf(ObjectStore store, String action) throws IOException {
        List<Long> found = new ArrayList<>();
        for (String key : store.list("audit/")) {
            JsonNode entry = Json.mapper().readTree(store.getBytes(key));
            if (action.equals(entry.get("action").asText())) found.add(entry.get("seq").asLong());
        }
        assertEquals(1, found.size(), "entries of " + action + ": " + found);
        return found.getFirst();
    }

    private static String keyOf(ObjectStore store, long seq) throws IOException {
        String key = keyOrNull(store, seq);
        assertNotNull(key, "no entry " + seq);
        return key;
    }

    private static String keyOrNull(ObjectStore store, long seq) throws IOException {
        String suffix = String.format("/%012d.json", seq);
        return store.list("audit/").stream().filter(k -> k.endsWith(suffix)).findFirst().orElse(null);
    }

    private static JsonNode verify(RunningChartVault vault) {
        Response answer = vault.admin().get("/api/audit/verify");
        assertEquals(200, answer.status(), answer.toString());
        return answer.json();
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
