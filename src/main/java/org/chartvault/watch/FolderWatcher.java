package org.chartvault.watch;

import org.chartvault.audit.AuditLog;
import org.chartvault.ingest.IngestService;
import org.chartvault.storage.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Watches every configured folder whose lease this node holds, one round every poll interval on one thread. A
 * folder is watched by one node at a time: the holder of the lease {@code watched-folder:<id>}, renewed each round
 * and again just before files are filed; when that node stops or stalls the lease runs out and another takes over.
 * Lease fencing is not needed here: what a stalled node could still do after losing the lease is file a file again
 * (answered duplicate by its content hash) or find it gone when it clears it.
 *
 * <p>The log says folder ids and counts, never a file name (scans are often named after the patient).
 */
public final class FolderWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);
    static final String LEASE = "watched-folder:";
    /** How long a clean stop waits for a pickup in hand to finish (filing is never cut off halfway if it can help it). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final WatchedFolders folders;
    private final Pickup pickup;
    private final Leases leases;
    private final String node;
    private final Duration poll;
    private final Duration leaseTime;
    private final Clock clock;
    /** This node's state of each folder it holds the lease of; touched only by the watching thread. */
    private final Map<String, Watch> watching = new HashMap<>();
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean stopping;
    private ScheduledExecutorService timer;
    private String settingsProblem;

    public FolderWatcher(WatchedFolders folders, IngestService ingest, AuditLog audit, long maxFileBytes, Path workDir,
                         Leases leases, String node, Duration poll, ZoneId zone, Clock clock) {
        this.folders = folders;
        this.pickup = new Pickup(ingest, audit, maxFileBytes, workDir, zone, clock);
        this.leases = leases;
        this.node = node;
        this.poll = poll;
        // long enough for a round of 50 large files on a slow share; a node that dies is replaced after this
        this.leaseTime = Duration.ofSeconds(60).compareTo(poll.multipliedBy(10)) > 0 ? Duration.ofSeconds(60) : poll.multipliedBy(10);
        this.clock = clock;
    }

    /** One folder as this node watches it: what has settled, and the problem last reported (to report each once). */
    private static final class Watch {
        final String path;
        final Settling settling = new Settling();
        Problem problem;

        Watch(String path) {
            this.path = path;
        }
    }

    /** What keeps a folder's files from being taken; a kind is cleared by the step that proves it over. */
    private record Problem(Kind kind, String sentence) {
        enum Kind { ACCOUNT, FOLDER, FILING }
    }

    public synchronized void start() {
        if (timer != null || stopping) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watched-folders");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::round, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Rounds completed since start: tests wait on it instead of on time. */
    public long rounds() {
        return rounds.get();
    }

    /** Looks at every configured folder once. */
    void round() {
        try {
            List<WatchedFolder> configured;
            try {
                configured = folders.list();
                if (settingsProblem != null) log.info("The watched folders' settings can be read again");
                settingsProblem = null;
            } catch (IOException | RuntimeException e) {
                if (settingsProblem == null) log.warn("The watched folders' settings cannot be read; tried again every round", e);
                settingsProblem = e.toString();
                return;
            }
            Set<String> ids = configured.stream().map(WatchedFolder::id).collect(Collectors.toSet());
            for (String id : new ArrayList<>(watching.keySet())) {
                if (!ids.contains(id)) {
                    watching.remove(id);
                    release(id);
                }
            }
            for (WatchedFolder folder : configured) {
                if (stopping) return;
                watch(folder);
            }
        } catch (RuntimeException e) {
            log.warn("A round of the watched folders failed; the next one tries again", e);
        } finally {
            rounds.incrementAndGet();
        }
    }

    private void watch(WatchedFolder folder) {
        if (!holdLease(folder)) {
            watching.remove(folder.id()); // another node watches it
            return;
        }
        Watch watch = watching.get(folder.id());
        if (watch == null || !watch.path.equals(folder.path())) {
            watch = new Watch(folder.path());
            watching.put(folder.id(), watch);
        }
        try {
            Optional<String> accountProblem = folders.accountProblem(folder.account());
            if (accountProblem.isPresent()) {
                report(folder, watch, new Problem(Problem.Kind.ACCOUNT, "No file is taken: " + accountProblem.get()));
                return;
            }
            List<FolderScan.Seen> files;
            try {
                files = FolderScan.files(folder.root());
            } catch (IOException e) {
                report(folder, watch, new Problem(Problem.Kind.FOLDER, "ChartVault (node " + node + ") cannot read the"
                        + " folder " + folder.path() + " (" + reason(e) + "); it tries again every few seconds."));
                release(folder.id()); // another node may reach it
                return;
            }
            // reachable and filed by a scanning account; a filing failure is over once files are filed (or gone)
            if (watch.problem != null && (watch.problem.kind() != Problem.Kind.FILING || files.isEmpty())) resolve(folder, watch);
            List<FolderScan.Seen> ready = watch.settling.ready(files, Duration.ofSeconds(folder.settleSeconds()), clock.instant());
            if (ready.isEmpty()) return;
            Pickup.Result result = pickup.take(folder, folders.rolesOf(folder.account()), ready, watch.settling,
                    () -> !stopping && holdLease(folder));
            if (result.batchIds().isEmpty()) return;
            log.info("Watched folder {}: {} file(s) filed in batch(es) {}: {} archived, {} refused, {} left to clear",
                    folder.id(), result.files(), String.join(", ", result.batchIds()), result.archived(), result.rejected(),
                    result.notCleared());
            if (watch.problem != null) resolve(folder, watch);
            try {
                folders.saveStatus(folder.id(), folders.status(folder.id()).pickedUp(node, clock.instant(),
                        result.batchIds().get(result.batchIds().size() - 1), result.files(), result.rejected()));
            } catch (IOException | RuntimeException e) {
                log.warn("Watched folder {}: its status could not be saved", folder.id(), e);
            }
        } catch (IOException | RuntimeException e) {
            report(folder, watch, new Problem(Problem.Kind.FILING, "Files could not be archived just now (storage or the"
                    + " work folder failed: " + e.getClass().getSimpleName() + "); they stay in the folder and are tried"
                    + " again every few seconds."), e);
        }
    }

    private boolean holdLease(WatchedFolder folder) {
        try {
            return leases.acquire(LEASE + folder.id(), node, leaseTime).isPresent();
        } catch (IOException | RuntimeException e) {
            log.warn("Watched folder {}: its lease could not be taken or renewed ({}); tried again next round",
                    folder.id(), e.toString());
            return false;
        }
    }

    private void release(String folderId) {
        try {
            leases.release(LEASE + folderId, node);
        } catch (IOException | RuntimeException e) {
            log.debug("The lease of watched folder {} was not given up; it runs out by itself", folderId, e);
        }
    }

    private void report(WatchedFolder folder, Watch watch, Problem problem) {
        report(folder, watch, problem, null);
    }

    /** Logs a problem once (at WARN, with what failed) and shows it on the folder's status, until it changes or is over. */
    private void report(WatchedFolder folder, Watch watch, Problem problem, Exception cause) {
        if (problem.equals(watch.problem)) return;
        watch.problem = problem;
        if (cause == null) log.warn("Watched folder {}: {}", folder.id(), problem.sentence());
        else log.warn("Watched folder {}: {}", folder.id(), problem.sentence(), cause);
        try {
            folders.saveStatus(folder.id(), folders.status(folder.id()).withProblem(node, problem.sentence(), clock.instant()));
        } catch (IOException | RuntimeException e) {
            log.debug("Watched folder {}: the problem could not be saved to its status", folder.id(), e);
        }
    }

    private void resolve(WatchedFolder folder, Watch watch) {
        watch.problem = null;
        log.info("Watched folder {} is working again", folder.id());
        try {
            folders.saveStatus(folder.id(), folders.status(folder.id()).withProblem(node, null, clock.instant()));
        } catch (IOException | RuntimeException e) {
            log.debug("Watched folder {}: its status could not be saved", folder.id(), e);
        }
    }

    /** The kind of failure, without a file's name. */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : ": " + reason);
    }

    /** Lets a pickup in hand finish (its files are filed and cleared, or left for next time), then gives up the leases. */
    @Override
    public synchronized void close() {
        if (timer == null) return;
        stopping = true;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) timer.shutdownNow();
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (String id : new ArrayList<>(watching.keySet())) release(id);
        watching.clear();
        timer = null;
    }
}
