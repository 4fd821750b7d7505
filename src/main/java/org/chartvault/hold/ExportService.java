package org.chartvault.hold;

import org.chartvault.document.DocumentService;
import org.chartvault.Ids;
import org.chartvault.Json;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.document.DocumentRepository;
import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobQueue;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.matter.BatesLedger;
import org.chartvault.matter.BatesRange;
import org.chartvault.release.Disclosure;
import org.chartvault.release.ReleaseRepository;
import org.chartvault.release.ReleasedDocument;
import org.chartvault.release.Requester;
import org.chartvault.release.SensitiveCategories;
import org.chartvault.originals.Originals;
import org.chartvault.security.Caller;
import org.chartvault.storage.IntegrityException;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Production exports of a hold's documents. A request is recorded and queued as a durable job (it survives a
 * restart); the job builds the ZIP into a temporary file, stores it streamed under {@code exports/<id>/} together with
 * its chain-of-custody report, and records the hashes. The export is kept, and every step is audited.
 *
 * <p>A worker that stalled past its job's lease (several nodes) checks its claim before each write of the export's
 * record (progress, done, failed) and before storing the ZIP, and stops when another worker took the job over. Not
 * fenced: a write already past its check when the stall began; the store takes no fencing token.
 */
public final class ExportService implements JobWorkers.Handler {
    private static final Logger log = LoggerFactory.getLogger(ExportService.class);
    /** Job kind of building one production; the job's subject is the export id. */
    public static final String JOB_KIND = "produce-export";
    /** Audit action written when the production has been built and stored (the request is audited as "export"). */
    public static final String EXPORT_COMPLETE = org.chartvault.audit.AuditActions.EXPORT_COMPLETE;
    /** One folder per export: its record, its ZIP and its custody report, kept together. */
    static final String PREFIX = "exports/";

    private final ObjectStore store;
    private final HoldService holds;
    private final JobQueue jobs;
    private final AuditLog audit;
    private final Clock clock;
    private final Path workDir;
    private final ProductionWriter writer;
    private final BatesLedger bates;
    private final SensitiveCategories categories;
    private final ReleaseRepository disclosures;
    private final Custodian custodian;

    /**
     * @param stopping true once the service is shutting down: a production then stops between documents and is
     *                 built again from the start at the next start
     */
    public ExportService(ObjectStore store, HoldService holds, DocumentRepository documents,
                         DocumentService documentService, Originals originals, JobQueue jobs,
                         AuditLog audit, Clock clock, Path workDir, BooleanSupplier stopping, BatesLedger bates,
                         SensitiveCategories categories, ReleaseRepository disclosures, Custodian custodian)
            throws IOException {
        this.bates = bates;
        this.categories = categories;
        this.disclosures = disclosures;
        this.custodian = custodian;
        this.store = store;
        this.holds = holds;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
        this.workDir = Files.createDirectories(workDir);
        this.writer = new ProductionWriter(documents, documentService, originals, categories, workDir, stopping);
    }

    static String recordKey(String exportId) {
        return PREFIX + exportId + "/export.json";
    }

    static String zipKey(String exportId) {
        return PREFIX + exportId + "/production.zip";
    }

    static String custodyKey(String exportId) {
        return PREFIX + exportId + "/chain-of-custody.pdf";
    }

