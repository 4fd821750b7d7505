package org.chartvault.retention;

import org.chartvault.Sha256;
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
    private final org.chartvault.storage.Locks locks;
    private final CopiesOutside copies;
    private final String hospital;
    private static final String LOCK_PREFIX = "retention-run:";

    /** With no copies outside the archive known, locks of this process, and no hospital name. */
    public RetentionService(ObjectStore store, DocumentRepository documents, DocumentService documentService,
                            HoldService holds, AuditLog audit, Clock clock) {
        this(store, documents, documentService, holds, audit, clock, new org.chartvault.storage.InProcessLocks(),
                CopiesOutside.NONE, "the hospital");
    }

    /**
     * @param copies   where copies of documents went before (packets, productions), for the certificates
     * @param hospital the facility named on certificates of destruction
     */
    public RetentionService(ObjectStore store, DocumentRepository documents, DocumentService documentService,
                            HoldService holds, AuditLog audit, Clock clock, org.chartvault.storage.Locks locks,
                            CopiesOutside copies, String hospital) {
        this.locks = locks;
        this.copies = copies;
        this.hospital = hospital;
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
     * Judges every document against the schedule as of {@code asOf} (today when null) and records the result as a
     * destruction list awaiting approval. Nothing is destroyed here: a real purge carries out an approved list
     * ({@link #carryOut}).
     *
     * @throws ApprovalRequiredException when asked for a real run: destruction needs a list a person approved
     */
    public RetentionRun run(Caller caller, boolean dryRun, LocalDate asOf, String note) throws IOException {
        if (!dryRun) {
            throw new ApprovalRequiredException("A purge destroys only what is on a destruction list a person approved: "
                    + "make the list (a dry run), have it approved, then carry it out naming it (\"list\") and the witness.");
        }
        checkNote(note);
        return list(caller, asOf, note, false);
    }

    /**
     * An automatic purge: it makes the destruction list and leaves it awaiting approval. Whoever turned automatic
     * purges on did not approve what a later run finds, so nothing is destroyed until a person approves the list.
     */
    RetentionRun runAutomatic(RetentionRules rules) throws IOException {
        RetentionRun run = list(Caller.system(), null, "automatic purge (turned on by " + rules.updatedBy()
                + "): awaiting approval", true);
        audit.append(Caller.system().event(AuditActions.RETENTION_PURGE, new Target("retention-run", run.runId()))
                .with("eligible", run.eligible().size()).with("skipped", run.skipped().size()).with("dryRun", true));
        return run;
    }

    private RetentionRun list(Caller caller, LocalDate asOf, String note, boolean automatic) throws IOException {
        Judged judged = judge(asOf == null ? LocalDate.now(clock) : asOf);
        RetentionRun run = RetentionRun.list(Ids.next("ret"), judged.asOf(), caller.username(), clock.instant(), note,
                automatic, judged.eligible(), judged.skipped());
        save(run);
        log.info("Destruction list {} by {} as of {}: {} eligible, {} kept", run.runId(), caller.username(), run.asOf(),
                run.eligible().size(), run.skipped().size());
        return run;
    }

    /**
     * A person signs off a destruction list: from then on a purge may carry it out. Approving is a person's act, so
     * an automatic list waits for it too.
     */
    public RetentionRun approve(Caller caller, String listId, String note) throws IOException, RunNotFoundException {
        checkNote(note);
        if (caller.how() == Caller.How.SYSTEM) throw new IllegalArgumentException("A destruction list is approved by a person.");
        try (org.chartvault.storage.Locks.Held held = locks.hold(List.of(LOCK_PREFIX + listId))) {
            RetentionRun list = get(listId);
            if (!list.dryRun()) {
                throw new ApprovalRequiredException("not-a-list", "Run " + listId + " is a purge, not a destruction list; "
                        + "approve the list it carried out instead.");
            }
            if (!list.awaitsApproval()) {
                throw new ApprovalRequiredException("already-approved", "Destruction list " + listId + " was approved by "
                        + list.approvedBy() + " at " + list.approvedAt() + ".");
            }
            RetentionRun approved = list.approved(caller.username(), clock.instant(), note);
            save(approved);
            log.info("Destruction list {} approved by {}", listId, caller.username());
            return approved;
        }
    }

    /**
     * Carries out an approved destruction list: every document on it that is still past its retention period and
     * under no hold today is destroyed; the rest of the list is kept, each with the reason, and so is anything that
     * became eligible after the list was made (it waits for a list of its own). Writes the certificate.
     *
     * @param witness who witnessed the destruction (required: the certificate names destroyer and witness)
     * @param method  how the records were destroyed; {@link #DEFAULT_METHOD} when null
     */
    public RetentionRun carryOut(Caller caller, String listId, String witness, String method, String note)
            throws IOException, RunNotFoundException {
        checkNote(note);
        witness = oneLine(witness, "witness");
        if (witness == null) {
            throw new IllegalArgumentException("Name the witness of the destruction (\"witness\"): the certificate of "
                    + "destruction names who destroyed the records and who witnessed it.");
        }
        method = oneLine(method, "method");
        // one purge of a list at a time: two clicks on "destroy" make one certificate that lists each document
        try (org.chartvault.storage.Locks.Held held = locks.hold(List.of(LOCK_PREFIX + listId))) {
            return carryOutHeld(caller, listId, witness, method, note);
        }
    }

    private RetentionRun carryOutHeld(Caller caller, String listId, String witness, String method, String note)
            throws IOException, RunNotFoundException {
        RetentionRun list = get(listId);
        if (!list.dryRun()) throw new ApprovalRequiredException("not-a-list", "Run " + listId + " is not a destruction list.");
        if (list.awaitsApproval()) {
            throw new ApprovalRequiredException("Destruction list " + listId + " awaits approval: a person must approve "
                    + "it (POST /api/retention/runs/" + listId + "/approval) before anything on it is destroyed.");
        }
        LocalDate today = LocalDate.now(clock);
        Judged now = judge(today);
        java.util.Map<String, RetentionItem> eligibleNow = new java.util.HashMap<>();
        for (RetentionItem item : now.eligible()) eligibleNow.put(item.documentId(), item);
        java.util.Map<String, RetentionItem> skippedNow = new java.util.HashMap<>();
        for (RetentionItem item : now.skipped()) skippedNow.put(item.documentId(), item);
        List<RetentionItem> eligible = new ArrayList<>();
        List<RetentionItem> skipped = new ArrayList<>();
        for (RetentionItem listed : list.eligible()) {
            RetentionItem current = eligibleNow.get(listed.documentId());
            if (current != null) {
                eligible.add(current);
            } else if (skippedNow.containsKey(listed.documentId())) {
                skipped.add(skippedNow.get(listed.documentId()));
            } else if (now.present().contains(listed.documentId())) {
                skipped.add(listed.skipped("On the list, but not past its retention period today (" + today
                        + "): the list was judged as of " + list.asOf() + " or the document was corrected since."));
            } else {
                skipped.add(listed.skipped("On the list, but no longer in the archive (deleted since the list was made)."));
            }
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (RetentionItem item : list.eligible()) listed.add(item.documentId());
        for (RetentionItem item : now.skipped()) if (!listed.contains(item.documentId())) skipped.add(item);
        for (RetentionItem item : now.eligible()) {
            if (!listed.contains(item.documentId())) {
                skipped.add(item.skipped("Past its retention period, but not on the approved list (it became eligible "
                        + "after the list was made): it waits for a list of its own."));
            }
        }
        RetentionRun run = RetentionRun.carryingOut(Ids.next("ret"), list, today, caller.username(), clock.instant(),
                note, witness, method == null ? DEFAULT_METHOD : method, eligible, skipped);
        save(run);
        return destroy(caller, run, now.byScan());
    }

    /** The method named on certificates unless the purge names its own. */
    public static final String DEFAULT_METHOD = "Deleted from the archive's object store and search index (original "
            + "scan, page images, page text, searchable PDF, metadata and its earlier versions); on storage with object "
            + "versioning, every stored version";

    /** What judging the archive as of a day found, and which documents come from which uploaded scan. */
    private record Judged(LocalDate asOf, List<RetentionItem> eligible, List<RetentionItem> skipped,
                          java.util.Set<String> present, java.util.Map<String, List<String>> byScan) {
    }

    private Judged judge(LocalDate judgedAsOf) throws IOException {
        RetentionRules rules = rules();
        List<Document> all = new ArrayList<>();
        for (String documentId : documents.allIds()) documents.find(documentId).ifPresent(all::add);
        // a rule counted from the last encounter needs the patient's latest date of service across the archive
        java.util.Map<String, LocalDate> lastEncounter = new java.util.HashMap<>();
        java.util.Map<String, List<String>> byScan = new java.util.HashMap<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (Document d : all) {
            present.add(d.documentId());
            for (String scan : d.scans()) byScan.computeIfAbsent(scan, k -> new ArrayList<>()).add(d.documentId());
            String mrn = d.indexing().mrn();
            LocalDate served = d.indexing().serviceDate();
            if (mrn != null && served != null) lastEncounter.merge(patientKey(mrn), served, (a, b) -> a.isAfter(b) ? a : b);
        }
        List<RetentionItem> eligible = new ArrayList<>();
        List<RetentionItem> skipped = new ArrayList<>();
        for (Document document : all) {
            String mrn = document.indexing().mrn();
            RetentionRule.Decision decision = rules.ruleFor(document.indexing().documentType())
                    .decide(document.indexing(), mrn == null ? null : lastEncounter.get(patientKey(mrn)));
            if (decision.permanent()) continue; // kept for good: never listed for destruction
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
        return new Judged(judgedAsOf, eligible, skipped, present, byScan);
    }

    /** MRNs compared as the release check compares them: without case or surrounding space. */
    private static String patientKey(String mrn) {
        return mrn.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private RetentionRun destroy(Caller caller, RetentionRun run, java.util.Map<String, List<String>> byScan)
            throws IOException {
        java.util.Map<String, List<String>> outside = copies.of(run.eligible().stream().map(RetentionItem::documentId).toList());
        java.util.Set<String> destroyedIds = new java.util.HashSet<>();
        List<RetentionItem> destroyed = new ArrayList<>();
        List<RetentionItem> skipped = new ArrayList<>(run.skipped());
        for (RetentionItem item : run.eligible()) {
            try {
                documentService.delete(item.documentId());
                destroyedIds.add(item.documentId());
                destroyed.add(item.destroyed(clock.instant(), keptScans(item, byScan, destroyedIds),
                        outside.getOrDefault(item.documentId(), List.of())));
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
        // A scan kept for a sibling that this same run destroyed later is gone now: say what is true at the end.
        List<RetentionItem> settled = new ArrayList<>();
        for (RetentionItem item : destroyed) {
            settled.add(item.destroyed(item.destroyedAt(), keptScans(item, byScan, destroyedIds), item.copiesOutside()));
        }
        Instant finished = clock.instant();
        RetentionRun done = run.finished(settled, skipped, finished, null, null);
        DestructionCertificate certificate = DestructionCertificate.of(done, hospital);
        byte[] json = Json.bytes(certificate);
        byte[] pdf = certificate.pdf();
        keepForGood(certificateJsonKey(run.runId()), json, "application/json");
        keepForGood(certificatePdfKey(run.runId()), pdf, "application/pdf");
        RetentionRun recorded = run.finished(settled, skipped, finished, Sha256.hex(pdf), Sha256.hex(json));
        save(recorded);
        log.info("Retention run {} by {} as of {}: {} destroyed, {} kept", run.runId(), caller.username(), run.asOf(),
                settled.size(), skipped.size());
        return recorded;
    }

    /**
     * The uploaded scans of a destroyed document that are still in the store, with the documents that keep them: a
     * stream cut into several documents is one scan, which goes only with the last of them.
     */
    private List<String> keptScans(RetentionItem item, java.util.Map<String, List<String>> byScan,
                                   java.util.Set<String> destroyedIds) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String scan : item.sourceScans()) {
            if (documents.files().upload(scan).isEmpty()) continue;
            List<String> others = byScan.getOrDefault(scan, List.of()).stream()
                    .filter(id -> !id.equals(item.documentId()) && !destroyedIds.contains(id)).toList();
            kept.add("source scan " + scan + " kept: " + (others.isEmpty() ? "still in use by the archive"
                    : "other documents cut from it remain (" + String.join(", ", others) + ")"));
        }
        return kept;
    }

    private static void checkNote(String note) {
        if (note != null && note.length() > 1000) throw new IllegalArgumentException("The note is longer than 1000 characters.");
    }

    private static String oneLine(String value, String what) {
        if (value == null || value.isBlank()) return null;
        String s = value.strip();
        if (s.length() > 500 || s.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The " + what + " must be one line of at most 500 characters.");
        }
        return s;
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
}
