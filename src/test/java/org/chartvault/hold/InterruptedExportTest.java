package org.chartvault.hold;

import org.chartvault.capture.CaptureService;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.OriginalOwners;
import org.chartvault.imaging.PageLimits;
import org.chartvault.jobs.Job;
import org.chartvault.matter.BatesLedger;
import org.chartvault.originals.Originals;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.release.ReleaseRepository;
import org.chartvault.release.SensitiveCategories;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An export recorded as running whose job was never queued (the service stopped in between), at the next start. */
class InterruptedExportTest {
    private static final LocalDate BORN = LocalDate.of(1971, 3, 3), SERVED = LocalDate.of(2024, 5, 5);
    private final Caller lawyer = new Caller("lena.legal", Set.of(Role.LEGAL), Caller.How.TOKEN, "127.0.0.1", "t");

    @TempDir
    Path dir;
    private ArchivedDocuments archive;
    private ExportService exports;

    @BeforeEach
    void open() throws Exception {
        archive = new ArchivedDocuments(dir, Instant.parse("2026-06-01T09:00:00Z"));
        var store = archive.store;
        var locks = archive.locks;
        var clock = archive.clock;
        Path work = dir.resolve("work");
        CaptureService capture = new CaptureService(archive.documents.files(),
                new DocumentTypeCatalog(store, locks, Duration.ofSeconds(1)), new PatientRegistry(store, locks, clock), clock);
        Originals originals = new Originals(archive.documents, new OriginalOwners(store, locks), capture,
                new DocumentEvents(), locks, new PageLimits(10, 150_000_000L), work);
        exports = new ExportService(store, archive.holds, archive.documents, archive.documentService, originals,
                archive.jobs, archive.audit, clock, work, () -> false, new BatesLedger(store, locks, clock),
                new SensitiveCategories(store, locks, Duration.ofSeconds(1)), new ReleaseRepository(store, locks, clock),
                new Custodian("General Hospital", "Pat Keeper", "Director of HIM"));
    }

    @AfterEach
    void close() throws Exception {
        archive.close();
    }

    @Test
    void nodesStartingTogetherResumeAnInterruptedExportOnce() throws Exception {
        archive.archive("P-9", BORN, "PROGRESS NOTE", SERVED);
        Hold hold = archive.holds.place(lawyer, "Matter 9", "2026-CV-0009", new HoldCriteria(List.of("P-9"), null, null, null));
        ProductionExport export = exports.request(lawyer, hold.holdId(), BatesNumbering.defaults(), false,
                ProductionTerms.NONE);
        // as a stop between recording the export and queueing its job leaves it: the record says running, no job
        Job queued = archive.jobs.pending().stream().filter(j -> j.subject().equals(export.exportId())).findFirst().orElseThrow();
        archive.jobs.complete(queued);

        // two starts at once over one job queue, as two nodes over one PostgreSQL: each looks before either submits
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Integer> starting = () -> {
            start.await();
            return exports.resumeOrphans();
        };
        try (var nodes = Executors.newFixedThreadPool(2)) {
            var first = nodes.submit(starting);
            var second = nodes.submit(starting);
            first.get();
            second.get();
        }
        List<Job> resuming = archive.jobs.pending().stream()
                .filter(j -> j.kind().equals(ExportService.JOB_KIND) && j.subject().equals(export.exportId())).toList();
        assertEquals(1, resuming.size(), "one job builds the export, not one per starting node: " + resuming);
        assertEquals(0, exports.resumeOrphans(), "an export with its job queued is not resumed again");
    }
}