    /**
     * Records the export of the hold's documents as they are listed now, and queues building it. The Bates numbers
     * continue the matter's sequence; they are claimed when the production is first built, when its page count is
     * known. A first number the request names must still be free in the matter (it may leave a gap, never go back).
     *
     * @param firstNumberNamed whether {@code numbering.start} was asked for (otherwise the matter's next is used)
     */
    public ProductionExport request(Caller caller, String holdId, BatesNumbering numbering, boolean firstNumberNamed,
                                    ProductionTerms terms)
            throws IOException, HoldNotFoundException, HoldBeingPlacedException {
        Hold hold = holds.get(holdId);
        if (hold.isActive() && !hold.applied()) throw new HoldBeingPlacedException(hold);
        checkBases(terms);
        Custodian certifying = terms.custodian() == null ? custodian
                : custodian.withPerson(terms.custodian().name(), terms.custodian().title());
        ProductionTerms recorded = new ProductionTerms(terms.recipient(), terms.delivery(), terms.protectedRecords(), certifying);
        ProductionExport export = ProductionExport.requested(Ids.next("exp"), hold, caller.username(), clock.instant(),
                firstNumberNamed ? numbering : new BatesNumbering(numbering.prefix(), 1, numbering.digits()), recorded);
        if (firstNumberNamed) bates.requireFree(export.numberingMatter(), numbering.start());
        save(export);
        jobs.submit(new Job(Ids.next("job"), JOB_KIND, export.exportId(), clock.instant(), 0, null, null));
        log.info("Export {} of hold {} requested by {} ({} document(s))", export.exportId(), holdId,
                caller.username(), export.documentIds().size());
        return export;
    }

    /** Each legal basis must name a protected category and be one that can open it (a Part 2 consent opens only Part 2). */
    private void checkBases(ProductionTerms terms) throws IOException {
        for (ProductionTerms.ProtectedRecords basis : terms.protectedRecords()) {
            var named = categories.list().stream().filter(c -> c.isNamedBy(basis.category())).findFirst();
            if (named.isEmpty()) {
                throw new IllegalArgumentException("No protected category is called '" + basis.category()
                        + "'; name one as GET /api/sensitive-categories lists them.");
            }
            if (!basis.allows(named.get().part2())) {
                throw new IllegalArgumentException(named.get().name() + (named.get().part2()
                        ? " are produced only under a court order (42 CFR 2.64) or the patient's Part 2 consent (42 CFR 2.31), not under a "
                        : " are produced only under the patient's authorization or a court order, not under a ")
                        + basis.basis() + ".");
            }
        }
    }

    /**
     * Claims the export's Bates numbers from its matter, once: a rebuild after a crash finds them in the export's
     * record (or, when the crash came between claim and record, gets the same range back from the ledger).
     */
    private ProductionExport claimNumbers(ProductionExport export, JobWorkers.Claim claim) throws IOException {
        if (export.batesReserved() > 0) return export;
        long pages = writer.plan(export).pages();
        BatesRange range = bates.claim(export.numberingMatter(), export.exportId(), BatesRange.PRODUCTION, pages,
                export.bates().start(), export.requestedBy());
        ProductionExport claimed = export.withBatesClaimed(range.first(), range.count());
        claim.check();
        save(claimed);
        return claimed;
    }

    public ProductionExport get(String exportId) throws IOException, ExportNotFoundException {
        return find(exportId).orElseThrow(() -> new ExportNotFoundException(exportId));
    }

    /** The exports of one hold, newest first. */
    public List<ProductionExport> forHold(String holdId) throws IOException {
        List<ProductionExport> found = new ArrayList<>();
        for (String folder : store.listFolders(PREFIX)) {
            String exportId = folder.substring(PREFIX.length(), folder.length() - 1);
            find(exportId).filter(e -> e.holdId().equals(holdId)).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(ProductionExport::requestedAt).reversed());
        return found;
    }

    /** Every export, of every hold. */
    public List<ProductionExport> all() throws IOException {
        List<ProductionExport> found = new ArrayList<>();
        for (String folder : store.listFolders(PREFIX)) {
            find(folder.substring(PREFIX.length(), folder.length() - 1)).ifPresent(found::add);
        }
        return found;
    }

    /** The stored ZIP of a finished export; the caller closes it. */
    public InputStream zip(ProductionExport export) throws IOException {
        return store.get(zipKey(export.exportId()));
    }

    public InputStream custodyReport(ProductionExport export) throws IOException {
        return store.get(custodyKey(export.exportId()));
    }

