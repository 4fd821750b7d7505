package org.chartvault.bench;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.AuditKey;
import org.chartvault.audit.AuditKeys;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.ObjectStoreAuditChain;
import org.chartvault.audit.Target;
import org.chartvault.audit.Verification;
import org.chartvault.db.Database;
import org.chartvault.db.PostgresAuditChain;
import org.chartvault.storage.LocalDiskStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code ./chartvault bench audit}: audit appends per second with 1 writer and with 8 at once, on the local-disk
 * store as it is and with every fsync made {@code --delay-ms} slower (a slow disk played by
 * {@link LocalDiskStore.Fsync}), and with the numbering in PostgreSQL ({@code --postgres true}). Each cell is a
 * fresh trail; after it the trail is verified and must hold every acknowledged entry.
 */
final class AuditBench {
    private final int seconds;
    private final int delayMs;
    private final Report report;

    private AuditBench(int seconds, int delayMs, Report report) {
        this.seconds = seconds;
        this.delayMs = delayMs;
        this.report = report;
    }

    static void run(List<String> args) throws Exception {
        Options options = Options.parse(args, Set.of("seconds", "delay-ms", "postgres"));
        int seconds = options.integer("seconds", 10);
        int delayMs = options.integer("delay-ms", 25);
        if (seconds < 1 || delayMs < 0) throw new IllegalArgumentException("--seconds must be at least 1 and --delay-ms at least 0");
        Report report = new Report("audit", "./chartvault bench audit" + options.asArguments());
        new AuditBench(seconds, delayMs, report).measure(options.flag("postgres"));
        report.finish(System.out);
    }

    private record Setup(String name, LocalDiskStore.Fsync fsync, boolean postgres) {
    }

    private record Cell(int writers, long appends, double perSecond, double p50, double p95, double fsyncsPerAppend,
                        String verified, String load) {
    }

    private void measure(boolean postgres) throws Exception {
        List<Setup> setups = new ArrayList<>();
        setups.add(new Setup("local disk", LocalDiskStore.Fsync.FORCE, false));
        setups.add(new Setup("local disk, every fsync +" + delayMs + " ms", slow(delayMs), false));
        if (postgres) setups.add(new Setup("local disk + PostgreSQL numbering", LocalDiskStore.Fsync.FORCE, true));
        Table table = report.table(new Table("Audit appends, " + seconds + " s per cell",
                "store", "writers", "appends", "appends/s", "vs 1 writer", "p50 ms", "p95 ms", "fsyncs per append",
                "trail verifies", "load average"));
        for (Setup setup : setups) {
            Cell one = cell(setup, 1);
            Cell eight = cell(setup, 8);
            for (Cell c : List.of(one, eight)) {
                table.row(setup.name(), c.writers(), c.appends(), Stats.num(c.perSecond(), 1),
                        Stats.ratio(c.perSecond(), one.perSecond()), Stats.ms(c.p50()), Stats.ms(c.p95()),
                        Stats.num(c.fsyncsPerAppend(), 2), c.verified(), c.load());
            }
            String prefix = setup.postgres() ? "postgres" : setup.fsync() == LocalDiskStore.Fsync.FORCE ? "local" : "slow";
            report.figure(prefix + "OneWriterPerSecond", one.perSecond());
            report.figure(prefix + "EightWritersPerSecond", eight.perSecond());
            report.figure(prefix + "EightToOne", eight.perSecond() / one.perSecond());
            report.note(setup.name() + ": 8 writers / 1 writer = " + Stats.ratio(eight.perSecond(), one.perSecond())
                    + " (target >= 4x: " + (eight.perSecond() >= 4 * one.perSecond() ? "met" : "missed") + ")"
                    + (setup.fsync() == LocalDiskStore.Fsync.FORCE && !setup.postgres()
                    ? "; 8 writers " + Stats.num(eight.perSecond(), 0) + "/s (target >= 1,000/s: "
                    + (eight.perSecond() >= 1000 ? "met" : "missed") + ")" : ""));
        }
    }

