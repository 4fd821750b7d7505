package org.chartvault.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Polls /api/health from another thread while a test does something hard to the service, counting the answers. */
public final class HealthWatch {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private CompletableFuture<Void> loop;

    private HealthWatch() {
    }

    public static HealthWatch start(RunningChartVault.Client client) {
        HealthWatch watch = new HealthWatch();
        watch.loop = CompletableFuture.runAsync(() -> {
            while (watch.running.get()) {
                try {
                    if (client.get("/api/health").status() == 200) watch.answers.incrementAndGet();
                    else watch.failures.incrementAndGet();
                    Thread.sleep(200);
                } catch (Exception e) {
                    watch.failures.incrementAndGet();
                }
            }
        });
        return watch;
    }

    public void stop() {
        running.set(false);
        loop.join();
    }

    public int answers() {
        return answers.get();
    }

    public int failures() {
        return failures.get();
    }
}
