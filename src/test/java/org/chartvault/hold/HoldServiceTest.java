package org.chartvault.hold;

import org.chartvault.document.DocumentStatus;
import org.chartvault.document.StoredLayout;
import org.chartvault.jobs.Job;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holds on real storage and index at the moments the pipeline and a crash create. */
class HoldServiceTest {
    private static final LocalDate BORN = LocalDate.of(1960, 1, 1), SERVED = LocalDate.of(2024, 2, 2);
    private final Caller lawyer = new Caller("lena.legal", Set.of(Role.LEGAL), Caller.How.TOKEN, "127.0.0.1", "t");

    @TempDir
    Path dir;
    private ArchivedDocuments archive;

    @BeforeEach
    void open() throws Exception {
        archive = new ArchivedDocuments(dir, Instant.parse("2026-06-01T09:00:00Z"));
    }

    @AfterEach
    void close() throws Exception {
        archive.close();
    }

    @Test
    void documentStillProcessingIsHeldAtOnceAndItsPagesWhenProcessingEnds() throws Exception {
        String queued = archive.arrive("P-1", BORN, "PROGRESS NOTE", SERVED);
        Hold hold = archive.holds.place(lawyer, "Early hold", null, new HoldCriteria(List.of("P-1"), null, null, null));
        assertEquals(List.of(queued), hold.documentIds(), "not in the index yet, found in storage");
        assertTrue(archive.store.isLegalHold(StoredLayout.original(archive.sha256Of(queued))));

        archive.finishProcessing(queued);
        assertTrue(archive.store.isLegalHold(StoredLayout.pageImage(queued, 1)));
        assertTrue(archive.store.isLegalHold(StoredLayout.pageContent(queued, 1)));
        assertTrue(archive.store.isLegalHold(StoredLayout.searchablePdf(queued)));
        assertFalse(archive.store.isLegalHold(StoredLayout.document(queued)));
    }

    @Test
    void queryHoldJudgesAnArrivingDocumentWhenItsTextIsKnown() throws Exception {
        Hold hold = archive.holds.place(lawyer, "By text", null, new HoldCriteria(List.of(), "\"MRN: Q-7\"", null, null));
        String matching = archive.arrive("Q-7", BORN, "PROGRESS NOTE", SERVED);
        String other = archive.arrive("Q-8", BORN, "PROGRESS NOTE", SERVED);
        assertEquals(List.of(), archive.holds.get(hold.holdId()).documentIds(), "text unknown before processing");
        archive.finishProcessing(matching);
        archive.finishProcessing(other);
        assertEquals(List.of(matching), archive.holds.get(hold.holdId()).documentIds());
        assertTrue(archive.documents.get(matching).isHeld());
        assertFalse(archive.documents.get(other).isHeld());
    }

    @Test
    void storageHoldStaysUntilTheLastOfTwoHoldsIsReleased() throws Exception {
        String id = archive.archive("P-2", BORN, "PROGRESS NOTE", SERVED);
        String original = StoredLayout.original(archive.sha256Of(id));
        Hold first = archive.holds.place(lawyer, "First", null, new HoldCriteria(List.of("P-2"), null, null, null));
        Hold second = archive.holds.place(lawyer, "Second", null, new HoldCriteria(List.of("P-2"), null, SERVED, SERVED));
        assertEquals(List.of(first.holdId(), second.holdId()), archive.documents.get(id).holds());

        Hold released = archive.holds.release(lawyer, first.holdId(), "dismissed");
        assertEquals("lena.legal", released.releasedBy());
        assertEquals(List.of(id), released.documentIds(), "a released hold keeps the record of what it held");
        assertTrue(archive.store.isLegalHold(original), "the second hold still covers it");
        assertTrue(archive.documents.get(id).isHeld());

        archive.holds.release(lawyer, second.holdId(), null);
        assertFalse(archive.store.isLegalHold(original));
        assertFalse(archive.store.isLegalHold(StoredLayout.searchablePdf(id)));
        archive.documentService.delete(id);
        assertFalse(archive.store.exists(original));
    }

    @Test
    void holdWhosePlacingWasInterruptedIsHandedToTheWorkersAtStart() throws Exception {
        String id = archive.archive("P-3", BORN, "PROGRESS NOTE", SERVED);
        // as a crash leaves it: the hold recorded, its documents not yet marked
        Hold interrupted = new Hold("hold_0000000000000000000000000a", "Interrupted", null, "lena.legal",
                archive.clock.instant(), new HoldCriteria(List.of("P-3"), null, null, null), HoldStatus.ACTIVE, null,
                null, null, List.of(), false);
        archive.holdRecords.create(interrupted);
        assertEquals(1, archive.holds.finishInterrupted());
        assertEquals(0, archive.holds.finishInterrupted(), "a hold already handed to the workers is not handed twice");
        Job job = archive.jobs.poll(java.time.Duration.ofSeconds(10)).orElseThrow();
        assertEquals(HoldService.JOB_KIND, job.kind());
        archive.holds.run(job, () -> { });
        archive.jobs.complete(job);
        assertEquals(List.of(id), archive.holds.get(interrupted.holdId()).documentIds());
        assertTrue(archive.holds.get(interrupted.holdId()).applied());
        assertTrue(archive.store.isLegalHold(StoredLayout.original(archive.sha256Of(id))));
        assertEquals(0, archive.holds.finishInterrupted());
    }

    @Test
    void nodesStartingTogetherHandEachInterruptedHoldToTheWorkersOnce() throws Exception {
        archive.archive("P-4", BORN, "PROGRESS NOTE", SERVED);
        int interrupted = 12;
        for (int i = 0; i < interrupted; i++) {
            archive.holdRecords.create(new Hold(String.format("hold_%030d", i), "Interrupted " + i, null, "lena.legal",
                    archive.clock.instant(), new HoldCriteria(List.of("P-4"), null, null, null), HoldStatus.ACTIVE,
                    null, null, null, List.of(), false));
        }
        // two starts at once over one job queue, as two nodes over one PostgreSQL: each looks before either submits
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Integer> starting = () -> {
            start.await();
            return archive.holds.finishInterrupted();
        };
        try (var nodes = Executors.newFixedThreadPool(2)) {
            var first = nodes.submit(starting);
            var second = nodes.submit(starting);
            first.get();
            second.get();
        }
        Map<String, Long> jobsPerHold = archive.jobs.pending().stream()
                .filter(job -> job.kind().equals(HoldService.JOB_KIND))
                .collect(Collectors.groupingBy(Job::subject, Collectors.counting()));
        assertEquals(interrupted, jobsPerHold.size(), jobsPerHold.toString());
        assertTrue(jobsPerHold.values().stream().allMatch(n -> n == 1), "a hold handed over twice: " + jobsPerHold);
        assertEquals(0, archive.holds.finishInterrupted(), "holds with their job queued are not handed over again");
    }

    @Test
    void failedDocumentOfANamedPatientIsHeldByAQueryHoldItCannotBeSearchedFor() throws Exception {
        String failed = archive.arrive("P-4", BORN, "PROGRESS NOTE", SERVED);
        archive.documents.update(failed, d -> d.withStatus(DocumentStatus.FAILED, "unreadable"));
        Hold hold = archive.holds.place(lawyer, "Text for P-4", null, new HoldCriteria(List.of("P-4"), "sepsis", null, null));
        assertEquals(List.of(failed), hold.documentIds());
    }
}