    /**
     * Builds the production of a recorded export again into {@code out}, without storing anything: the bytes are
     * those of the stored ZIP as long as the documents were not corrected since (a check that the archive still
     * holds what was produced).
     */
    public Production rebuild(String exportId, OutputStream out)
            throws IOException, ExportNotFoundException, HoldNotFoundException, InterruptedException {
        ProductionExport export = get(exportId);
        return writer.write(export, holds.get(export.holdId()), (documents, pages) -> {
        }, out);
    }

    /** Re-queues exports recorded as running whose job was lost (a stop between recording and queueing). */
    public int resumeOrphans() throws IOException {
        Set<String> queued = jobs.pending().stream().filter(j -> JOB_KIND.equals(j.kind())).map(Job::subject)
                .collect(Collectors.toSet());
        int resumed = 0;
        for (String folder : store.listFolders(PREFIX)) {
            String exportId = folder.substring(PREFIX.length(), folder.length() - 1);
            Optional<ProductionExport> export = find(exportId);
            if (export.isPresent() && export.get().status() == ExportStatus.RUNNING && !queued.contains(exportId)) {
                // One id per export: nodes starting together each look, and their jobs are one job in the queue
                jobs.submit(new Job(resumeJobId(exportId), JOB_KIND, exportId, clock.instant(), 0, null, null));
                resumed++;
            }
        }
        return resumed;
    }

    /** The job that resumes an interrupted export at a start, the same on every node. */
    static String resumeJobId(String exportId) {
        return "job_resume_" + exportId;
    }

