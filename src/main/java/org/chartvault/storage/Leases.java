package org.chartvault.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Work that must run on one node only, for the whole archive (the automatic purge, a watched folder): the node
 * holding the named lease does it, renewing the lease while it works; when it dies the lease runs out and another
 * node takes over. The embedded implementation is this process alone; nodes sharing a database use a lease row.
 */
public interface Leases {

    /**
     * Takes the lease for {@code holder}, or renews it when {@code holder} has it already, for {@code ttl}. Returns
     * the lease's fencing token (it grows each time the lease changes hands), or empty while another holder has it.
     */
    OptionalLong acquire(String name, String holder, Duration ttl) throws IOException;

    /** Gives the lease up early (a clean stop), so that another node need not wait for it to run out. */
    void release(String name, String holder) throws IOException;

    /** One process: every lease is this process's. */
    static Leases inProcess() {
        return new Leases() {
            private final java.util.Map<String, Long> tokens = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public OptionalLong acquire(String name, String holder, Duration ttl) {
                return OptionalLong.of(tokens.computeIfAbsent(name, n -> 1L));
            }

            @Override
            public void release(String name, String holder) {
                // nobody else could want it
            }
        };
    }
}
