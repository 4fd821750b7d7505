package org.chartvault.retention;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.Json;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.AuditQuery;
import org.chartvault.audit.MovableClock;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.StoredLayout;
import org.chartvault.hold.ArchivedDocuments;
import org.chartvault.hold.HoldCriteria;
import org.chartvault.hold.HoldService;
import org.chartvault.index.LuceneSearchIndex;
import org.chartvault.index.SearchQuery;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;
import org.chartvault.storage.LocalDiskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Purge runs on real storage, index and holds with a clock set in 2030. The documents are archived the way the
 * pipeline leaves them (original, page text and image, searchable PDF, index entries) without OCR, which is not the
 * point here ({@link ArchivedDocuments}).
 */
class RetentionServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final LocalDate ADULT = LocalDate.of(1950, 4, 1);

    @TempDir
    Path dir;
    private ArchivedDocuments archive;
    private MovableClock clock;
    private LocalDiskStore store;
    private LuceneSearchIndex index;
    private DocumentRepository documents;
    private HoldService holds;
    private RetentionService retention;
    private AuditLog audit;
    private final Caller him = new Caller("hana.him", Set.of(Role.LEGAL), Caller.How.TOKEN, "127.0.0.1", "t1");
    private final Caller admin = new Caller("ada.admin", Set.of(Role.ADMIN), Caller.How.TOKEN, "127.0.0.1", "t2");

    @BeforeEach
    void open() throws Exception {
        archive = new ArchivedDocuments(dir, NOW);
        clock = archive.clock;
        store = archive.store;
        index = archive.index;
        documents = archive.documents;
        audit = archive.audit;
        holds = archive.holds;
        retention = new RetentionService(store, documents, archive.documentService, holds, audit, clock);
        retention.updateRules(admin, new RetentionRules(new RetentionRule(null, 10, 18, 3),
                List.of(new RetentionRule("Operative Report", 25, null, null)), null, null, null));
    }

    @AfterEach
    void close() throws Exception {
        archive.close();
    }

    @Test
    void eligibleDocumentsAreDestroyedHeldOnesSurviveAndTheCertificateListsExactlyTheDestroyed() throws Exception {
        String adultOld = archive("R-1", ADULT, "PROGRESS NOTE", LocalDate.of(2010, 3, 1));         // until 2020
        String adultRecent = archive("R-2", ADULT, "PROGRESS NOTE", LocalDate.of(2021, 6, 1));     // until 2031
        String minorYoung = archive("R-3", LocalDate.of(2015, 1, 1), "PROGRESS NOTE", LocalDate.of(2016, 1, 1)); // 2036
        String minorGrown = archive("R-4", LocalDate.of(2000, 1, 1), "PROGRESS NOTE", LocalDate.of(2005, 1, 1)); // 2021
        String operativeOld = archive("R-5", ADULT, "OPERATIVE REPORT", LocalDate.of(2001, 5, 5));  // until 2026
        String operativeNewer = archive("R-6", ADULT, "operative report", LocalDate.of(2010, 5, 5)); // until 2035
        String heldOld = archive("R-7", ADULT, "PROGRESS NOTE", LocalDate.of(2009, 1, 1));         // until 2019, held
        String undated = archive("R-8", ADULT, "PROGRESS NOTE", null);
        String birthUnknown = archive("R-9", null, "PROGRESS NOTE", LocalDate.of(2012, 1, 1));     // until 2033
        String holdId = holds.place(him, "Keep R-7", "M-1", new HoldCriteria(List.of("R-7"), null, null, null)).holdId();
        Set<String> all = Set.of(adultOld, adultRecent, minorYoung, minorGrown, operativeOld, operativeNewer, heldOld,
                undated, birthUnknown);
        Set<String> expired = Set.of(adultOld, minorGrown, operativeOld);

        RetentionRun dry = retention.run(him, true, null, null);
        assertEquals(expired, ids(dry.eligible()));
        assertEquals(Set.of(), ids(dry.destroyed()));
        assertEquals(Set.of(heldOld, undated), ids(dry.skipped()));
        for (String id : all) assertTrue(documents.find(id).isPresent(), "a dry run destroyed " + id);
        assertThrows(org.chartvault.retention.RunNotFoundException.class, () -> retention.certificatePdf(dry.runId()));

        assertEquals(RetentionRun.AWAITING_APPROVAL, dry.status());
        assertThrows(ApprovalRequiredException.class, () -> retention.carryOut(him, dry.runId(), "Wes Witness", null, null),
                "nothing is destroyed from a list nobody approved");
        assertThrows(ApprovalRequiredException.class, () -> retention.run(him, false, null, null), "no purge without a list");
        clock.advance(Duration.ofMinutes(1));
        RetentionRun approved = retention.approve(admin, dry.runId(), "HIM director's sign-off");
        assertEquals("ada.admin", approved.approvedBy());
        assertThrows(ApprovalRequiredException.class, () -> retention.approve(admin, dry.runId(), null), "approved once");
        clock.advance(Duration.ofMinutes(5));
        RetentionRun run = retention.carryOut(him, dry.runId(), "Wes Witness", null, "annual purge");
        assertEquals(expired, ids(run.destroyed()));
        assertTrue(run.skipped().stream().anyMatch(s -> s.documentId().equals(heldOld) && s.reason().contains(holdId)));
        for (String id : all) {
            assertEquals(!expired.contains(id), documents.find(id).isPresent(), id);
            assertEquals(!expired.contains(id), store.exists(StoredLayout.searchablePdf(id)), id);
            index.refresh();
            assertEquals(!expired.contains(id), !index.matchingDocuments(new SearchQuery("doc:" + id, null, null,
                    null, null, 0, 1)).isEmpty(), id);
        }
        assertTrue(store.isLegalHold(StoredLayout.original(documents.find(heldOld).orElseThrow().sha256())));

        DestructionCertificate certificate = Json.read(store.getBytes(RetentionService.certificateJsonKey(run.runId())),
                DestructionCertificate.class);
        assertEquals(expired, ids(certificate.destroyed()));
        assertEquals(Set.of("R-1", "R-4", "R-5"), certificate.patients().stream()
                .map(DestructionCertificate.Patient::mrn).collect(Collectors.toSet()));
        assertEquals("ada.admin", certificate.approvedBy());
        assertEquals("hana.him", certificate.destroyedBy());
        assertEquals("Wes Witness", certificate.witness());
        assertEquals(dry.runId(), certificate.listId());
        assertEquals(RetentionService.DEFAULT_METHOD, certificate.method());
        assertEquals(LocalDate.of(2001, 5, 5), certificate.inclusiveFrom());
        assertEquals(LocalDate.of(2010, 3, 1), certificate.inclusiveTo());
        assertTrue(certificate.destroyed().stream().allMatch(d -> d.rule() != null && d.retainUntil() != null
                && d.destroyedAt() != null && d.sha256() != null));
        String pdf;
        try (var in = retention.certificatePdf(run.runId()); var document = Loader.loadPDF(in.readAllBytes())) {
            pdf = new PDFTextStripper().getText(document);
        }
        for (String id : expired) assertTrue(pdf.contains(id), id + " missing from the certificate PDF");
        assertTrue(pdf.replaceAll("\\s+", " ").contains("destroyed in the normal course of business under a proper retention schedule"), pdf);
        assertTrue(pdf.contains("Wes Witness") && pdf.contains("Witnessed by"), pdf);
        assertTrue(store.isLegalHold(RetentionService.certificatePdfKey(run.runId())), "the certificate is kept for good");
        assertTrue(store.isLegalHold(RetentionService.certificateJsonKey(run.runId())));

        assertEquals(3, audit.query(new AuditQuery(null, null, "hana.him", null, AuditActions.RETENTION_PURGE, 0, 100))
                .entries().size(), "one audit entry per destroyed document");
        assertEquals(Set.of(), ids(retention.run(him, true, null, null).eligible()), "nothing left to destroy");
    }

    @Test
    void aPurgeCannotRunAsOfAFutureDateButADryRunCanLookAhead() throws Exception {
        String recent = archive("F-1", ADULT, "PROGRESS NOTE", LocalDate.of(2021, 6, 1)); // until 2031-06-01
        LocalDate future = LocalDate.of(2032, 1, 1);
        RetentionRun ahead = retention.run(him, true, future, null);
        assertEquals(Set.of(recent), ids(ahead.eligible()));
        retention.approve(admin, ahead.runId(), null);
        RetentionRun run = retention.carryOut(him, ahead.runId(), "Wes Witness", null, null);
        assertEquals(Set.of(), ids(run.destroyed()), "a purge judges as of today, whatever the list looked ahead to");
        assertTrue(run.skipped().get(0).reason().contains("not past its retention period today"), run.skipped().toString());
        assertTrue(documents.find(recent).isPresent());
    }

    @Test
    void automaticPurgeIsOffUntilAnAdministratorTurnsItOnAndThenRunsOncePerInterval() throws Exception {
        String expired = archive("A-1", ADULT, "PROGRESS NOTE", LocalDate.of(2010, 3, 1));
        RetentionScheduler scheduler = new RetentionScheduler(retention, clock, org.chartvault.storage.Leases.inProcess(), "test-node");
        assertFalse(scheduler.runIfDue());
        assertTrue(documents.find(expired).isPresent());

        RetentionRules rules = retention.rules();
        retention.updateRules(admin, new RetentionRules(rules.defaultRule(), rules.documentTypes(),
                new AutomaticPurge(true, 24), null, null));
        assertTrue(scheduler.runIfDue());
        assertTrue(documents.find(expired).isPresent(), "switching automatic purges on approves nothing");
        RetentionRun automatic = retention.runs().get(0);
        assertTrue(automatic.automatic() && automatic.dryRun());
        assertEquals(null, automatic.approvedBy(), "an automatic list awaits a person's approval");
        assertEquals(RetentionRun.AWAITING_APPROVAL, automatic.status());
        assertEquals(Set.of(expired), ids(automatic.eligible()));
        assertEquals(Caller.SYSTEM_USER, automatic.startedBy());
        assertThrows(IllegalArgumentException.class, () -> retention.approve(Caller.system(), automatic.runId(), null));
        retention.approve(him, automatic.runId(), null);
        assertEquals(Set.of(expired), ids(retention.carryOut(him, automatic.runId(), "Wes Witness", null, null).destroyed()));
        assertFalse(documents.find(expired).isPresent());

        clock.advance(Duration.ofHours(23));
        assertFalse(scheduler.runIfDue(), "not due before 24 hours");
        clock.advance(Duration.ofHours(2));
        assertTrue(scheduler.runIfDue());
    }

    @Test
    void retentionCountsFromTheLastEncounterWhereTheRuleSaysSoAndPermanentClassesAreNeverListed() throws Exception {
        retention.updateRules(admin, new RetentionRules(new RetentionRule(null, 10, null, null, RetentionRule.LAST_ENCOUNTER, false),
                List.of(RetentionRule.permanent("Master Patient Index"),
                        new RetentionRule("Operative Report", 10, null, null)), null, null, null));
        String oldVisit = archive("E-1", ADULT, "PROGRESS NOTE", LocalDate.of(2010, 3, 1));      // 2020 by its own date
        archive("E-1", ADULT, "DISCHARGE SUMMARY", LocalDate.of(2022, 8, 9));                       // discharged 2022
        String otherPatient = archive("E-2", ADULT, "PROGRESS NOTE", LocalDate.of(2010, 3, 1));  // last seen 2010
        String operative = archive("E-1", ADULT, "OPERATIVE REPORT", LocalDate.of(2010, 3, 1));  // counted from service
        String mpi = archive("E-3", ADULT, "MASTER PATIENT INDEX", LocalDate.of(1960, 1, 1));    // never

        RetentionRun list = retention.run(him, true, null, null);
        assertEquals(Set.of(otherPatient, operative), ids(list.eligible()),
                "E-1's old note is kept 10 years after the 2022 discharge; the MPI entry for good");
        RetentionRun later = retention.run(him, true, LocalDate.of(2032, 8, 10), null);
        assertTrue(ids(later.eligible()).contains(oldVisit));
        assertFalse(ids(later.eligible()).contains(mpi));
        assertFalse(ids(later.skipped()).contains(mpi));
        RetentionItem note = later.eligible().stream().filter(i -> i.documentId().equals(oldVisit)).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2032, 8, 9), note.retainUntil());
        assertTrue(note.rule().contains("most recent encounter 2022-08-09"), note.rule());
    }

    @Test
    void twoPurgesOfOneListRacedDestroyEachDocumentOnceAndOnlyOneCertificateNamesIt() throws Exception {
        List<String> expired = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) expired.add(archive("P-" + i, ADULT, "PROGRESS NOTE", LocalDate.of(2010, 3, 1)));
        RetentionRun list = retention.run(him, true, null, null);
        retention.approve(admin, list.runId(), null);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Callable<RetentionRun> purge = () -> {
                start.await();
                return retention.carryOut(him, list.runId(), "Wes Witness", null, null);
            };
            var a = pool.submit(purge);
            var b = pool.submit(purge);
            List<RetentionItem> destroyed = new java.util.ArrayList<>(a.get().destroyed());
            destroyed.addAll(b.get().destroyed());
            assertEquals(Set.copyOf(expired), ids(destroyed));
            assertEquals(expired.size(), destroyed.size(), "no document is certified destroyed twice");
            RetentionRun second = a.get().destroyed().isEmpty() ? a.get() : b.get();
            assertTrue(second.skipped().stream().allMatch(s -> s.reason().contains("no longer in the archive")), second.skipped().toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private String archive(String mrn, LocalDate born, String type, LocalDate served) throws Exception {
        return archive.archive(mrn, born, type, served);
    }

    private static Set<String> ids(List<RetentionItem> items) {
        Set<String> ids = new HashSet<>();
        items.forEach(i -> ids.add(i.documentId()));
        return ids;
    }
}
