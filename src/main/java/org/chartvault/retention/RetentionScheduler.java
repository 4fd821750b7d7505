package org.chartvault.retention;

import org.chartvault.storage.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the automatic purge when the schedule turns it on (it is off by default). Looks every few minutes whether
 * the last automatic run is older than the schedule's interval; the time of that run is read from storage, so a
 * restart neither skips nor repeats a purge.
 */
public final class RetentionScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionScheduler.class);
    /** How often the schedule is looked at: a purge every N hours need not start to the minute. */
    private static final Duration LOOK = Duration.ofMinutes(10);

    /** The lease that makes one node, of however many, the one that purges. */
    static final String LEASE = "retention-purge";

    private final RetentionService retention;
    private final Clock clock;
    private final Leases leases;
    private final String node;
    private ScheduledExecutorService timer;

    public RetentionScheduler(RetentionService retention, Clock clock, Leases leases, String node) {
        this.retention = retention;
        this.clock = clock;
        this.leases = leases;
        this.node = node;
    }

    public synchronized void start() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention-schedule");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::look, LOOK.toMinutes(), LOOK.toMinutes(), TimeUnit.MINUTES);
    }

    /** Runs the automatic purge if it is on and due; returns whether it ran. */
    boolean runIfDue() throws IOException {
        RetentionRules rules = retention.rules();
        if (!rules.automaticPurge().enabled()) return false;
        Optional<Instant> last = retention.runs().stream()
                .filter(RetentionRun::automatic)
                .map(RetentionRun::startedAt).findFirst();
        Instant due = last.map(t -> t.plus(Duration.ofHours(rules.automaticPurge().everyHours()))).orElse(Instant.MIN);
        if (clock.instant().isBefore(due)) return false;
        RetentionRun run = retention.runAutomatic(rules);
        log.info("Automatic purge {}: destruction list of {} document(s) awaits approval", run.runId(), run.eligible().size());
        return true;
    }

    void look() {
        try {
            // held a little longer than the time between looks, so the node that purges keeps purging
            if (leases.acquire(LEASE, node, LOOK.multipliedBy(2)).isEmpty()) return;
            runIfDue();
        } catch (IOException | RuntimeException e) {
            log.warn("The automatic purge could not run; it will be tried again", e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        try {
            leases.release(LEASE, node);
        } catch (IOException | RuntimeException e) {
            log.debug("The purge lease was not given up; it runs out by itself", e);
        }
    }
}
