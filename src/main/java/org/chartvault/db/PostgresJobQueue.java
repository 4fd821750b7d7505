package org.chartvault.db;

import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobQueue;
import org.chartvault.jobs.StaleClaimException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link JobQueue} in PostgreSQL (table {@code jobs}, V2), shared by every node of one archive. Times that decide
 * who may run a job are the database's {@code now()}, so the nodes' clocks do not matter.
 *
 * <p><b>Claims.</b> A job is due when its {@code run_at} has passed and nobody holds it ({@code lease_until} null or
 * past). {@link #poll} claims one with {@code SELECT ... FOR UPDATE SKIP LOCKED}, so pollers on every node never wait
 * for each other and never get the same job: the claim adds one to the job's fencing token and holds it for a
 * lease, which the worker renews with {@link #stillOwns}. {@link #complete}, {@link #retry} and {@link #stillOwns}
 * match on the token: once the job was claimed again, an older claim changes nothing ({@link StaleClaimException}).
 * The claims of a node that died lapse at the end of their lease, and the jobs are due again, without a restart.
 *
 * <p><b>Recorded, not released.</b> {@link #record} inserts the job held by this node (a lease like a claim's,
 * renewed by this queue while the job stays unreleased); {@link #release} drops the hold. So no node runs a job whose
 * subject is still being written, yet the jobs of a node that died between the two run once their hold lapses:
 * what the embedded queue does at the next start. A hold that lapsed is not renewed again (any node may have taken
 * the job), and a release that comes after all (the recorder only stalled) makes the job run once more from the
 * start: it revokes an early claim (a new token) or, if the early run already finished without the subject,
 * records the job again.
 *
 * <p><b>Waiting.</b> {@link #poll} does not query in a loop: one LISTEN connection wakes this node's pollers when a
 * job is released or retried on any node (NOTIFY); otherwise they sleep until the earliest moment a job may become
 * due (a {@code run_at}, the end of a lease), and look again at least every {@link #RECHECK} in case a
 * notification was lost.
 */
public final class PostgresJobQueue implements JobQueue {
    private static final Logger log = LoggerFactory.getLogger(PostgresJobQueue.class);
    /** Long enough that a GC pause or a slow disk does not lose a job; short enough that a dead node's jobs wait little. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    private static final String CHANNEL = "chartvault_jobs";
    /** The longest an idle poller trusts that nothing is due without asking the database again. */
    static final Duration RECHECK = Duration.ofSeconds(5);
    /** The shortest pause between two looks: a job that looks due may be in the middle of another node's claim. */
    private static final Duration LEAST_PAUSE = Duration.ofMillis(50);
    /** How long the listener waits for notifications at a time: also how soon it notices {@link #close}. */
    private static final int LISTEN_TURN_MILLIS = 250;
    private static final String COLUMNS = "job_id, kind, subject, created_at, attempts, run_at, last_error, fencing";

    private final DataSource dataSource;
    private final Duration lease;
    /** Who holds a job, in the table for people looking into a stuck one: process id and host. */
    private final String node = ManagementFactory.getRuntimeMXBean().getName();
    /** Jobs this node recorded and has not released: their holds are renewed until then. */
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    private final Thread listener;
    private volatile boolean closed;

    /** Pollers wait on this; a notification (or a lost listener) counts up {@code generation} and wakes them. */
    private final Object signal = new Object();
    private long generation;
    /** System.nanoTime() before which no job can be due, as far as the last look found; guarded by {@code signal}. */
    private long quietUntil = System.nanoTime();

    public PostgresJobQueue(Database database, Duration lease) {
        if (lease.compareTo(Duration.ofMillis(300)) < 0) throw new IllegalArgumentException("lease too short: " + lease);
        this.dataSource = database.dataSource();
        this.lease = lease;
        this.listener = new Thread(this::listen, "job-queue-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void submit(Job job) throws IOException {
        insert(job, true);
        notifyPollers();
    }

    @Override
    public void record(Job job) throws IOException {
        insert(job, false);
        holding.add(job.jobId());
    }

    private void insert(Job job, boolean released) throws IOException {
        long delayMillis = Math.max(0, Duration.between(job.createdAt(), job.notBefore()).toMillis());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO jobs (job_id, kind, subject, created_at, attempts, run_at, last_error, released,
                                       lease_until, held_by)
                     VALUES (?, ?, ?, ?, ?, now() + make_interval(secs => ?), ?, ?,
                             CASE WHEN ? THEN NULL ELSE now() + make_interval(secs => ?) END,
                             CASE WHEN ? THEN NULL ELSE ? END)
                     ON CONFLICT (job_id) DO NOTHING""")) {
            insert.setString(1, job.jobId());
            insert.setString(2, job.kind());
            insert.setString(3, job.subject());
            insert.setObject(4, OffsetDateTime.ofInstant(job.createdAt(), ZoneOffset.UTC));
            insert.setInt(5, job.attempts());
            insert.setDouble(6, delayMillis / 1000.0);
            insert.setString(7, job.lastError());
            insert.setBoolean(8, released);
            insert.setBoolean(9, released);
            insert.setDouble(10, Sql.seconds(lease));
            insert.setBoolean(11, released);
            insert.setString(12, node);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public void release(Job job) {
        holding.remove(job.jobId());
        try (Connection connection = dataSource.getConnection()) {
            // A claim made while the hold had lapsed was made before the subject was there: revoke it, run afresh.
            int released = Sql.update(connection, """
                    UPDATE jobs SET released = true, lease_until = NULL, held_by = NULL, fencing = fencing + 1
                    WHERE job_id = ? AND NOT released""", job.jobId());
            if (released == 0) {
                try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM jobs WHERE job_id = ?")) {
                    exists.setString(1, job.jobId());
                    try (ResultSet row = exists.executeQuery()) {
                        if (!row.next()) {
                            log.warn("Job {} ({} {}) ran while its recorder stalled, before its subject was written; "
                                    + "it runs again", job.jobId(), job.kind(), job.subject());
                            insert(job, true);
                        }
                    }
                }
            }
            notifyPollers(connection);
        } catch (SQLException | IOException e) {
            log.warn("Could not release job {}; it runs once this node's hold on it lapses", job.jobId(), e);
        }
    }

    @Override
    public Optional<Job> poll(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closed) {
            long seen;
            boolean look;
            synchronized (signal) {
                seen = generation;
                look = System.nanoTime() - quietUntil >= 0;
            }
            if (look) {
                long pause;
                try {
                    Optional<Job> claimed = claim();
                    if (claimed.isPresent()) return claimed;
                    pause = untilSomethingMayBeDue();
                } catch (SQLException e) {
                    log.warn("Could not look for due jobs: {}", e.getMessage());
                    pause = RECHECK.toNanos();
                }
                synchronized (signal) {
                    // a notification since the look means the look is out of date: do not sleep on it
                    if (generation == seen) quietUntil = System.nanoTime() + pause;
                }
            }
            synchronized (signal) {
                while (generation == seen) {
                    long left = Math.min(deadline, quietUntil) - System.nanoTime();
                    if (left <= 0) break;
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                }
            }
            if (System.nanoTime() - deadline >= 0) return Optional.empty();
        }
        return Optional.empty();
    }

    /** Claims the due job that has waited longest, if there is one. */
    private Optional<Job> claim() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement("""
                     UPDATE jobs SET fencing = fencing + 1, lease_until = now() + make_interval(secs => ?), held_by = ?
                     WHERE job_id = (SELECT job_id FROM jobs
                                     WHERE run_at <= now() AND (lease_until IS NULL OR lease_until <= now())
                                     ORDER BY run_at, created_at
                                     LIMIT 1
                                     FOR UPDATE SKIP LOCKED)
                     RETURNING\s""" + COLUMNS)) {
            claim.setDouble(1, Sql.seconds(lease));
            claim.setString(2, node);
            try (ResultSet row = claim.executeQuery()) {
                return row.next() ? Optional.of(job(row, row.getLong("fencing"))) : Optional.empty();
            }
        }
    }

    /** Nanoseconds until the earliest moment a job may become due, between {@link #LEAST_PAUSE} and {@link #RECHECK}. */
    private long untilSomethingMayBeDue() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT EXTRACT(EPOCH FROM min(greatest(run_at, coalesce(lease_until, run_at))) - now())
                     FROM jobs""")) {
            row.next();
            double seconds = row.getDouble(1);
            if (row.wasNull()) return RECHECK.toNanos();
            long nanos = (long) (seconds * 1e9);
            return Math.clamp(nanos, LEAST_PAUSE.toNanos(), RECHECK.toNanos());
        }
    }

    @Override
    public void complete(Job job) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            int done = Sql.update(connection, "DELETE FROM jobs WHERE job_id = ? AND fencing = ?", job.jobId(),
                    job.fencingToken());
            if (done == 0) throw new StaleClaimException(job);
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public void completeRecorded(Job job) throws IOException {
        holding.remove(job.jobId());
        complete(job); // fencing 0: refused if a worker claimed it once the hold lapsed
    }

    @Override
    public void retry(Job job, String error, Duration delay) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            int again = Sql.update(connection, """
                    UPDATE jobs SET attempts = attempts + 1, run_at = now() + make_interval(secs => ?), last_error = ?,
                                    lease_until = NULL, held_by = NULL
                    WHERE job_id = ? AND fencing = ?""", Sql.seconds(delay), error, job.jobId(), job.fencingToken());
            if (again == 0) throw new StaleClaimException(job);
            notifyPollers(connection);
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public boolean stillOwns(Job job) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            return Sql.update(connection, """
                    UPDATE jobs SET lease_until = now() + make_interval(secs => ?), held_by = ?
                    WHERE job_id = ? AND fencing = ?""", Sql.seconds(lease), node, job.jobId(), job.fencingToken()) == 1;
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public Optional<Duration> lease() {
        return Optional.of(lease);
    }

    @Override
    public List<Job> pending() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM jobs ORDER BY created_at, job_id")) {
            List<Job> jobs = new ArrayList<>();
            while (rows.next()) jobs.add(job(rows, 0)); // a list of jobs, not claims on them
            return jobs;
        } catch (SQLException e) {
            throw new UncheckedIOException(Sql.unavailable(e));
        }
    }

    /** Stops listening and renewing this node's holds (they lapse, and their jobs run elsewhere); claims stay. */
    @Override
    public void close() {
        closed = true;
        wakePollers();
        try {
            listener.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The listener thread: wakes this node's pollers on every notification, and renews this node's holds on
     * recorded jobs a few times per lease. On a lost connection it wakes the pollers (they look on their own
     * until it is back) and connects again.
     */
    private void listen() {
        long renewEvery = lease.dividedBy(3).toNanos();
        long nextRenewal = System.nanoTime();
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                wakePollers(); // whatever was notified while nobody listened
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(LISTEN_TURN_MILLIS);
                    if (received != null && received.length > 0) wakePollers();
                    if (System.nanoTime() - nextRenewal >= 0) {
                        renewHolds(connection);
                        nextRenewal = System.nanoTime() + renewEvery;
                    }
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UNLISTEN *"); // the connection goes back to the pool
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                log.warn("The job queue lost its database connection; trying again in a second", e);
                wakePollers();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void renewHolds(Connection connection) throws SQLException {
        if (holding.isEmpty()) return;
        try (PreparedStatement renew = connection.prepareStatement("""
                UPDATE jobs SET lease_until = now() + make_interval(secs => ?)
                WHERE job_id = ANY (?) AND NOT released AND fencing = 0 AND lease_until > now()""")) {
            renew.setDouble(1, Sql.seconds(lease));
            renew.setArray(2, connection.createArrayOf("text", holding.toArray()));
            renew.executeUpdate();
        }
    }

    private void wakePollers() {
        synchronized (signal) {
            generation++;
            quietUntil = System.nanoTime();
            signal.notifyAll();
        }
    }

    /** Tells the pollers of every node, this one's included, that a job may be due sooner than they thought. */
    private void notifyPollers() {
        try (Connection connection = dataSource.getConnection()) {
            notifyPollers(connection);
        } catch (SQLException e) {
            log.debug("Could not notify the job pollers; they look again within {}", RECHECK, e);
        }
    }

    private static void notifyPollers(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + CHANNEL);
        }
    }

    private static Job job(ResultSet row, long fencingToken) throws SQLException {
        return new Job(row.getString("job_id"), row.getString("kind"), row.getString("subject"),
                instant(row, "created_at"), row.getInt("attempts"), instant(row, "run_at"), row.getString("last_error"),
                fencingToken);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

}
