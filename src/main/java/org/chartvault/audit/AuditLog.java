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
    /** An entry whose number was claimed but whose write failed; written before anything else. Guarded by appendLock. */
    private AuditEntry unwritten;

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
     * Records {@code event} as the next entry of the trail and returns it. Fails with an IOException when the
     * entry cannot be stored; callers should then refuse the action they were about to audit. When the entry
     * before was sealed with another key than the one sealing now (or with none), a rotation entry goes first.
     */
    public AuditEntry append(AuditEvent event) throws IOException {
        AuditEntry appended;
        appendLock.lock();
        try {
            if (unwritten != null) {
                // the previous append got its number but storage failed; its entry goes in first, or nothing does
                write(unwritten);
                unwritten = null;
            }
            ChainLink prev = lastKnownLink();
            while (true) {
                AuditKey key = keys.signing();
                String prevKey = keyOf(prev);
                boolean rotating = prev != null && !key.id().equals(prevKey);
                AuditEvent next = rotating ? rotation(prevKey, key) : event;
                long seq = prev == null ? 1 : prev.seq() + 1;
                Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                AuditEntry entry = AuditEntry.sealed(seq, time, next, prev == null ? AuditEntry.GENESIS : prev.hash(),
                        chainValueOf(prev), key);
                ChainLink link = new ChainLink(seq, entryKey(seq, time), entry.hash(), entry);
                if (!chain.claim(link)) {
                    // another writer got this number first: chain onto its entry and try the next number
                    prev = chain.link(seq).orElseThrow(
                            () -> new IOException("audit number " + seq + " is taken but its record cannot be read"));
                    last = prev;
                    continue;
                }
                last = link; // the number is ours now, whatever happens to the write below
                unwritten = entry;
                write(entry);
                unwritten = null;
                try {
                    chain.advanceHead(link);
                } catch (IOException | RuntimeException e) {
                    // the entry and its number record are stored; a lagging head is caught up by the next start
                    log.warn("audit head not moved to {}: {}", seq, e.getMessage());
                }
                if (rotating) {
                    log.info("audit key {} now seals the trail, from entry {} on (before: {})", key.id(), seq, prevKey);
                    prev = link;
                    continue;
                }
                appended = entry;
                break;
            }
        } finally {
            appendLock.unlock();
        }
        if (appended.seq() % checkpointEvery == 0) {
            try {
                checkpoints.write(appended);
            } catch (IOException | RuntimeException e) {
                // the entry is stored; the next checkpoint (by count, by time or on demand) anchors it too
                log.warn("audit checkpoint at entry {} not written: {}", appended.seq(), e.getMessage());
            }
        }
        return appended;
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
            link = next.get();
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
                link = next.get();
                AuditEntry entry = link.entry();
                if (entry != null && !store.exists(link.key()) && entry.hash().equals(link.hash())
                        && entry.hash().equals(entry.computeHash()) && authentic(entry)) {
                    write(entry);
                    completed++;
                }
            }
            if (link != null) chain.advanceHead(link);
            lastLoaded = false;
            if (completed > 0) log.warn("Completed {} audit entr(ies) interrupted by a crash", completed);
            return completed;
        } finally {
            appendLock.unlock();
        }
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
        AuditCsv.header(out);
        long[] written = {0};
        scanNewestFirst(query, e -> {
            AuditCsv.entry(out, e);
            written[0]++;
            return true;
        });
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
