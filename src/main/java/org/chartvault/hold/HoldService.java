package org.chartvault.hold;

import org.chartvault.document.DocumentService;
import org.chartvault.Ids;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentOnHoldException;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.PageContent;
import org.chartvault.index.BadQueryException;
import org.chartvault.index.SearchIndex;
import org.chartvault.index.SearchQuery;
import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobQueue;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.jobs.StaleClaimException;
import org.chartvault.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Legal holds: placing one holds every document it covers now, and {@link #documentChanged} holds the documents
 * that match later (uploaded, processed or corrected after the hold was placed). A held document carries the hold's
 * id in its record, which {@code DocumentService} and retention check before removing anything; its original, page
 * images, page text and searchable PDF also carry the object store's own legal hold, so the store refuses to replace
 * or delete them whoever asks. The document record itself is not locked: metadata corrections stay allowed and are
 * versioned. Releasing the last hold on a document lifts the store's hold again.
 *
 * <p>Placing and releasing run within the request, under a job recorded first ({@link #JOB_KIND}): if the node dies
 * or storage fails part-way, a worker (on another node, or at the next start) finishes the same hold. Both are
 * idempotent per document, so the request and a worker that took over can meet without harm.
 */
public final class HoldService implements JobWorkers.Handler {
    /** Finishes placing or releasing a hold whose request did not: the subject is the hold's id. */
    public static final String JOB_KIND = "legal-hold";
    private static final Logger log = LoggerFactory.getLogger(HoldService.class);
    /** Audit action for a document brought under an existing hold because it matched after the hold was placed. */
    public static final String HOLD_EXTEND = org.chartvault.audit.AuditActions.HOLD_EXTEND;

    private final HoldRepository holds;
    private final DocumentRepository documents;
    private final SearchIndex index;
    private final AuditLog audit;
    private final Clock clock;
    private final JobQueue jobs;

    /** Makes what a document was filed without (born-digital page images, searchable PDF) before it is held. */
    private final DocumentService documentService;

    public HoldService(HoldRepository holds, DocumentRepository documents, SearchIndex index,
                       AuditLog audit, Clock clock, DocumentService documentService, JobQueue jobs) {
        this.documentService = documentService;
        this.jobs = jobs;
        this.holds = holds;
        this.documents = documents;
        this.index = index;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Places a hold and holds every document it covers now. The hold is stored first, so a document that arrives
     * while the covered documents are being found is held by {@link #documentChanged} instead of slipping between.
     */
    public Hold place(Caller caller, String name, String matter, HoldCriteria criteria)
            throws IOException, BadQueryException {
        if (criteria.query() != null) {
            // refuses a malformed query before anything is stored
            index.matchingDocuments(new SearchQuery(criteria.query(), null, null, null, null, 0, 1));
        }
        Hold hold = new Hold(Ids.next("hold"), name, matter, caller.username(), clock.instant(), criteria,
                HoldStatus.ACTIVE, null, null, null, List.of(), false);
        Job job = insured(hold.holdId());
        Hold applied = underJob(job, () -> {
            holds.create(hold);
            return apply(hold.holdId());
        });
        // the name and matter stay out of the log: they often name the patient ("Doe v. ..."); the audit trail has them
        log.info("Legal hold {} placed by {}: {} document(s) held", applied.holdId(), caller.username(),
                applied.documentIds().size());
        return applied;
    }

    /** How many documents a hold with these criteria would hold now (nothing is stored or held). */
    public int preview(HoldCriteria criteria) throws IOException, BadQueryException {
        if (criteria.query() != null) index.matchingDocuments(new SearchQuery(criteria.query(), null, null, null, null, 0, 1));
        Hold draft = new Hold("hold_preview", "preview", null, "preview", clock.instant(), criteria, HoldStatus.ACTIVE,
                null, null, null, List.of(), false);
        return coveredNow(draft).size();
    }

    /**
     * Releases the hold: it no longer blocks anything, its documents lose its id, and the store's legal hold is lifted
     * from every document no other active hold covers. The hold stays as a record of who released it, when and why.
     */
    public Hold release(Caller caller, String holdId, String reason)
            throws IOException, HoldNotFoundException, HoldNotActiveException {
        Hold before = holds.get(holdId);
        if (!before.isActive()) throw new HoldNotActiveException(before);
        Instant now = clock.instant();
        Job job = insured(holdId);
        Hold released;
        try {
            released = holds.update(holdId, h -> h.isActive() ? h.released(caller.username(), now, reason) : h);
        } catch (IOException | RuntimeException | HoldNotFoundException e) {
            jobs.release(job); // the release may have been stored all the same: a worker finishes whatever it says
            throw e;
        }
        if (!now.equals(released.releasedAt()) || !caller.username().equals(released.releasedBy())) {
            done(job);
            throw new HoldNotActiveException(released); // released by someone else a moment earlier
        }
        Hold done = underJob(job, () -> liftAll(released));
        log.info("Legal hold {} released by {}", holdId, caller.username()); // the reason is in the audit trail
        return done;
    }

    public Hold get(String holdId) throws IOException, HoldNotFoundException {
        return holds.get(holdId);
    }

    public Optional<Hold> find(String holdId) throws IOException {
        return holds.find(holdId);
    }

    /** Every hold, active and released, newest first. */
    public List<Hold> list() throws IOException {
        return holds.all();
    }

    /**
     * For any feature that would change a document's original, pages or text (rotate, split, replace, reprocess):
     * refuses while a hold covers it. Metadata corrections do not need this; they are versioned instead.
     */
    public void requireNotHeld(String documentId, String what)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException {
        if (documents.get(documentId).isHeld()) throw new DocumentOnHoldException(documentId, what);
    }

    /**
     * The {@code DocumentEvents} listener: holds a document that arrived, finished processing or was corrected and
     * now matches an active hold, and puts under the store's legal hold whatever objects a held document gained since
     * (page images and the searchable PDF appear when processing ends). A failure here fails the change that caused
     * it, so a hold is never silently missed.
     */
    public void documentChanged(Document document) throws IOException {
        List<Hold> active = holds.active();
        String documentId = document.documentId();
        for (Hold hold : active) {
            if (document.holds().contains(hold.holdId()) || !covers(hold, document)) continue;
            if (!holdDocument(hold.holdId(), documentId)) return; // deleted meanwhile
            try {
                Hold now = holds.update(hold.holdId(), h -> h.withDocuments(List.of(documentId)));
                audit.append(Caller.system().event(HOLD_EXTEND, Target.hold(hold.holdId()))
                        .with("documentId", documentId));
                log.info("Document {} arrived under legal hold {}", documentId, hold.holdId());
                if (!now.isActive()) releaseDocument(hold.holdId(), documentId); // released while we were adding
            } catch (HoldNotFoundException e) {
                releaseDocument(hold.holdId(), documentId);
            }
        }
        Optional<Document> current = documents.find(documentId);
        if (current.isPresent() && current.get().isHeld()) holdObjects(current.get());
    }

    /**
     * Hands to the workers every hold whose placing or releasing was interrupted (its record says not applied) and
     * that no job will finish: holds left so by a version that did not record jobs. Called at start; returns how many.
     */
    public int finishInterrupted() throws IOException {
        Set<String> insured = new HashSet<>();
        for (Job job : jobs.pending()) if (job.kind().equals(JOB_KIND)) insured.add(job.subject());
        int handedOver = 0;
        for (Hold hold : holds.all()) {
            if (hold.applied() || insured.contains(hold.holdId())) continue;
            // One id per hold: nodes starting together each look, and their jobs are one job in the queue
            jobs.submit(new Job(finishJobId(hold.holdId()), JOB_KIND, hold.holdId(), clock.instant(), 0, null, null));
            handedOver++;
        }
        if (handedOver > 0) log.info("{} legal hold(s) interrupted by a stop are finished by the workers", handedOver);
        return handedOver;
    }

    /** The job that finishes an interrupted hold at a start, the same on every node. */
    static String finishJobId(String holdId) {
        return "job_finish_" + holdId;
    }

    /** The {@link #JOB_KIND} job: finishes placing or releasing the hold, whichever its record says is under way. */
    @Override
    public void run(Job job, JobWorkers.Claim claim) throws IOException {
        Optional<Hold> hold = holds.find(job.subject());
        if (hold.isEmpty() || hold.get().applied()) return; // never stored (the recorder died first), or finished
        if (hold.get().isActive()) apply(hold.get().holdId());
        else liftAll(hold.get());
        log.info("Legal hold {} finished by a worker after its request did not", job.subject());
    }

    @Override
    public void givenUp(Job job, JobWorkers.Claim claim, Exception cause) {
        // The hold's record keeps saying "not applied"; the next start hands it to the workers again.
        log.error("Legal hold {} could not be finished; it is tried again at the next start", job.subject());
    }

    /** Records the job that finishes the hold's work if this request does not, before anything of it is stored. */
    private Job insured(String holdId) throws IOException {
        Job job = new Job(Ids.next("job"), JOB_KIND, holdId, clock.instant(), 0, null, null);
        jobs.record(job);
        return job;
    }

    private interface HoldWork {
        Hold run() throws IOException;
    }

    /**
     * Does the hold's work in this request. Done, the recorded job is not needed; failed part-way, the job is handed
     * to the workers at once, which retry it until storage takes it, and the request answers with the failure.
     */
    private Hold underJob(Job job, HoldWork work) throws IOException {
        Hold done;
        try {
            done = work.run();
        } catch (IOException | RuntimeException e) {
            jobs.release(job);
            throw e;
        }
        done(job);
        return done;
    }

    /**
     * The request did the hold's work itself: its job is not needed. If the job cannot be ended now, the work still
     * stands (a worker that runs the job finds the hold finished and does nothing), so this never fails the request.
     */
    private void done(Job job) {
        try {
            jobs.completeRecorded(job);
        } catch (StaleClaimException e) {
            log.info("Legal hold {} was also taken up by a worker while this request placed it", job.subject());
        } catch (IOException | RuntimeException e) {
            log.warn("The job of legal hold {} could not be ended; a worker will find the hold finished", job.subject(), e);
            jobs.release(job);
        }
    }

    // ---- placing ----

    private Hold apply(String holdId) throws IOException {
        Hold hold = existing(holdId);
        Set<String> candidates = new TreeSet<>(coveredNow(hold));
        candidates.addAll(hold.documentIds()); // listed by an interrupted earlier attempt
        // Listed before any is held: whoever releases the hold, or finishes this placing after a crash, lifts from
        // this list, so no document can carry the hold without the hold naming it.
        listed(holdId, candidates);
        Set<String> gone = new TreeSet<>();
        for (String documentId : candidates) {
            if (!holdDocument(holdId, documentId)) gone.add(documentId);
        }
        Hold placed;
        try {
            placed = holds.update(holdId, h -> {
                Hold listed = h.withoutDocuments(gone); // deleted before it could be held
                return h.isActive() ? listed.withApplied(true) : listed;
            });
        } catch (HoldNotFoundException e) {
            throw new IllegalStateException("hold " + holdId + " vanished while it was being placed", e);
        }
        // Released while we were placing it: whoever released it may have missed the documents held since; lift them.
        return placed.isActive() ? placed : liftAll(placed);
    }

    /**
     * The documents the hold covers now. The index finds the indexed ones by patient and query; the service date is
     * judged on the stored record (so that an unknown date is held); documents not in the index yet (queued,
     * processing, failed) are read from storage.
     */
    private Set<String> coveredNow(Hold hold) throws IOException {
        HoldCriteria criteria = hold.criteria();
        Set<String> candidates = new TreeSet<>();
        Set<String> indexed;
        try {
            index.refresh();
            List<String> patients = criteria.namesPatients() ? criteria.mrns() : Collections.singletonList(null);
            for (String mrn : patients) {
                candidates.addAll(index.matchingDocuments(new SearchQuery(criteria.query(), mrn, null, null, null, 0, 1)));
            }
            indexed = index.matchingDocuments(new SearchQuery(null, null, null, null, null, 0, 1));
        } catch (BadQueryException e) {
            throw new IllegalStateException("the hold's query was accepted before and is refused now", e);
        }
        Set<String> covered = new TreeSet<>();
        for (String documentId : candidates) {
            Optional<Document> document = documents.find(documentId);
            if (document.isPresent() && criteria.matchesValues(document.get().indexing())) covered.add(documentId);
        }
        Set<String> notIndexed = new HashSet<>(documents.allIds());
        notIndexed.removeAll(indexed);
        for (String documentId : notIndexed) {
            Optional<Document> document = documents.find(documentId);
            if (document.isPresent() && covers(hold, document.get())) covered.add(documentId);
        }
        return covered;
    }

    /** Whether the hold covers the document as it is now. */
    private boolean covers(Hold hold, Document document) throws IOException {
        HoldCriteria criteria = hold.criteria();
        if (!criteria.matchesValues(document.indexing())) return false;
        if (criteria.query() == null) return true;
        // A document whose text will never be searchable cannot be judged by the query: held if its patient is named.
        if (document.status() == DocumentStatus.FAILED) return criteria.namesPatients();
        if (!processingDone(document)) return false; // judged when processing ends (DocumentEvents)
        return textMatches(criteria.query(), document.documentId());
    }

    private boolean textMatches(String query, String documentId) throws IOException {
        index.refresh();
        try {
            return index.matchingDocuments(new SearchQuery("(" + query + ") AND doc:" + documentId,
                    null, null, null, null, 0, 1)).contains(documentId);
        } catch (BadQueryException narrowed) {
            try {
                return index.matchingDocuments(new SearchQuery(query, null, null, null, null, 0, 1)).contains(documentId);
            } catch (BadQueryException e) {
                throw new IllegalStateException("the hold's query was accepted before and is refused now", e);
            }
        }
    }

    /** Adds the hold to the document's record, holds its stored objects and updates the index; false if it is gone. */
    private boolean holdDocument(String holdId, String documentId) throws IOException {
        Document held;
        try {
            held = documents.update(documentId, d -> d.holds().contains(holdId) ? d : d.withHolds(plus(d.holds(), holdId)));
        } catch (DocumentNotFoundException e) {
            return false;
        }
        holdObjects(held);
        indexHolds(held);
        return true;
    }

    /**
     * Turns the store's legal hold on for the uploaded scans its pages came from and, once processing has ended, for
     * every object under the document (its own original, pages, searchable PDF). Not before: a processing run
     * interrupted by a crash may still have to write a page it had begun.
     */
    private void holdObjects(Document document) throws IOException {
        boolean done = processingDone(document);
        if (done) documentService.makeDeferredObjects(document);
        documents.files().setLegalHold(document, true, done);
    }

    private void listed(String holdId, Set<String> documentIds) throws IOException {
        try {
            holds.update(holdId, h -> h.withDocuments(documentIds));
        } catch (HoldNotFoundException e) {
            throw new IllegalStateException("hold " + holdId + " vanished while it was being placed", e);
        }
    }

    // ---- releasing ----

    private Hold liftAll(Hold released) throws IOException {
        for (String documentId : released.documentIds()) releaseDocument(released.holdId(), documentId);
        try {
            return holds.update(released.holdId(), h -> h.withApplied(true));
        } catch (HoldNotFoundException e) {
            throw new IllegalStateException("hold " + released.holdId() + " vanished while it was being released", e);
        }
    }

    private void releaseDocument(String holdId, String documentId) throws IOException {
        Document document;
        try {
            document = documents.update(documentId, d -> d.withHolds(d.holds().stream().filter(h -> !h.equals(holdId)).toList()));
        } catch (DocumentNotFoundException e) {
            return;
        }
        if (document.isHeld()) {
            indexHolds(document);
            return;
        }
        documents.files().setLegalHold(document, false, true);
        // A hold placed on the document while we were lifting must find its objects held: look again.
        Optional<Document> now = documents.find(documentId);
        if (now.isEmpty()) return;
        if (now.get().isHeld()) holdObjects(now.get());
        indexHolds(now.get());
    }

    // ---- shared ----

    private Hold existing(String holdId) throws IOException {
        try {
            return holds.get(holdId);
        } catch (HoldNotFoundException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Its pages are all stored: it is settled, or its searchable PDF (written after the last page) exists, or every
     * page is recorded (a page is recorded after its objects are stored; a document whose born-digital pages have no
     * image yet is filed without its searchable PDF, which is held when it is made).
     */
    private boolean processingDone(Document document) throws IOException {
        return document.status().isSettled() || documents.files().hasSearchablePdf(document.documentId())
                || (document.pagesTotal() > 0 && document.pages().size() == document.pagesTotal());
    }

    /** Keeps the index's holds field (hold:&lt;id&gt; searches) in step with the record. */
    private void indexHolds(Document document) throws IOException {
        if (document.status() == DocumentStatus.FAILED || !processingDone(document)) return;
        List<PageContent> searchable = documents.pages(document).stream().filter(PageContent::isSearchable).toList();
        if (!searchable.isEmpty()) index.updateMetadata(document, searchable);
    }

    private static List<String> plus(List<String> list, String value) {
        List<String> more = new ArrayList<>(list);
        more.add(value);
        return more;
    }
}