    /** A disk whose every flush takes {@code ms} longer; flushes asked for at the same time overlap. */
    private static LocalDiskStore.Fsync slow(int ms) {
        return channel -> {
            channel.force(true);
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while playing a slow disk");
            }
        };
    }

    private Cell cell(Setup setup, int writers) throws Exception {
        Path dir = Files.createTempDirectory("chartvault-bench-audit-");
        AtomicLong fsyncs = new AtomicLong();
        LocalDiskStore.Fsync counted = channel -> {
            fsyncs.incrementAndGet();
            setup.fsync().force(channel);
        };
        AuditKeys keys = AuditKeys.of(AuditKey.generate());
        Database database = setup.postgres() ? Database.open(org.chartvault.testing.Postgres.freshDatabase()) : null;
        try (LocalDiskStore store = new LocalDiskStore(dir, counted)) {
            AuditLog audit = database == null ? AuditLog.inObjectStore(store, keys, Clock.systemUTC())
                    : new AuditLog(store, new PostgresAuditChain(database, new ObjectStoreAuditChain(store)), keys,
                    Clock.systemUTC(), AuditLog.DEFAULT_CHECKPOINT_EVERY, AuditLog.DEFAULT_CHECKPOINT_RETENTION);
            int warmUp = 20;
            for (int i = 0; i < warmUp; i++) audit.append(event("warm-up", i));
            long fsyncsBefore = fsyncs.get();
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<long[]>> results = new ArrayList<>();
            long[] window = new long[2];
            try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
                for (int w = 0; w < writers; w++) {
                    String user = "writer-" + w;
                    results.add(pool.submit(() -> {
                        start.await();
                        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                        long[] nanos = new long[1024];
                        int count = 0;
                        while (System.nanoTime() < deadline) {
                            long t0 = System.nanoTime();
                            audit.append(event(user, count));
                            if (count == nanos.length) nanos = java.util.Arrays.copyOf(nanos, count * 2);
                            nanos[count++] = System.nanoTime() - t0;
                        }
                        return java.util.Arrays.copyOf(nanos, count);
                    }));
                }
                window[0] = System.nanoTime();
            }
            window[1] = System.nanoTime();
            List<Long> all = new ArrayList<>();
            for (Future<long[]> f : results) for (long n : f.get()) all.add(n);
            long[] sorted = Stats.sorted(all.stream().mapToLong(Long::longValue).toArray());
            long appends = sorted.length;
            double elapsed = (window[1] - window[0]) / 1e9;
            double fsyncsPerAppend = (fsyncs.get() - fsyncsBefore) / (double) appends;
            Verification v = audit.verify();
            String verified = v.valid() && v.entries() == warmUp + appends ? "yes, " + v.entries() + " entries"
                    : "NO: " + v.entries() + " entries for " + (warmUp + appends) + " appended; " + v.reason();
            if (database != null) {
                long[] held = tableSize(database, "audit_sequence");
                report.note(setup.name() + ", " + writers + " writer(s): PostgreSQL holds " + held[1] + " rows, "
                        + held[0] / 1024 + " KB in audit_sequence with its index, "
                        + Stats.num((double) held[0] / (warmUp + appends), 0) + " bytes per audit entry");
            }
            return new Cell(writers, appends, appends / elapsed, Stats.percentile(sorted, 50),
                    Stats.percentile(sorted, 95), fsyncsPerAppend, verified, Machine.loadAverage());
        } finally {
            if (database != null) database.close();
            deleteTree(dir);
        }
    }

    /** A table's size on disk with its indexes and TOAST, and its rows. */
    private static long[] tableSize(Database database, String table) throws java.sql.SQLException {
        try (var connection = database.dataSource().getConnection();
             var query = connection.prepareStatement("SELECT pg_total_relation_size(?::regclass), (SELECT count(*) FROM "
                     + table + ")")) {
            query.setString(1, table);
            try (var rows = query.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    private static AuditEvent event(String user, int i) {
        return AuditEvent.of(user, List.of("roi"), "10.0.0.1", AuditActions.SEARCH, Target.search("bench " + i));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
