package org.chartvault.ingest;

import org.chartvault.Ids;
import org.chartvault.capture.CaptureRecord;
import org.chartvault.capture.CaptureService;
import org.chartvault.capture.StreamSplitter;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentFiles;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.OriginalOwners;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.document.SplitPlan;
import org.chartvault.index.SearchIndex;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.originals.Originals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Splitting a stream: a scanned stream cut at its separator sheets into documents of their own. The plan (which
 * pages go to which new document) is stored first, so a rerun after a crash finishes the same documents; each gets
 * copies of its pages, renumbered from 1, an original of its own pages only (the same file on a rerun), and is filed
 * like any document. The stream's own record goes last; the uploaded stream stays, shared by the documents cut from
 * it, as their source scan.
 */
final class StreamSplit {
    private static final Logger log = LoggerFactory.getLogger(StreamSplit.class);

    /** Files one document cut from the stream once its pages are stored ({@link Filing#file}). */
    @FunctionalInterface
    interface Filer {
        void file(Document document, CaptureRecord record, List<PageContent> contents, StreamSplitter.Part part,
                  List<String> problems, JobWorkers.Claim claim) throws IOException, InterruptedException;
    }

    private final DocumentRepository documents;
    private final DocumentFiles files;
    private final Originals originals;
    private final OriginalOwners owners;
    private final CaptureService capture;
    private final BatchRepository batches;
    private final SearchIndex index;
    private final BatchEvents events;
    private final DocumentEvents documentEvents;
    private final Filer filer;
    private final BooleanSupplier stopping;

    StreamSplit(DocumentRepository documents, Originals originals, OriginalOwners owners, CaptureService capture,
                BatchRepository batches, SearchIndex index, BatchEvents events, DocumentEvents documentEvents, Filer filer,
                BooleanSupplier stopping) {
        this.documents = documents;
        this.files = documents.files();
        this.originals = originals;
        this.owners = owners;
        this.capture = capture;
        this.batches = batches;
        this.index = index;
        this.events = events;
        this.documentEvents = documentEvents;
        this.filer = filer;
        this.stopping = stopping;
    }

    /**
     * Cuts {@code stream} (its pages {@code contents} all stored) into the documents {@code parts} name, files each,
     * and removes the stream's record. Returns the new documents' ids.
     */
    List<String> split(Document stream, CaptureRecord record, List<PageContent> contents, List<StreamSplitter.Part> parts,
                       JobWorkers.Claim claim) throws IOException, InterruptedException {
        List<SplitPlan.Piece> pieces = plan(stream, contents, parts).pieces();
        try (Originals.Cutter cutter = originals.cutter()) {
            for (int i = 0; i < pieces.size(); i++) {
                if (stopping.getAsBoolean()) throw new InterruptedException("shutting down");
                file(stream, record, pieces.get(i), parts.get(i), name(stream, i + 1, pieces.size()), cutter, claim);
            }
        }
        List<String> ids = pieces.stream().map(SplitPlan.Piece::documentId).toList();
        claim.check();
        owners.set(stream.sha256(), ids);
        List<Batch.Entry> entries = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            entries.add(new Batch.Entry(name(stream, i + 1, pieces.size()), pieces.get(i).documentId(), Batch.Entry.QUEUED, null));
        }
        batches.update(stream.batchId(), batch -> batch.replacing(stream.documentId(), entries));
        // The stream's record goes first, so that from here a rerun finds nothing left to do.
        files.deleteAll(stream.documentId());
        index.delete(stream.documentId());
        events.changed(stream.batchId());
        log.info("Scanned stream {} was split at its separator sheets into {} document(s): {}",
                stream.documentId(), ids.size(), ids);
        return ids;
    }

    /** The plan stored by an earlier run, or a new one, stored before any document of it is made. */
    private SplitPlan plan(Document stream, List<PageContent> contents, List<StreamSplitter.Part> parts) throws IOException {
        Optional<SplitPlan> stored = files.splitPlan(stream.documentId());
        if (stored.isPresent()) return stored.get();
        List<SplitPlan.Piece> pieces = new ArrayList<>();
        for (StreamSplitter.Part part : parts) {
            List<Integer> pages = part.pages().stream().map(position -> contents.get(position).number()).toList();
            pieces.add(new SplitPlan.Piece(Ids.next("doc"), pages));
        }
        SplitPlan plan = new SplitPlan(pieces);
        files.saveSplitPlan(stream.documentId(), plan);
        return plan;
    }

    private void file(Document stream, CaptureRecord record, SplitPlan.Piece piece, StreamSplitter.Part part, String name,
                      Originals.Cutter cutter, JobWorkers.Claim claim) throws IOException, InterruptedException {
        String id = piece.documentId();
        Optional<Document> existing = documents.find(id);
        if (existing.isPresent() && existing.get().status().isSettled()) return;
        List<PageContent> pages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int k = 1; k <= piece.pages().size(); k++) {
            int source = piece.pages().get(k - 1);
            PageContent copy = copyPage(stream, source, id, k);
            if (copy.isFailed()) problems.add("Page " + k + " (page " + source + " of the scanned stream) could not be read.");
            pages.add(copy);
        }
        List<PageSummary> summaries = new ArrayList<>();
        for (PageContent p : pages) {
            ScanPage scan = new ScanPage(stream.sha256(), piece.pages().get(p.number() - 1));
            summaries.add(new PageSummary(p.number(), p.confidence(), p.source(), p.blank(), scan));
        }
        Document document = existing.isPresent() ? existing.get() : create(stream, record, id, name, summaries, cutter);
        capture.save(id, new CaptureRecord(false, record.typed(), Map.of(), piece.pages(), stream.fileName()));
        documentEvents.changed(document); // held at once if a hold covers what the stream was uploaded for
        filer.file(document, capture.record(id), pages, part, problems, claim);
    }

    /** The new document's record, with an original of its own pages only (the stream holds other patients' too). */
    private Document create(Document stream, CaptureRecord record, String id, String name, List<PageSummary> pages,
                            Originals.Cutter cutter) throws IOException {
        OriginalFile own = cutter.cut(id, pages, name);
        return documents.create(Document.cutFrom(stream, id, own, pages, record.typed(), DocumentStatus.PROCESSING, List.of()));
    }

    /** Copies one stored page of the stream to the new document as its page {@code number} (done already: kept). */
    private PageContent copyPage(Document stream, int source, String documentId, int number) throws IOException {
        Optional<PageContent> done = documents.findPage(documentId, number);
        if (done.isPresent()) return done.get();
        return files.copyPage(stream.documentId(), source, documentId, number);
    }

    /** {@code stream.pdf [2 of 5]}: where a document cut from a stream came from, as lists show it. */
    private static String name(Document stream, int position, int count) {
        return stream.fileName() + " [" + position + " of " + count + "]";
    }
}
