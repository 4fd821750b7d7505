package org.chartvault.ingest;

import org.chartvault.Sha256;
import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobQueue;
import org.chartvault.Config;
import org.chartvault.Ids;
import org.chartvault.capture.CaptureRecord;
import org.chartvault.capture.CaptureService;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.OriginalOwners;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.Indexing;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Receives batches. Every accepted original is stored, its document recorded and its processing job made
 * durable before {@link #receive} returns, so an acknowledged upload survives any crash after the answer.
 * A file that cannot be archived is rejected with a reason and never affects the other files of its batch.
 */
public final class IngestService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);


    private final DocumentRepository documents;
    private final BatchRepository batches;
    private final JobQueue jobs;
    private final OriginalInspector inspector;
    private final ZipExpander zips;
    private final Config.Limits limits;
    private final Path workDir;
    private final Clock clock;
    private final DocumentEvents events;
    private final OriginalOwners owners;
    private final CaptureService capture;

    public IngestService(ObjectStore store, DocumentRepository documents, BatchRepository batches, JobQueue jobs,
                         OriginalInspector inspector, DocumentEvents events, CaptureService capture, Locks locks,
                         Config.Limits limits, Path workDir, Clock clock) throws IOException {
        this.documents = documents;
        this.batches = batches;
        this.jobs = jobs;
        this.inspector = inspector;
        this.events = events;
        this.owners = documents.files().owners();
        this.capture = capture;
        this.zips = new ZipExpander(limits);
        this.limits = limits;
        this.workDir = Files.createDirectories(workDir);
        this.clock = clock;
    }

    /** Stores and queues every file of one upload; returns the batch with one entry per file. */
    public Batch receive(List<Upload> uploads, Indexing indexing, String uploadedBy) throws IOException {
        return receive(uploads, indexing, uploadedBy, true);
    }

    /**
     * As {@link #receive(List, Indexing, String)}; {@code splitStreams} says whether a file holding ChartVault
     * separator sheets is cut into documents at them (the batch option, on by default).
     */
    public Batch receive(List<Upload> uploads, Indexing indexing, String uploadedBy, boolean splitStreams) throws IOException {
        return receive(uploads, indexing, uploadedBy, splitStreams, null);
    }

    /** As above, under the name the scanner gave the batch (checked with {@link Batch#checkName} before anything is stored). */
    public Batch receive(List<Upload> uploads, Indexing indexing, String uploadedBy, boolean splitStreams, String name)
            throws IOException {
        String checked = Batch.checkName(name);
        return receiveEach(uploads, indexing, uploadedBy, splitStreams, checked).batch();
    }

    /**
     * As {@link #receive(List, Indexing, String, boolean)}, also saying what became of each upload: a watched
     * folder clears or refuses each of its files by that, which the batch's entries (a ZIP has one per inner file,
     * names are cut to their last part) cannot tell it.
     */
    public Receipt receiveEach(List<Upload> uploads, Indexing indexing, String uploadedBy, boolean splitStreams)
            throws IOException {
        return receiveEach(uploads, indexing, uploadedBy, splitStreams, null);
    }

    private Receipt receiveEach(List<Upload> uploads, Indexing indexing, String uploadedBy, boolean splitStreams,
                                String name) throws IOException {
        String batchId = Ids.next("bat");
        List<Batch.Entry> entries = new ArrayList<>();
        List<List<Acceptance>> perUpload = new ArrayList<>();
        for (Upload upload : uploads) {
            List<Acceptance> acceptances = receiveOne(upload, batchId, indexing, uploadedBy, splitStreams);
            perUpload.add(List.copyOf(acceptances));
            for (Acceptance acceptance : acceptances) entries.add(Batch.Entry.of(acceptance));
        }
        Batch batch = new Batch(batchId, uploadedBy, clock.instant(), indexing, entries, name);
        batches.save(batch);
        log.info("Batch {} from {}: {} file(s), {} queued", batchId, uploadedBy, entries.size(),
                entries.stream().filter(e -> Batch.Entry.QUEUED.equals(e.outcome())).count());
        return new Receipt(batch, perUpload);
    }

    /** A saved batch, and each upload's answers (one, or one per file of a ZIP) in the order the uploads were given. */
    public record Receipt(Batch batch, List<List<Acceptance>> perUpload) {
        public Receipt {
            perUpload = List.copyOf(perUpload);
        }
    }

    private List<Acceptance> receiveOne(Upload upload, String batchId, Indexing indexing, String uploadedBy,
                                        boolean splitStreams) throws IOException {
        String name = displayName(upload.fileName());
        Path spooled = Files.createTempFile(workDir, "upload-", ".part");
        try {
            Spooled file;
            try (InputStream in = upload.content().open()) {
                file = spool(in, spooled);
            }
            if (file == null) {
                return List.of(new Acceptance.Rejected(name, "The file is larger than "
                        + limits.maxFileBytes() / (1024 * 1024) + " MiB, the most accepted for one file."));
            }
            Optional<FileKind> kind = FileKind.sniff(file.head(), file.headLength());
            if (kind.isEmpty()) {
                return List.of(new Acceptance.Rejected(name, file.bytes() == 0 ? "The file is empty."
                        : "Not a supported file: ChartVault accepts PDF, TIFF, PNG and JPEG scans, or a ZIP of them."));
            }
            if (kind.get() == FileKind.ZIP) return receiveZip(name, spooled, batchId, indexing, uploadedBy, splitStreams);
            return List.of(archive(name, spooled, file, kind.get(), batchId, indexing, uploadedBy, splitStreams));
        } finally {
            Files.deleteIfExists(spooled);
        }
    }

    private List<Acceptance> receiveZip(String zipName, Path zip, String batchId, Indexing indexing, String uploadedBy,
                                        boolean splitStreams) throws IOException {
        List<ZipExpander.Entry> entries;
        try {
            entries = zips.expand(zip, workDir);
        } catch (RejectedFileException e) {
            return List.of(new Acceptance.Rejected(zipName, e.getMessage()));
        }
        List<Acceptance> results = new ArrayList<>();
        try {
            if (entries.isEmpty()) results.add(new Acceptance.Rejected(zipName, "The ZIP holds no files."));
            for (ZipExpander.Entry entry : entries) {
                String name = zipName + "/" + displayName(entry.name());
                Spooled file;
                try (InputStream in = Files.newInputStream(entry.file())) {
                    file = spool(in, null);
                }
                Optional<FileKind> kind = file == null ? Optional.empty() : FileKind.sniff(file.head(), file.headLength());
                if (file == null) {
                    results.add(new Acceptance.Rejected(name, "The file is larger than "
                            + limits.maxFileBytes() / (1024 * 1024) + " MiB, the most accepted for one file."));
                } else if (kind.isEmpty() || kind.get() == FileKind.ZIP) {
                    results.add(new Acceptance.Rejected(name, kind.isPresent()
                            ? "A ZIP inside a ZIP is not accepted; upload the inner archive by itself."
                            : file.bytes() == 0 ? "The file is empty."
                            : "Not a supported file: ChartVault accepts PDF, TIFF, PNG and JPEG scans."));
                } else {
                    results.add(archive(name, entry.file(), file, kind.get(), batchId, indexing, uploadedBy, splitStreams));
                }
            }
        } finally {
            for (ZipExpander.Entry entry : entries) Files.deleteIfExists(entry.file());
        }
        return results;
    }

    /** Stores one readable original and queues its processing, or recognises it as already archived. */
    private Acceptance archive(String name, Path file, Spooled spooled, FileKind kind, String batchId,
                               Indexing indexing, String uploadedBy, boolean splitStreams) throws IOException {
        Optional<String> existing = archivedAs(spooled.sha256());
        if (existing.isPresent()) return new Acceptance.Duplicate(name, existing.get());
        int pages;
        try {
            pages = inspector.pageCount(file, kind);
        } catch (RejectedFileException e) {
            return new Acceptance.Rejected(name, e.getMessage());
        }
        String documentId = Ids.next("doc");
        String sha256 = spooled.sha256();
        Claim claim = owners.exclusively(sha256, () -> {
            // Nobody else is creating a document of these bytes now: owners left without a live document are
            // stale (a deleted document's, or a crash's between the two writes), and this upload takes over.
            Optional<String> holder = archivedAs(sha256);
            if (holder.isPresent()) return new Claim(null, holder.get());
            owners.set(sha256, List.of(documentId));
            try (InputStream in = Files.newInputStream(file)) {
                documents.files().storeUpload(sha256, in, spooled.bytes(), kind.contentType());
            }
            // The job is recorded before the document: a crash or a storage failure between the two writes leaves
            // a job that finds nothing to do, never a document that no job will ever process. It is handed to the
            // workers only once the document and its capture record are written (or failed to be), so they never
            // look for either too early.
            Job job = new Job(Ids.next("job"), Job.PROCESS_DOCUMENT, documentId, clock.instant(), 0, null, null);
            jobs.record(job);
            try {
                Document created = documents.create(Document.received(documentId,
                        new OriginalFile(sha256, name, kind.contentType(), spooled.bytes()), batchId, uploadedBy,
                        clock.instant(), indexing, pages));
                capture.save(documentId, new CaptureRecord(splitStreams, indexing, Map.of(), List.of(), null));
                return new Claim(created, null);
            } finally {
                jobs.release(job);
            }
        });
        if (claim.duplicateOf() != null) return new Acceptance.Duplicate(name, claim.duplicateOf());
        events.changed(claim.created()); // e.g. held at once when a legal hold covers its patient
        return new Acceptance.Queued(name, documentId);
    }

    /** What receiving one file came to under its original's lock: a new document, or the one holding the bytes already. */
    private record Claim(Document created, String duplicateOf) {
    }

    private Optional<String> archivedAs(String sha256) throws IOException {
        return documents.files().archivedAs(sha256);
    }

    /** What spooling learnt of a file: size, SHA-256 and its first bytes for recognising its kind. */
    private record Spooled(long bytes, String sha256, byte[] head, int headLength) {
    }

    /**
     * Copies the upload to {@code target} (or only reads it when null) computing its SHA-256 on the way.
     * Returns null when the file exceeds the size limit.
     */
    private Spooled spool(InputStream in, Path target) throws IOException {
        MessageDigest sha256 = Sha256.digest();
        byte[] head = new byte[FileKind.SNIFF_BYTES];
        int headLength = 0;
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (DigestInputStream digesting = new DigestInputStream(in, sha256);
             OutputStream out = target == null ? OutputStream.nullOutputStream() : Files.newOutputStream(target)) {
            int n;
            while ((n = digesting.read(buffer)) >= 0) {
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                total += n;
                if (total > limits.maxFileBytes()) return null;
                out.write(buffer, 0, n);
            }
        }
        return new Spooled(total, HexFormat.of().formatHex(sha256.digest()), head, headLength);
    }

    /** File names come from the uploader's machine: keep the base name, printable, of sane length. */
    static String displayName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > 200) name = name.substring(0, 200);
        return name.isEmpty() ? "unnamed" : name;
    }
}
