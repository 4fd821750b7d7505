package org.chartvault.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import org.chartvault.Json;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit trail: append-only, hash-chained, kept in the object store so every node sees one trail.
 *
 * <p>Each entry is numbered; the number is reserved through {@link AuditChain#claim} before the entry is
 * written, so two writers (threads of this process or other nodes) can never both write the same number, and a
 * writer that loses the race chains onto the winner's entry instead. There is deliberately no way to change or
 * remove an entry: {@link #verify()} would report it.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** Entries live under {@code audit/<yyyy>/<mm>/<dd>/<seq>.json}: one folder per UTC day, so a day is one listing. */
    static final String PREFIX = "audit/";
    private static final Pattern ENTRY_KEY = Pattern.compile("audit/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{12})\\.json");
    private static final Pattern YEAR = Pattern.compile("audit/\\d{4}/");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final String JSON = "application/json";
    /** verify() reads strictly: a field added to a stored entry by hand is tampering too, not something to skip. */
    private static final ObjectReader STRICT = Json.mapper().readerFor(AuditEntry.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final ObjectStore store;
    private final AuditChain chain;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();
    /**
     * The newest link this process knows: where the next append starts trying. Only a hint; claim() decides, and
     * a stale value just costs one failed claim. Guarded by appendLock; null until the first append.
     */
    private ChainLink last;
    private boolean lastLoaded;
    /** An entry whose number was claimed but whose write failed; written before anything else. Guarded by appendLock. */
    private AuditEntry unwritten;

    public AuditLog(ObjectStore store, AuditChain chain, Clock clock) {
        this.store = store;
        this.chain = chain;
        this.clock = clock;
    }

    /** The embedded setup: entries and their numbering both in {@code store}. */
    public static AuditLog inObjectStore(ObjectStore store, Clock clock) {
        return new AuditLog(store, new ObjectStoreAuditChain(store), clock);
    }

    /**
     * Records {@code event} as the next entry of the trail and returns it. Fails with an IOException when the
     * entry cannot be stored; callers should then refuse the action they were about to audit.
     */
    public AuditEntry append(AuditEvent event) throws IOException {
        appendLock.lock();
        try {
            if (unwritten != null) {
                // the previous append got its number but storage failed; its entry goes in first, or nothing does
                write(unwritten);
                unwritten = null;
            }
            ChainLink prev = lastKnownLink();
            while (true) {
                long seq = prev == null ? 1 : prev.seq() + 1;
                Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                AuditEntry entry = AuditEntry.create(seq, time, event, prev == null ? AuditEntry.GENESIS : prev.hash());
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
                return entry;
            }
        } finally {
            appendLock.unlock();
        }
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
            } catch (RuntimeException e) {
                log.error("the audit head cannot be read ({}); finding the end of the trail from its first entry",
                        e.getMessage());
                last = null;
            }
            // the head can lag: a writer may have stopped between claiming a number and moving the head
            for (Optional<ChainLink> next = chain.link(nextSeq(last)); next.isPresent(); next = chain.link(nextSeq(last))) {
                last = next.get();
            }
            lastLoaded = true;
        }
        return last;
    }

    /**
     * Completes appends that a crash interrupted after their number was claimed but before their entry was
     * stored: the claim holds the entry, which is written now. Run once at start, before anything is appended.
     * Returns the number of entries completed.
     */
    public int completeInterruptedAppends() throws IOException {
        appendLock.lock();
        try {
            int completed = 0;
            ChainLink link = chain.head().orElse(null);
            for (Optional<ChainLink> next = chain.link(nextSeq(link)); next.isPresent(); next = chain.link(nextSeq(link))) {
                link = next.get();
                if (link.entry() != null && !store.exists(link.key())
                        && link.entry().hash().equals(link.hash()) && link.entry().hash().equals(link.entry().computeHash())) {
                    write(link.entry());
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

    private static long nextSeq(ChainLink link) {
        return link == null ? 1 : link.seq() + 1;
    }

    /** {@code audit/2025/03/14/000000000042.json}: the seq is zero-padded to 12 digits so a day's keys sort in order. */
    public static String entryKey(long seq, Instant time) {
        return PREFIX + DAY.format(time) + "/" + String.format("%012d", seq) + ".json";
    }

    /**
     * Recomputes the whole chain from entry 1 and reports the first place where it does not hold: an entry
     * edited in storage, removed (also the last one: the head and the number records still name it), inserted,
     * moved or swapped.
     */
    public Verification verify() throws IOException {
        TreeMap<Long, List<String>> keysBySeq = new TreeMap<>();
        List<String> strangers = new ArrayList<>();
        long entries = 0;
        for (String key : store.list(PREFIX)) {
            Matcher m = ENTRY_KEY.matcher(key);
            if (m.matches()) {
                keysBySeq.computeIfAbsent(Long.parseLong(m.group(4)), k -> new ArrayList<>()).add(key);
                entries++;
            } else {
                strangers.add(key);
            }
        }
        if (!strangers.isEmpty()) {
            return Verification.broken(entries, null, "objects that are not audit entries were put into the trail: " + strangers);
        }
        Optional<ChainLink> head;
        long lastSeq = keysBySeq.isEmpty() ? 0 : keysBySeq.lastKey();
        try {
            head = chain.head();
            if (head.isPresent()) lastSeq = Math.max(lastSeq, head.get().seq());
            // numbers claimed after the last entry found: the last entries were removed and the head moved back
            while (chain.link(lastSeq + 1).isPresent()) lastSeq++;
        } catch (RuntimeException e) {
            return Verification.broken(entries, null, "the record of where the trail ends cannot be read: " + firstLine(e.getMessage()));
        }

        String prevHash = AuditEntry.GENESIS;
        for (long seq = 1; seq <= lastSeq; seq++) {
            List<String> keys = keysBySeq.get(seq);
            if (keys == null) {
                return Verification.broken(entries, seq, "entry " + seq + " is missing: it was removed from storage");
            }
            if (keys.size() > 1) {
                return Verification.broken(entries, seq, "more than one entry carries number " + seq + " "
                        + keys + ": an entry was inserted");
            }
            String key = keys.get(0);
            AuditEntry entry;
            try {
                entry = STRICT.readValue(store.getBytes(key));
            } catch (IOException | RuntimeException e) {
                return Verification.broken(entries, seq, "entry " + seq + " (" + key
                        + ") can no longer be read as an audit entry: " + firstLine(e.getMessage()));
            }
            if (entry.seq() != seq) {
                return Verification.broken(entries, seq, "the object for entry " + seq + " holds entry "
                        + entry.seq() + ": entries were moved or swapped");
            }
            if (!entry.hash().equals(entry.computeHash())) {
                return Verification.broken(entries, seq, "entry " + seq
                        + " was changed after it was written: its content no longer matches its hash");
            }
            if (!entry.prevHash().equals(prevHash)) {
                return Verification.broken(entries, seq, "entry " + seq + " does not follow entry " + (seq - 1)
                        + ": an entry before it was changed, removed or replaced");
            }
            if (!key.equals(entryKey(seq, entry.time()))) {
                return Verification.broken(entries, seq, "entry " + seq + " is filed under the wrong day: " + key);
            }
            Optional<ChainLink> link;
            try {
                link = chain.link(seq);
            } catch (RuntimeException e) {
                return Verification.broken(entries, seq, "the number record of entry " + seq + " cannot be read: "
                        + firstLine(e.getMessage()));
            }
            if (link.isEmpty()) {
                return Verification.broken(entries, seq, "entry " + seq
                        + " was never given its number by ChartVault: it was inserted");
            }
            if (!link.get().hash().equals(entry.hash()) || !link.get().key().equals(key)) {
                return Verification.broken(entries, seq, "entry " + seq
                        + " is not the entry recorded under its number when it was written: it was replaced");
            }
            if (head.isPresent() && head.get().seq() == seq && !head.get().hash().equals(entry.hash())) {
                return Verification.broken(entries, seq, "entry " + seq + " is not the entry the head of the trail names");
            }
            prevHash = entry.hash();
        }
        return Verification.intact(entries);
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
                        } catch (RuntimeException e) {
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

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
