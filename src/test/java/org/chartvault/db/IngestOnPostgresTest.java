package org.chartvault.db;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Config;
import org.chartvault.Ids;
import org.chartvault.jobs.Job;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Postgres;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ChartVault with a database configured runs its background work from the job queue in PostgreSQL. */
class IngestOnPostgresTest {
    @TempDir
    Path data;

    @Test
    void anUploadIsProcessedThroughTheJobQueueInPostgres() throws Exception {
        Config.Database database = Postgres.freshDatabase();
        // queued by "another node" before this one starts: only a node working from the database can run it
        try (Database shared = Database.open(database);
             PostgresJobQueue queue = new PostgresJobQueue(shared, PostgresJobQueue.DEFAULT_LEASE)) {
            queue.submit(new Job(Ids.next("job"), Job.PROCESS_DOCUMENT, "doc_deleted_since", Instant.now(), 0, null, null));
        }
        ChartDocument note = new ChartGenerator(ChartPage.Typeface.DEFAULT).document(21, "PROGRESS NOTE", 1);
        try (RunningChartVault server = RunningChartVault.start(data, Postgres.environment(database))) {
            var scanner = server.user("scan-desk", "scanner");
            var answer = scanner.upload(Map.of("mrn", "40012345", "documentType", "Progress note"),
                    new Part("note.png", ChartFiles.png(note.pages().get(0).scan(300))));
            assertEquals(202, answer.status(), answer.toString());
            JsonNode batch = scanner.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(3));

            String status = batch.get("documents").get(0).get("status").asText();
            assertTrue(List.of("indexed", "needs-review").contains(status), batch.toString());
            assertEquals(List.of(), server.app().store().list("jobs/"), "the job went to the store, not the database");
        }
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM jobs")) {
            rows.next();
            assertEquals(0, rows.getInt(1), "jobs left in the database");
        }
    }
}
