package org.chartvault.db;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.audit.AuditKey;
import org.chartvault.testing.Ceph;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Postgres;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two ChartVault processes on one Object Lock bucket of Ceph's radosgw and one PostgreSQL. radosgw 16.2 ignores
 * {@code If-None-Match: *} in such a bucket (every racing creator "wins"), so nothing may rest on create-if-absent
 * there: these races are decided through PostgreSQL, and without it ChartVault refuses to start.
 */
@Tag("long")
class TwoNodesOnCephTest {
    private static final String PASSWORD = "Night-Desk-Ward-4-Keys";

    @TempDir
    static Path dir;
    static Map<String, String> ceph;
    static ServiceProcess nodeA, nodeB;
    static RunningChartVault a, b;
    static final ChartGenerator generator = new ChartGenerator();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        ceph = Map.of("CHARTVAULT_STORAGE", "minio", "MINIO_ENDPOINT", Ceph.endpoint(),
                "MINIO_ACCESS_KEY", Ceph.ACCESS_KEY, "MINIO_SECRET_KEY", Ceph.SECRET_KEY,
                "MINIO_BUCKET", "two-nodes-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE),
                "MINIO_OBJECT_LOCK", "true");
        Map<String, String> shared = new HashMap<>(ceph);
        shared.putAll(Postgres.environment(Postgres.freshDatabase()));
        shared.put("CHARTVAULT_AUDIT_KEY", Base64.getEncoder().encodeToString(AuditKey.generate().secret()));
        nodeA = ServiceProcess.start(dir.resolve("a"), dir.resolve("a.log"), shared);
        nodeB = ServiceProcess.start(dir.resolve("b"), dir.resolve("b.log"), shared);
        a = nodeA.service();
        b = nodeB.service();
        Response created = a.admin().post("/api/users",
                Map.of("username", "scanner-ceph", "password", PASSWORD, "roles", List.of("scanner")));
        assertEquals(201, created.status(), created.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
    }

    @Test
    void withoutPostgresChartVaultRefusesToStartOnThisStore() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RunningChartVault.start(dir.resolve("alone"), ceph).close());

        assertTrue(refused.getMessage().contains("CHARTVAULT_DATABASE_URL"), refused.getMessage());
        assertTrue(refused.getMessage().contains("If-None-Match"), refused.getMessage());
    }

    @Test
    void theSameFileSentToBothNodesAtOnceBecomesOneDocument() throws Exception {
        Client onA = a.login("scanner-ceph", PASSWORD);
        Client onB = b.withToken(onA.token());
        for (int round = 0; round < 3; round++) {
            byte[] file = ChartFiles.bornDigitalPdf(generator.document(9300 + round, 1).pages());
            List<Response> answers = race(8, i -> (i % 2 == 0 ? onA : onB).upload(Map.of(), new Part("same-" + i + ".pdf", file)));
            List<String> queued = new ArrayList<>();
            List<String> named = new ArrayList<>();
            for (Response answer : answers) {
                JsonNode entry = answer.json().get("documents").get(0);
                if (entry.get("status").asText().equals("queued")) queued.add(entry.get("documentId").asText());
                else named.add(entry.get("documentId").asText());
            }
            assertEquals(1, queued.size(), "round " + round + ": one document across both nodes, got " + queued);
            for (String n : named) assertEquals(queued.get(0), n, "the duplicates name it");
        }
    }

    @Test
    void auditEntriesRacedOnBothNodesFormOneChainThatVerifies() throws Exception {
        long before = a.admin().get("/api/audit/verify").json().get("entries").asLong();

        race(8, i -> {
            Client admin = (i % 2 == 0 ? a : b).admin();
            Response last = null;
            for (int n = 0; n < 10; n++) last = admin.get("/api/search?q=chest");
            return last;
        });

        for (RunningChartVault node : List.of(a, b)) {
            JsonNode verified = node.admin().get("/api/audit/verify").json();
            assertTrue(verified.get("valid").asBoolean(), verified.toString());
            assertTrue(verified.get("entries").asLong() >= before + 80, verified.toString());
        }
    }

    private interface Request {
        Response send(int i);
    }

    /** Sends {@code count} requests released together by a barrier, and their answers. */
    private static List<Response> race(int count, Request request) throws Exception {
        CyclicBarrier together = new CyclicBarrier(count);
        ExecutorService senders = Executors.newFixedThreadPool(count);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                sent.add(senders.submit(() -> {
                    together.await();
                    return request.send(index);
                }));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> s : sent) answers.add(s.get());
            return answers;
        } finally {
            senders.shutdownNow();
        }
    }
}