    @Override
    public void run(Job job, JobWorkers.Claim claim) throws IOException, InterruptedException {
        Optional<ProductionExport> found = find(job.subject());
        if (found.isEmpty() || found.get().status() != ExportStatus.RUNNING) return;
        Optional<Hold> hold = holds.find(found.get().holdId());
        if (hold.isEmpty()) {
            claim.check();
            fail(found.get(), "Its legal hold " + found.get().holdId() + " no longer exists.");
            return;
        }
        ProductionExport export = claimNumbers(found.get(), claim);
        Path zip = Files.createTempFile(workDir, "production-", ".zip");
        try {
            MessageDigest sha256 = ProductionWriter.sha256();
            Production production;
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(zip)), sha256)) {
                production = writer.write(export, hold.get(), (documents, pages) -> {
                    claim.check(); // a stalled worker's progress must not turn a finished export back to running
                    save(export.withProgress(documents, pages));
                }, out);
            } catch (IntegrityException e) {
                // A damaged original must not be produced, and trying again will not mend it.
                claim.check();
                fail(export, "A stored file failed its integrity check: " + e.getMessage());
                return;
            }
            long bytes = Files.size(zip);
            claim.check();
            try (InputStream in = Files.newInputStream(zip)) {
                store.put(zipKey(export.exportId()), in, bytes, "application/zip");
            }
            storeCustodyReport(export.exportId(), zip);
            String zipSha256 = HexFormat.of().formatHex(sha256.digest());
            ProductionExport done = export.done(production, bytes, zipSha256, clock.instant());
            claim.check();
            // Audited before it is recorded done: a crash in between rebuilds the same bytes and audits them twice,
            // where the other order could leave a finished production with no record of it in the trail.
            audit.append(Caller.system().event(EXPORT_COMPLETE, new Target("export", export.exportId()))
                    .with("holdId", export.holdId()).with("documents", production.documents())
                    .with("pages", production.pages()).with("bates", production.batesBegin() + "-" + production.batesEnd())
                    .with("zipSha256", zipSha256).with("manifestSha256", production.manifestSha256())
                    .with("withheld", production.withheld().size())
                    .with("recipientIsParty", export.terms().recipient() == null ? null : export.terms().recipient().party())
                    .with(org.chartvault.audit.AuditDetails.DOCUMENTS, org.chartvault.audit.AuditDetails.list(export.documentIds())));
            accountForNonParty(done, production);
            save(done);
            log.info("Export {} done: {} document(s), {} page(s), {} bytes", export.exportId(), production.documents(),
                    production.pages(), bytes);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /**
     * A production to someone who is not a party to the matter (a subpoena from a third party) is a disclosure the
     * patient's accounting must list (45 CFR 164.528; HHS FAQ 710): one entry per patient, in the same log as the
     * releases' disclosures, under the export's id. Written before the export is recorded done, the same each time.
     */
    private void accountForNonParty(ProductionExport export, Production production) throws IOException {
        ProductionTerms.Recipient recipient = export.terms().recipient();
        if (recipient == null || recipient.party()) return;
        java.time.LocalDate day = export.terms().delivery() != null && export.terms().delivery().date() != null
                ? export.terms().delivery().date()
                : java.time.LocalDate.ofInstant(export.finishedAt(), java.time.ZoneOffset.UTC);
        Requester to = new Requester(recipient.name(), recipient.organization(), recipient.address());
        String purpose = "Production in legal proceedings" + (export.matter() == null ? "" : ", matter " + export.matter())
                + " (legal hold " + export.holdName() + ")";
        String basis = "legal process (45 CFR 164.512(e))" + export.terms().protectedRecords().stream()
                .map(p -> "; " + p.category() + ": " + p.describe()).collect(Collectors.joining());
        java.util.Map<String, List<Production.Produced>> byPatient = new java.util.TreeMap<>();
        for (Production.Produced p : production.produced()) {
            if (p.mrn() != null) byPatient.computeIfAbsent(p.mrn(), k -> new ArrayList<>()).add(p);
        }
        for (var patient : byPatient.entrySet()) {
            List<ReleasedDocument> documents = patient.getValue().stream().map(p -> new ReleasedDocument(p.documentId(),
                    p.documentType(), p.serviceDate(), p.pages(), p.category(), p.part2())).toList();
            int pages = documents.stream().mapToInt(d -> d.pages().size()).sum();
            String name = patient.getValue().stream().map(Production.Produced::patientName).filter(n -> n != null)
                    .findFirst().orElse(null);
            // a non-party production is never exempt from the patient's accounting
            disclosures.saveDisclosure(new Disclosure(export.exportId(), patient.getKey(), name, day, to, purpose, basis,
                    documents, pages, export.requestedBy(), org.chartvault.release.RequestType.LEGAL_PROCESS, basis, true));
        }
    }

    @Override
    public void givenUp(Job job, JobWorkers.Claim claim, Exception cause) throws IOException {
        Optional<ProductionExport> export = find(job.subject());
        if (export.isPresent() && export.get().status() == ExportStatus.RUNNING) {
            fail(export.get(), "The production could not be built (" + cause.getMessage() + ").");
        }
    }

    private void fail(ProductionExport export, String reason) throws IOException {
        save(export.failed(reason, clock.instant()));
        audit.append(Caller.system().event(EXPORT_COMPLETE, new Target("export", export.exportId()))
                .withOutcome(org.chartvault.audit.Outcome.FAILED).with("reason", reason));
        log.warn("Export {} failed: {}", export.exportId(), reason);
    }

    /** The custody report is also kept beside the ZIP, so it can be read without unpacking the production. */
    private void storeCustodyReport(String exportId, Path zip) throws IOException {
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            java.util.zip.ZipEntry entry = file.getEntry(ProductionWriter.CUSTODY_REPORT);
            try (InputStream in = file.getInputStream(entry)) {
                store.put(custodyKey(exportId), in, entry.getSize(), "application/pdf");
            }
        }
    }

    private Optional<ProductionExport> find(String exportId) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(recordKey(exportId)), ProductionExport.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private void save(ProductionExport export) throws IOException {
        store.put(recordKey(export.exportId()), Json.bytes(export), "application/json");
    }
}
