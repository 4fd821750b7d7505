package org.chartvault.audit;

import org.chartvault.Json;
import org.chartvault.storage.IntegrityException;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The audit trail: append-only, hash-chained and sealed with an audit key kept outside the object store, kept in
 * the object store so every node sees one trail.
 *
 * <p>Each entry is numbered; the number is reserved through {@link AuditChain#claim} before the entry is
 * written, so two writers (threads of this process or other nodes) can never both write the same number, and a
 * writer that loses the race chains onto the winner's entry instead. There is deliberately no way to change or
 * remove an entry: {@link #verify()} would report it. Every {@code checkpointEvery} entries (and on demand) a
 * {@link Checkpoint} anchors the trail so far, locked where the store can lock objects.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** Entries live under {@code audit/<yyyy>/<mm>/<dd>/<seq>.json}: one folder per UTC day, so a day is one listing. */
    static final String PREFIX = "audit/";
    static final Pattern ENTRY_KEY = Pattern.compile("audit/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{12})\\.json");
    private static final Pattern YEAR = Pattern.compile("audit/\\d{4}/");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final String JSON = "application/json";
    /** Checkpoints at least this often: a clean cut of the newest entries is noticed only up to the last one. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 1000;
    /** HIPAA keeps audit documentation six years (45 CFR 164.316(b)(2)). */
    public static final Duration DEFAULT_CHECKPOINT_RETENTION = Duration.ofDays(6 * 365);
    /** The {@code from} of the rotation entry that introduces the first key to a trail written without one. */
    static final String NO_KEY = "none";

    private final ObjectStore store;
    private final AuditChain chain;
    private final AuditKeys keys;
    private final Clock clock;
    private final int checkpointEvery;
    private final AuditCheckpoints checkpoints;
    private final ReentrantLock appendLock = new ReentrantLock();
    /**
     * The newest link this process knows: where the next append starts trying. Only a hint; claim() decides, and
     * a stale value just costs one failed claim. Guarded by appendLock; null until the first append.
     */
    private ChainLink last;
    private boolean lastLoaded;
    /**
     * A batch whose claim or writes failed: stored before anything else if its numbers turn out to be ours. Guarded
     * by appendLock.
     */
    private final java.util.ArrayDeque<ChainLink> unwritten = new java.util.ArrayDeque<>();

    public AuditLog(ObjectStore store, AuditChain chain, AuditKeys keys, Clock clock, int checkpointEvery,
                    Duration checkpointRetention) {
        if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be at least 1");
        this.store = store;
        this.chain = chain;
        this.keys = keys;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
        this.checkpoints = new AuditCheckpoints(store, keys, clock, checkpointRetention);
    }

    /** The embedded setup: entries, their numbering and the checkpoints all in {@code store}. */
    public static AuditLog inObjectStore(ObjectStore store, AuditKeys keys, Clock clock, int checkpointEvery,
                                         Duration checkpointRetention) {
        return new AuditLog(store, new ObjectStoreAuditChain(store), keys, clock, checkpointEvery, checkpointRetention);
    }

    /** {@link #inObjectStore(ObjectStore, AuditKeys, Clock, int, Duration)} with the default checkpoints. */
    public static AuditLog inObjectStore(ObjectStore store, AuditKeys keys, Clock clock) {
        return inObjectStore(store, keys, clock, DEFAULT_CHECKPOINT_EVERY, DEFAULT_CHECKPOINT_RETENTION);
    }

    /**
     * Records {@code event} as the next entry of the trail and returns it, once the entry is durable. Fails with an
     * IOException when the entry cannot be stored; callers should then refuse the action they were about to audit.
     * When the entry before was sealed with another key than the one sealing now (or with none), a rotation entry
     * goes first.
     *
     * <p>Group commit, in two stages. Appends that arrive while a batch is being numbered wait, and the next batch
     * takes all of them: one claim for all their numbers (stage 1, one at a time), then their entries and number
     * records stored side by side (stage 2), so they share the store's fsyncs instead of queueing one append's worth
     * each. The next batch is numbered and claimed while the one before stores its entries. A batch whose claim or
     * writes fail fails every append in it; none is answered before its own entry is stored. A batch claimed but not
     * stored is stored before any later batch is claimed (and at the next start), so the chain has no hole.
     */
    public AuditEntry append(AuditEvent event) throws IOException {
        Pending mine = new Pending(event);
        List<Pending> batch;
        synchronized (batching) {
            queue.add(mine);
            boolean interrupted = false;
            try {
                while (!mine.done && (numbering || mine.taken)) {
                    try {
                        batching.wait();
                    } catch (InterruptedException e) {
                        if (queue.remove(mine)) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted before the audit entry was written");
                        }
                        interrupted = true; // already in a batch: its outcome is owed to the caller
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
            if (mine.done) return mine.outcome();
            // this caller numbers the next batch, for itself and whoever queued meanwhile
            queue.remove(mine);
            numbering = true;
            batch = new ArrayList<>();
            batch.add(mine);
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) batch.add(queue.pollFirst());
            for (Pending p : batch) p.taken = true;
        }
        try {
            writeBatch(batch);
        } finally {
            synchronized (batching) {
                for (Pending p : batch) p.done = true;
                batching.notifyAll();
            }
        }
        return mine.outcome();
    }

    /** How many appends wait for the next batch (for tests that line a batch up). */
    int waitingForBatch() {
        synchronized (batching) {
            return queue.size();
        }
    }

    /** Appends waiting for the next batch, oldest first. Guarded by batching. */
    private final java.util.ArrayDeque<Pending> queue = new java.util.ArrayDeque<>();
    /** True while one caller numbers and claims a batch for everyone in it (stage 1). Guarded by batching. */
    private boolean numbering;
    private final Object batching = new Object();
    /** Bounds the claim object (every entry of the batch) and one caller's wait. */
    static final int MAX_BATCH = 64;

    /** One caller's event and, once its batch is written, its entry or the batch's failure. */
    private static final class Pending {
        final AuditEvent event;
        AuditEntry entry;
        IOException failure;
        /** In a batch (no longer queued). Guarded by batching. */
        boolean taken;
        /** Its batch is finished, entry or failure set. Guarded by batching. */
        boolean done;

        Pending(AuditEvent event) {
            this.event = event;
        }

        AuditEntry outcome() throws IOException {
            if (failure != null) throw new IOException(failure.getMessage(), failure);
            if (entry == null) throw new IOException("the audit entry was not written: its batch stopped unexpectedly");
            return entry;
        }
    }

    /**
     * Writes one batch: numbers and claims it (stage 1, under appendLock), lets the next batch be numbered, then
     * stores its entries and records (stage 2). Sets every pending's outcome.
     */
    private void writeBatch(List<Pending> batch) {
        Claimed claimed;
        appendLock.lock();
        try {
            claimed = numberAndClaim(batch);
            storing.add(claimed.claim().seq());
        } catch (IOException | RuntimeException e) {
            fail(batch, e);
            return;
        } finally {
            appendLock.unlock();
            synchronized (batching) {
                numbering = false; // the next batch may be numbered while this one is stored
                batching.notifyAll();
            }
        }
        ChainLink claim = claimed.claim();
        boolean moveHead;
        try {
            storeBatch(claim);
        } catch (IOException | RuntimeException e) {
            appendLock.lock();
            try {
                storing.remove(claim.seq());
                unwritten.add(claim);
            } finally {
                appendLock.unlock();
            }
            fail(batch, e);
            return;
        }
        markStored(claim);
        appendLock.lock();
        try {
            storing.remove(claim.seq());
            // the head never passes a batch not stored yet: start-up completes batches from the head on
            boolean earlierPending = unwritten.stream().anyMatch(u -> u.seq() < claim.seq())
                    || (!storing.isEmpty() && storing.first() < claim.seq());
            moveHead = !earlierPending && crossesHeadStep(claim);
        } finally {
            appendLock.unlock();
        }
        if (claimed.rotatedFrom() != null) {
            log.info("audit key {} now seals the trail, from entry {} on (before: {})", claim.entry().seal().key(),
                    claim.seq(), claimed.rotatedFrom());
        }
        if (moveHead) {
            try {
                chain.advanceHead(claim.last());
            } catch (IOException | RuntimeException e) {
                // the entries and their number records are stored; a lagging head is caught up by the next start
                log.warn("audit head not moved to {}: {}", claim.last().seq(), e.getMessage());
            }
        }
        List<AuditEntry> written = claimed.entries();
        for (int i = 0; i < batch.size(); i++) batch.get(i).entry = written.get(i);
        for (AuditEntry entry : written) {
            if (entry.seq() % checkpointEvery != 0) continue;
            try {
                checkpoints.write(entry);
            } catch (IOException | RuntimeException e) {
                // the entry is stored; the next checkpoint (by count, by time or on demand) anchors it too
                log.warn("audit checkpoint at entry {} not written: {}", entry.seq(), e.getMessage());
            }
        }
    }

    private static void fail(List<Pending> batch, Exception e) {
        IOException failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
        for (Pending p : batch) p.failure = failure;
    }

    /** A claimed batch: its claim, the entries of its callers' events, and the key it rotated from (or null). */
    private record Claimed(ChainLink claim, List<AuditEntry> entries, String rotatedFrom) {
    }

    /** First numbers of the batches claimed and being stored. Guarded by appendLock. */
    private final java.util.TreeSet<Long> storing = new java.util.TreeSet<>();

    /** Under appendLock: numbers the batch after the newest link and claims all its numbers. */
    private Claimed numberAndClaim(List<Pending> batch) throws IOException {
        while (!unwritten.isEmpty()) {
            // an earlier batch claimed its numbers but storage failed: its entries go in first, or nothing does
            completeBatch(unwritten.getFirst());
            unwritten.removeFirst();
        }
        ChainLink prev = lastKnownLink();
        while (true) {
            AuditKey key = keys.signing();
            String prevKey = keyOf(prev);
            boolean rotating = prev != null && !key.id().equals(prevKey);
            List<AuditEvent> events = new ArrayList<>(batch.size() + 1);
            if (rotating) events.add(rotation(prevKey, key));
            for (Pending p : batch) events.add(p.event);
            Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<ChainLink> links = new ArrayList<>(events.size());
            ChainLink before = prev;
            for (AuditEvent next : events) {
                long seq = before == null ? 1 : before.seq() + 1;
                AuditEntry entry = AuditEntry.sealed(seq, time, next,
                        before == null ? AuditEntry.GENESIS : before.hash(), chainValueOf(before), key);
                before = new ChainLink(seq, entryKey(seq, time), entry.hash(), entry);
                links.add(before);
            }
            ChainLink first = links.getFirst();
            ChainLink claim = new ChainLink(first.seq(), first.key(), first.hash(), first.entry(), links.subList(1, links.size()));
            boolean won;
            try {
                won = chain.claim(claim);
            } catch (IOException | RuntimeException e) {
                // the claim may have reached storage before the error: the next batch looks and stores it if so
                unwritten.add(claim);
                throw e;
            }
            if (!won) {
                // another writer got this number first: chain onto its batch's end and number again
                Optional<ChainLink> taken = chain.link(first.seq());
                if (taken.isPresent()) {
                    prev = taken.get().last();
                } else {
                    // its claim was undone (a database batch that lost a later number): look for the end again
                    lastLoaded = false;
                    prev = lastKnownLink();
                }
                last = prev;
                continue;
            }
            last = claim.last(); // the numbers are ours now, whatever happens to the writes
            List<AuditEntry> entries = links.subList(rotating ? 1 : 0, links.size()).stream().map(ChainLink::entry).toList();
            return new Claimed(claim, entries, rotating ? prevKey : null);
        }
    }

    /** Tells the chain the batch is stored; if it cannot be told, the next start finds the entries there and says so. */
    private void markStored(ChainLink claim) {
        try {
            chain.stored(claim);
        } catch (IOException | RuntimeException e) {
            log.warn("audit entries {}-{} are stored but could not be marked so: {}", claim.seq(), claim.last().seq(),
                    e.getMessage());
        }
    }

    /** How far the head may lag: start-up reads at most about this many number records past it. */
    private static final int HEAD_EVERY = 32;

    /**
     * The head is a hint (start-up walks the number records from it), so it is moved when a batch crosses a
     * multiple of {@link #HEAD_EVERY} rather than after every batch, which would cost each batch two more fsyncs.
     */
    private static boolean crossesHeadStep(ChainLink claim) {
        return claim.last().seq() / HEAD_EVERY != (claim.seq() - 1) / HEAD_EVERY;
    }

    /** Stores the entries of a claimed batch and the records of its following links, side by side. */
    private void storeBatch(ChainLink claim) throws IOException {
        List<ChainLink> links = claim.batch();
        if (links.size() == 1) {
            write(claim.entry());
            return;
        }
        List<java.util.concurrent.Callable<Void>> writes = new ArrayList<>(links.size() * 2);
        for (ChainLink link : links) {
            writes.add(() -> {
                write(link.entry());
                return null;
            });
            if (link.seq() != claim.seq()) {
                writes.add(() -> {
                    chain.record(link);
                    return null;
                });
            }
        }
        IOException failure = null;
        try (var parallel = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (var done : parallel.invokeAll(writes)) {
                try {
                    done.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    IOException io = cause instanceof IOException x ? x : new IOException(cause.toString(), cause);
                    if (failure == null) failure = io;
                    else failure.addSuppressed(io);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while storing audit entries");
        }
        if (failure != null) throw failure;
    }

    /**
     * A batch whose claim or writes failed: if its first number is in fact ours (the claim reached storage before
     * the error), its entries and records are stored now; otherwise nothing of it was claimed and it is dropped.
     */
    private void completeBatch(ChainLink claim) throws IOException {
        Optional<ChainLink> claimed = chain.link(claim.seq());
        if (claimed.isEmpty() || !claimed.get().hash().equals(claim.hash())) return;
        // the claim may have failed after the numbers were taken but before its own record reached the store
        chain.record(claim);
        storeBatch(claim);
        markStored(claim);
        ChainLink end = claim.last();
        if (last == null || last.seq() < end.seq()) last = end;
    }

    /** The key id that sealed the entry of {@code link}: {@value #NO_KEY} for an unsealed (legacy) one, null for no link. */
    private static String keyOf(ChainLink link) {
        if (link == null) return null;
        if (link.entry() == null || link.entry().seal() == null) return NO_KEY;
        return link.entry().seal().key();
    }

    /** What the next seal chains onto; a number record from before they kept their entry stands for a legacy one. */
    private static String chainValueOf(ChainLink link) {
        if (link == null) return AuditEntry.GENESIS;
        return link.entry() == null ? link.hash() : link.entry().chainValue();
    }

    private static AuditEvent rotation(String fromKey, AuditKey to) {
        return new AuditEvent("system", List.of(), null, AuditActions.AUDIT_KEY_ROTATE, new Target("audit-key", to.id()),
                Outcome.SUCCESS, Map.of("from", fromKey, "to", to.id()));
    }

    /** Stores the entry under its key; a retry finding its own earlier write in place is fine, anything else is not. */
    private void write(AuditEntry entry) throws IOException {
        String key = entryKey(entry.seq(), entry.time());
        byte[] json = Json.bytes(entry);
        if (store.putIfAbsent(key, json, JSON).isPresent()) return;
        if (!Arrays.equals(store.getBytes(key), json)) {
            throw new IOException("another object already lies at " + key
                    + " although its number was free: the audit trail has been tampered with");
        }
    }

    private ChainLink lastKnownLink() throws IOException {
        if (!lastLoaded) {
            try {
                last = chain.head().orElse(null);
            } catch (IntegrityException | RuntimeException e) {
                log.error("the audit head cannot be read ({}); finding the end of the trail from its first entry",
                        e.getMessage());
                last = null;
            }
            last = newestFrom(last);
            lastLoaded = true;
        }
        return last;
    }

    /** The head can lag: a writer may have stopped between claiming a number and moving the head. */
    private ChainLink newestFrom(ChainLink link) throws IOException {
        for (Optional<ChainLink> next = chain.link(nextSeq(link)); next.isPresent(); next = chain.link(nextSeq(link))) {
            link = next.get().last();
        }
        return link;
    }

    /**
     * Completes appends that a crash interrupted after their number was claimed but before their entry was
     * stored: the claim holds the entry, which is written now if it authenticates. Run once at start, before
     * anything is appended. Returns the number of entries completed.
     */
    public int completeInterruptedAppends() throws IOException {
        appendLock.lock();
        try {
            int completed = 0;
            ChainLink link = chain.head().orElse(null);
            for (Optional<ChainLink> next = chain.link(nextSeq(link)); next.isPresent(); next = chain.link(nextSeq(link))) {
                for (ChainLink claimed : next.get().batch()) {
                    if (claimed.seq() != next.get().seq() && chain.link(claimed.seq()).isEmpty()) chain.record(claimed);
                    if (!store.exists(claimed.key()) && sealedAsClaimed(claimed)) {
                        write(claimed.entry());
                        completed++;
                    }
                }
                link = next.get().last();
            }
            if (link != null) chain.advanceHead(link);
            // On several nodes the others chain on past a batch whose writer died before storing it (the newest
            // claim is the end for them), so the walk from the head does not reach it: the chain lists it.
            for (ChainLink claim : chain.notStored()) {
                boolean whole = true;
                for (ChainLink claimed : claim.batch()) {
                    if (!sealedAsClaimed(claimed)) {
                        whole = false; // left for a node that can authenticate it; verify reports the gap meanwhile
                        log.error("audit entry {} was claimed but not stored, and its claim does not authenticate here",
                                claimed.seq());
                        continue;
                    }
                    chain.record(claimed); // the first of a batch names the following ones, as its writer wrote it
                    if (!store.exists(claimed.key())) {
                        write(claimed.entry());
                        completed++;
                    }
                }
                if (whole) chain.stored(claim);
            }
            lastLoaded = false;
            if (completed > 0) log.warn("Completed {} audit entr(ies) interrupted by a crash", completed);
            return completed;
        } finally {
            appendLock.unlock();
        }
    }

    /** The claim carries its entry, unaltered (the hash it was claimed with) and sealed by a key this node knows. */
    private boolean sealedAsClaimed(ChainLink claimed) {
        AuditEntry entry = claimed.entry();
        return entry != null && entry.hash().equals(claimed.hash()) && entry.hash().equals(entry.computeHash())
                && authentic(entry);
    }

    /** Sealed with a configured key (or written before seals existed, which verify reports as such). */
    private boolean authentic(AuditEntry entry) {
        if (entry.seal() == null) return true;
        return keys.find(entry.seal().key()).map(entry::authenticatesWith).orElse(false);
    }

    private static long nextSeq(ChainLink link) {
        return link == null ? 1 : link.seq() + 1;
    }

    /** {@code audit/2025/03/14/000000000042.json}: the seq is zero-padded to 12 digits so a day's keys sort in order. */
    public static String entryKey(long seq, Instant time) {
        return PREFIX + DAY.format(time) + "/" + String.format("%012d", seq) + ".json";
    }

    /**
     * Anchors the trail as it stands now with a checkpoint of its newest entry (or returns the existing one when
     * nothing was appended since). Empty when there is nothing to anchor, or when the newest entry does not
     * authenticate: then verify says why.
     */
    public Optional<Checkpoint> checkpoint() throws IOException {
        ChainLink head = newestFrom(chain.head().orElse(null));
        if (head == null || head.entry() == null) return Optional.empty();
        try {
            return Optional.of(checkpoints.write(head.entry()));
        } catch (AuditCheckpoints.UnauthenticatedHeadException e) {
            log.error(e.getMessage());
            return Optional.empty();
        }
    }

    /** The newest checkpoints, newest first: what an administrator copies out and compares later. */
    public List<Checkpoint.Summary> checkpoints(int limit) throws IOException {
        return checkpoints.newest(limit).stream().map(Checkpoint::summary).toList();
    }

    /**
     * Recomputes the whole trail from entry 1 and reports the first place where it does not hold: an entry
     * edited in storage, removed (also the last one: the head and the number records still name it), inserted,
     * moved or swapped, damaged, sealed by nobody this node knows, or a checkpoint that does not authenticate or
     * no longer matches the trail. See {@link TrailVerifier}.
     */
    public Verification verify() throws IOException {
        return new TrailVerifier(store, chain, keys, checkpoints).verify();
    }

    /** One page of entries matching {@code query}, newest first (by day, then by number within a day). */
    public AuditPage query(AuditQuery query) throws IOException {
        List<AuditEntry> found = new ArrayList<>();
        int[] skipped = {0};
        boolean more = scanNewestFirst(query, e -> {
            if (skipped[0] < query.offset()) {
                skipped[0]++;
                return true;
            }
            if (found.size() == query.limit()) return false;
            found.add(e);
            return true;
        });
        return new AuditPage(found, more);
    }

    /**
     * Writes every entry matching {@code query}'s filters as CSV, newest first (its offset and limit are ignored:
     * an export is the whole selection). Returns the number of entries written.
     */
    public long exportCsv(AuditQuery query, Writer out) throws IOException {
        long[] written = {0};
        try (AuditCsv csv = new AuditCsv(out)) {
            scanNewestFirst(query, e -> {
                csv.entry(e);
                written[0]++;
                return true;
            });
        }
        out.flush();
        return written[0];
    }

    /**
     * Every entry matching {@code query}'s filters, newest first, up to {@code max} (its offset and limit are
     * ignored): what a report over a whole selection reads. {@code more} says the selection went beyond {@code max}.
     */
    public AuditPage all(AuditQuery query, int max) throws IOException {
        List<AuditEntry> found = new ArrayList<>();
        boolean more = scanNewestFirst(query, e -> {
            if (found.size() == max) return false;
            found.add(e);
            return true;
        });
        return new AuditPage(found, more);
    }

    private interface Visitor {
        /** Returns false to stop the scan. */
        boolean visit(AuditEntry entry) throws IOException;
    }

    /** Walks day folders from the newest, skipping days outside the query's range. True if the visitor stopped it. */
    private boolean scanNewestFirst(AuditQuery query, Visitor visitor) throws IOException {
        for (String year : store.listFolders(PREFIX).reversed()) {
            if (!YEAR.matcher(year).matches()) continue;
            for (String month : store.listFolders(year).reversed()) {
                for (String day : store.listFolders(month).reversed()) {
                    LocalDate date;
                    try {
                        date = LocalDate.parse(day.substring(PREFIX.length(), day.length() - 1), DAY_FOLDER);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
                    if (query.to() != null && !dayStart.isBefore(query.to())) continue;
                    if (query.from() != null && !dayStart.plus(1, ChronoUnit.DAYS).isAfter(query.from())) return false;
                    for (String key : store.list(day).reversed()) {
                        if (!ENTRY_KEY.matcher(key).matches()) continue;
                        AuditEntry entry;
                        try {
                            entry = Json.read(store.getBytes(key), AuditEntry.class);
                        } catch (IntegrityException | ObjectNotFoundException | RuntimeException e) {
                            log.warn("audit entry {} cannot be read and is left out of the listing: {}", key, e.getMessage());
                            continue;
                        }
                        if (query.matches(entry) && !visitor.visit(entry)) return true;
                    }
                }
            }
        }
        return false;
    }
}
