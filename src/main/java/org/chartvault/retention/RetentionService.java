package org.chartvault.retention;

import org.chartvault.Ids;
import org.chartvault.Json;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentOnHoldException;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentService;
import org.chartvault.hold.Hold;
import org.chartvault.hold.HoldService;
import org.chartvault.security.Caller;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Retention and destruction: the schedule (rules per document type), and purge runs that destroy what is past its
 * retention period, skip everything under legal hold, and leave a certificate of destruction. Deletion goes through
 * {@link DocumentService#delete}, which refuses a held document once more at the moment of deletion.
 */
public final class RetentionService {
    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);
    /** The schedule: one small object an administrator replaces as a whole. */
    static final String RULES = "retention/rules.json";
    /** Every run, dry or real, stays listed: what was judged eligible when, and by whom. */
    static final String RUNS = "retention/runs/";
    /** Certificates of destruction, kept for good under the store's legal hold. */
    static final String CERTIFICATES = "retention/certificates/";

    private final ObjectStore store;
    private final DocumentRepository documents;
    private final DocumentService documentService;
    private final HoldService holds;
    private final AuditLog audit;
    private final Clock clock;

    public RetentionService(ObjectStore store, DocumentRepository documents, DocumentService documentService,
                            HoldService holds, AuditLog audit, Clock clock) {
        this.store = store;
        this.documents = documents;
        this.documentService = documentService;
        this.holds = holds;
        this.audit = audit;
        this.clock = clock;
    }

    static String runKey(String runId) {
        return RUNS + runId + ".json";
    }

    static String certificatePdfKey(String runId) {
        return CERTIFICATES + runId + ".pdf";
    }

    static String certificateJsonKey(String runId) {
        return CERTIFICATES + runId + ".json";
    }

    /** The schedule in force: the stored one, or the built-in default until an administrator stores one. */
    public RetentionRules rules() throws IOException {
        try {
            return Json.read(store.getBytes(RULES), RetentionRules.class);
        } catch (ObjectNotFoundException e) {
            return RetentionRules.BUILT_IN;
        }
    }

    public RetentionRules updateRules(Caller caller, RetentionRules rules) throws IOException {
        RetentionRules stamped = rules.stamped(caller.username(), clock.instant());
        store.put(RULES, Json.bytes(stamped), "application/json");
        log.info("Retention schedule replaced by {} (automatic purge {})", caller.username(),
                stamped.automaticPurge().enabled() ? "on" : "off");
        return stamped;
    }

    /**
     * Judges every document against the schedule as of {@code asOf} (today when null) and, unless {@code dryRun},
     * destroys the eligible ones and writes the certificate. Returns the finished run.
     *
     * @throws IllegalArgumentException for a real run as of a future date: nothing is destroyed early
     */
    public RetentionRun run(Caller caller, boolean dryRun, LocalDate asOf, String note) throws IOException {
        return run(caller, caller.username(), dryRun, asOf, note);
    }

    /** An automatic purge, approved by the administrator who turned automatic purges on. */
    RetentionRun runAutomatic(RetentionRules rules) throws IOException {
        String approver = rules.updatedBy() + " (turned automatic purges on at " + rules.updatedAt() + ")";
        RetentionRun run = run(Caller.system(), approver, false, null, "automatic purge");
        audit.append(Caller.system().event(AuditActions.RETENTION_PURGE, new Target("retention-run", run.runId()))
                .with("destroyed", run.destroyed().size()).with("skipped", run.skipped().size()));
        return run;
    }

    private RetentionRun run(Caller caller, String approvedBy, boolean dryRun, LocalDate asOf, String note)
            throws IOException {
        LocalDate today = LocalDate.now(clock);
        LocalDate judgedAsOf = asOf == null ? today : asOf;
        if (!dryRun && judgedAsOf.isAfter(today)) {
            throw new IllegalArgumentException("A purge cannot be run as of a future date (" + judgedAsOf
                    + "); use a dry run to see what would be eligible then.");
        }
        if (note != null && note.length() > 1000) throw new IllegalArgumentException("The note is longer than 1000 characters.");
        RetentionRules rules = rules();
        List<RetentionItem> eligible = new ArrayList<>();
        List<RetentionItem> skipped = new ArrayList<>();
        for (String documentId : documents.allIds()) {
            Optional<Document> found = documents.find(documentId);
            if (found.isEmpty()) continue;
            Document document = found.get();
            RetentionRule.Decision decision = rules.ruleFor(document.indexing().documentType()).decide(document.indexing());
            RetentionItem item = RetentionItem.of(document, decision);
            if (decision.retainUntil() == null) {
                if (document.status().isSettled()) {
                    skipped.add(item.skipped("No date of service is recorded, so its retention period cannot be "
                            + "computed; add the date of service to the document."));
                }
                continue;
            }
            if (!judgedAsOf.isAfter(decision.retainUntil())) continue; // still within its retention period
            if (!document.status().isSettled()) {
                skipped.add(item.skipped("It is still being processed."));
            } else if (document.isHeld()) {
                skipped.add(item.skipped("It is under legal hold: " + holdNames(document.holds()) + "."));
            } else {
                eligible.add(item);
            }
        }
        Comparator<RetentionItem> order = Comparator.comparing(RetentionItem::retainUntil, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(RetentionItem::documentId);
        eligible.sort(order);
        skipped.sort(order);

        String runId = Ids.next("ret");
        Instant started = clock.instant();
        RetentionRun run = new RetentionRun(runId, dryRun, judgedAsOf, caller.username(), started, approvedBy, note,
                dryRun ? RetentionRun.DONE : RetentionRun.RUNNING, dryRun ? started : null, eligible, List.of(), skipped,
                null, null);
        save(run);
        if (dryRun) {
            log.info("Retention dry run {} by {} as of {}: {} eligible, {} kept", runId, caller.username(), judgedAsOf,
                    eligible.size(), skipped.size());
            return run;
        }
        return destroy(caller, run);
    }

    private RetentionRun destroy(Caller caller, RetentionRun run) throws IOException {
        List<RetentionItem> destroyed = new ArrayList<>();
        List<RetentionItem> skipped = new ArrayList<>(run.skipped());
        for (RetentionItem item : run.eligible()) {
            try {
                documentService.delete(item.documentId());
                destroyed.add(item.destroyed(clock.instant()));
                audit.append(caller.event(AuditActions.RETENTION_PURGE, Target.document(item.documentId()))
                        .with("runId", run.runId()).with("retainUntil", item.retainUntil()).with("mrn", item.mrn()));
            } catch (DocumentOnHoldException e) {
                skipped.add(item.skipped("It was placed under legal hold during the run."));
            } catch (DocumentNotFoundException e) {
                skipped.add(item.skipped("It was deleted by someone else during the run."));
            } catch (IOException e) {
                // The certificate must still document what this run did destroy: note the failure and go on.
                log.error("Retention run {} could not delete document {}", run.runId(), item.documentId(), e);
                skipped.add(item.skipped("It could not be deleted (" + e.getMessage() + "); run the purge again."));
            }
        }
        Instant finished = clock.instant();
        RetentionRun done = run.finished(destroyed, skipped, finished, null, null);
        DestructionCertificate certificate = DestructionCertificate.of(done);
        byte[] json = Json.bytes(certificate);
        byte[] pdf = certificate.pdf();
        keepForGood(certificateJsonKey(run.runId()), json, "application/json");
        keepForGood(certificatePdfKey(run.runId()), pdf, "application/pdf");
        RetentionRun recorded = run.finished(destroyed, skipped, finished, sha256(pdf), sha256(json));
        save(recorded);
        log.info("Retention run {} by {} as of {}: {} destroyed, {} kept", run.runId(), caller.username(), run.asOf(),
                destroyed.size(), skipped.size());
        return recorded;
    }

    public RetentionRun get(String runId) throws IOException, RunNotFoundException {
        try {
            return Json.read(store.getBytes(runKey(runId)), RetentionRun.class);
        } catch (ObjectNotFoundException e) {
            throw new RunNotFoundException(runId);
        }
    }

    /** Every run, newest first. */
    public List<RetentionRun> runs() throws IOException {
        List<RetentionRun> runs = new ArrayList<>();
        for (String key : store.list(RUNS)) {
            if (!key.endsWith(".json")) continue;
            try {
                runs.add(Json.read(store.getBytes(key), RetentionRun.class));
            } catch (ObjectNotFoundException e) {
                // removed by hand between list and read
            }
        }
        runs.sort(Comparator.comparing(RetentionRun::startedAt).reversed());
        return runs;
    }

    public InputStream certificatePdf(String runId) throws IOException, RunNotFoundException {
        return certificate(certificatePdfKey(runId), runId);
    }

    public InputStream certificateJson(String runId) throws IOException, RunNotFoundException {
        return certificate(certificateJsonKey(runId), runId);
    }

    private InputStream certificate(String key, String runId) throws IOException, RunNotFoundException {
        try {
            return store.get(key);
        } catch (ObjectNotFoundException e) {
            throw new RunNotFoundException(runId);
        }
    }

    private void keepForGood(String key, byte[] content, String type) throws IOException {
        store.put(key, content, type);
        store.setLegalHold(key, true);
    }

    private String holdNames(List<String> holdIds) throws IOException {
        List<String> names = new ArrayList<>();
        for (String holdId : holdIds) {
            Optional<Hold> hold = holds.find(holdId);
            names.add(hold.map(h -> h.name() + " (" + holdId + ")").orElse(holdId));
        }
        return String.join(", ", names);
    }

    private void save(RetentionRun run) throws IOException {
        store.put(runKey(run.runId()), Json.bytes(run), "application/json");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
