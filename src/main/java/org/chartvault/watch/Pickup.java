package org.chartvault.watch;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.document.Indexing;
import org.chartvault.ingest.Acceptance;
import org.chartvault.ingest.IngestService;
import org.chartvault.ingest.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Takes one bounded batch of settled files from a watched folder. Each file is first copied to the work folder (a
 * file that vanishes or breaks off while read is skipped, and the others go on), then filed through the ingest path
 * of uploads under the folder's account, and only once {@link IngestService#receiveEach} has returned (originals
 * stored, jobs recorded, batch saved) is it moved to {@code archived/} or deleted; a refused file goes to
 * {@code rejected/} with its reason. A crash at any point leaves each file in the folder or archived, never lost; a
 * file taken twice is answered duplicate and cleared like the first time.
 */
final class Pickup {
    private static final Logger log = LoggerFactory.getLogger(Pickup.class);
    /** Most files in one batch: a round stays short, so the folder's lease is renewed long before it runs out. */
    static final int MAX_FILES = 50;
    /** Most bytes copied for one batch (one file is always taken, however large; the ingest limit still applies). */
    static final long MAX_BYTES = 1L << 30;
    /** How long a file that could not be read or moved is left alone (unless it changes). */
    static final Duration RETRY = Duration.ofMinutes(1);

    private final IngestService ingest;
    private final AuditLog audit;
    private final long maxFileBytes;
    private final Path workDir;
    private final ZoneId zone;
    private final Clock clock;

    Pickup(IngestService ingest, AuditLog audit, long maxFileBytes, Path workDir, ZoneId zone, Clock clock) {
        this.ingest = ingest;
        this.audit = audit;
        this.maxFileBytes = maxFileBytes;
        this.workDir = workDir;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * What one pickup came to: the batches filed; files archived (or found archived already) and cleared, refused
     * and moved to {@code rejected/}, and filed but still in the folder (they could not be moved or deleted).
     */
    record Result(List<String> batchIds, int archived, int rejected, int notCleared) {
        static final Result NOTHING = new Result(List.of(), 0, 0, 0);

        int files() {
            return archived + rejected + notCleared;
        }
    }

    /** A file copied to the work folder, and its indexing values. */
    private record Copy(FolderScan.Seen file, Path work, long bytes, Indexing indexing) {
    }

    /**
     * Files the first of {@code ready} that fit one batch. {@code stillOurs} renews the folder's lease just before
     * filing; when it says the lease went to another node, nothing is filed (that node takes the files). Throws
     * IOException when filing failed (storage): then no file was moved and all are tried again.
     */
    Result take(WatchedFolder folder, List<String> accountRoles, List<FolderScan.Seen> ready, Settling settling,
                BooleanSupplier stillOurs) throws IOException {
        List<Copy> copies = new ArrayList<>();
        try {
            long bytes = 0;
            for (FolderScan.Seen file : ready) {
                if (copies.size() >= MAX_FILES || (bytes >= MAX_BYTES && !copies.isEmpty())) break;
                Copy copy = copy(folder, file, settling);
                if (copy == null) continue;
                copies.add(copy);
                bytes += copy.bytes();
            }
            if (copies.isEmpty() || !stillOurs.getAsBoolean()) return Result.NOTHING;
            // one batch per set of indexing values: with "file date" files of different days are filed apart
            Map<Indexing, List<Copy>> byIndexing = new LinkedHashMap<>();
            for (Copy copy : copies) byIndexing.computeIfAbsent(copy.indexing(), i -> new ArrayList<>()).add(copy);
            List<String> batchIds = new ArrayList<>();
            int archived = 0, rejected = 0, notCleared = 0;
            for (Map.Entry<Indexing, List<Copy>> group : byIndexing.entrySet()) {
                List<Copy> files = group.getValue();
                IngestService.Receipt receipt = ingest.receiveEach(files.stream()
                                .map(c -> new Upload(c.file().relative(), () -> Files.newInputStream(c.work()))).toList(),
                        group.getKey(), folder.account(), folder.split() == WatchedFolder.Split.SEPARATORS);
                String batchId = receipt.batch().batchId();
                batchIds.add(batchId);
                // the upload as the account's, like POST /api/batches, naming the folder it came from
                audit.append(AuditEvent.of(folder.account(), accountRoles, null, AuditActions.UPLOAD, Target.batch(batchId))
                        .with("result", files.size() + " file(s)").with("watchedFolder", folder.id()));
                for (int i = 0; i < files.size(); i++) {
                    Copy copy = files.get(i);
                    List<Acceptance.Rejected> refusals = receipt.perUpload().get(i).stream()
                            .filter(Acceptance.Rejected.class::isInstance).map(Acceptance.Rejected.class::cast).toList();
                    boolean cleared = refusals.isEmpty() ? clear(folder, copy.file(), settling)
                            : reject(folder, copy.file(), refusals, batchId, receipt.perUpload().get(i).size(), settling);
                    if (!cleared) notCleared++;
                    else if (refusals.isEmpty()) archived++;
                    else rejected++;
                }
            }
            return new Result(batchIds, archived, rejected, notCleared);
        } finally {
            for (Copy copy : copies) Files.deleteIfExists(copy.work());
        }
    }

    /** Copies the file to the work folder, or returns null when it vanished, changed or could not be read. */
    private Copy copy(WatchedFolder folder, FolderScan.Seen file, Settling settling) throws IOException {
        Path work = Files.createTempFile(workDir, "watched-", ".part");
        try {
            long copied;
            // not through a link: one put in place of the file since the scan must not lead the read elsewhere
            try (InputStream in = Files.newInputStream(file.path(), LinkOption.NOFOLLOW_LINKS);
                 OutputStream out = Files.newOutputStream(work)) {
                copied = copyAtMost(in, out, maxFileBytes + 1); // one byte over is enough for ingest to refuse it
            }
            if (!unchanged(file) || (copied != file.size() && copied <= maxFileBytes)) {
                settling.changed(file);
                Files.deleteIfExists(work);
                return null;
            }
            return new Copy(file, work, copied, indexing(folder, file));
        } catch (NoSuchFileException gone) {
            Files.deleteIfExists(work); // taken by another node, or by the station, since the scan
            return null;
        } catch (IOException e) {
            Files.deleteIfExists(work);
            settling.retryAfter(file, clock.instant().plus(RETRY));
            log.warn("Watched folder {}: a file could not be copied to the work folder ({}); it is tried again in {}"
                    + " minute(s)", folder.id(), reason(e), RETRY.toMinutes());
            return null;
        }
    }

    /** Moves the archived file to {@code archived/} (keeping its sub-folder) or deletes it; false when it stays. */
    private boolean clear(WatchedFolder folder, FolderScan.Seen file, Settling settling) {
        try {
            if (!unchanged(file)) { // a new file under the same name since it was read: it is taken on its own
                settling.changed(file);
                return false;
            }
            if (folder.afterArchiving() == WatchedFolder.AfterArchiving.DELETE) {
                Files.delete(file.path());
            } else {
                move(file.path(), free(folder.root().resolve(FolderScan.ARCHIVED).resolve(file.relative()), ""));
            }
            return true;
        } catch (NoSuchFileException gone) {
            return true; // cleared already (by another node that took it over)
        } catch (IOException e) {
            settling.retryAfter(file, clock.instant().plus(RETRY));
            log.warn("Watched folder {}: an archived file could not be {} ({}); it is tried again (as a duplicate) in {}"
                    + " minute(s)", folder.id(), folder.afterArchiving() == WatchedFolder.AfterArchiving.DELETE
                    ? "deleted" : "moved to archived/", reason(e), RETRY.toMinutes());
            return false;
        }
    }

    /** Moves a refused file to {@code rejected/} with {@code <name>.reason.txt} beside it; false when it stays. */
    private boolean reject(WatchedFolder folder, FolderScan.Seen file, List<Acceptance.Rejected> refusals, String batchId,
                           int answers, Settling settling) {
        Path reasonFile = null;
        try {
            if (!unchanged(file)) {
                settling.changed(file);
                return false;
            }
            Path target = free(folder.root().resolve(FolderScan.REJECTED).resolve(file.relative()), REASON);
            reasonFile = target.resolveSibling(target.getFileName() + REASON);
            Files.createDirectories(target.getParent());
            Files.writeString(reasonFile, reasonText(refusals, batchId, answers), StandardCharsets.UTF_8);
            move(file.path(), target);
            return true;
        } catch (NoSuchFileException gone) {
            deleteQuietly(reasonFile);
            return true;
        } catch (IOException e) {
            deleteQuietly(reasonFile);
            settling.retryAfter(file, clock.instant().plus(RETRY));
            log.warn("Watched folder {}: a refused file could not be moved to rejected/ ({}); it is tried again in {}"
                    + " minute(s)", folder.id(), reason(e), RETRY.toMinutes());
            return false;
        }
    }

    private static final String REASON = ".reason.txt";

    private String reasonText(List<Acceptance.Rejected> refusals, String batchId, int answers) {
        StringBuilder text = new StringBuilder("ChartVault did not archive this file (batch ").append(batchId)
                .append(", ").append(clock.instant()).append("):\n\n");
        if (answers == 1) {
            text.append(refusals.get(0).reason()).append('\n');
        } else { // a ZIP: the files it refused; the others in it were archived
            for (Acceptance.Rejected r : refusals) text.append(r.file()).append(": ").append(r.reason()).append('\n');
            if (refusals.size() < answers) {
                text.append("\nThe other files in it were archived; sending the whole ZIP again answers them as duplicates.\n");
            }
        }
        return text.toString();
    }

    private Indexing indexing(WatchedFolder folder, FolderScan.Seen file) {
        LocalDate serviceDate = folder.serviceDate() == WatchedFolder.ServiceDate.FILE_DATE
                ? LocalDate.ofInstant(file.modified().toInstant(), zone) : null;
        return new Indexing(null, null, null, folder.documentType(), serviceDate, null);
    }

    /** Whether the file is still the one seen: same size and modification time. */
    private static boolean unchanged(FolderScan.Seen file) throws IOException {
        BasicFileAttributes now = FolderScan.now(file.path());
        return now.size() == file.size() && now.lastModifiedTime().equals(file.modified());
    }

    /** {@code target}, or {@code name (2).ext}, {@code name (3).ext} … when a file (or its {@code sibling}) is there. */
    private static Path free(Path target, String sibling) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        Path candidate = target;
        for (int n = 2; taken(candidate, sibling); n++) candidate = target.resolveSibling(stem + " (" + n + ")" + extension);
        return candidate;
    }

    private static boolean taken(Path candidate, String sibling) {
        return Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                || (!sibling.isEmpty() && Files.exists(candidate.resolveSibling(candidate.getFileName() + sibling),
                LinkOption.NOFOLLOW_LINKS));
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** Why an operation on a file failed, without the file's name: names of scans may name patients. */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException fs ? fs.getReason() : null;
        return e.getClass().getSimpleName() + (reason == null ? "" : ": " + reason);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a reason file without its file says too much rather than too little
        }
    }
}
