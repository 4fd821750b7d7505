package org.chartvault.db;

import org.chartvault.ingest.BatchEvents;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Batch progress nudges between nodes over PostgreSQL's LISTEN/NOTIFY: each node publishes the batch ids its
 * workers moved, and one thread per node listens and passes the others' on to its own watchers. A nudge lost
 * while the listening connection is re-opened costs a watcher a delay only; progress is always read from storage.
 */
public final class PostgresBatchRelay implements BatchEvents.Relay, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresBatchRelay.class);
    private static final String CHANNEL = "batch_progress";

    private final Database database;
    private final Thread listener;
    private volatile boolean closed;

    public PostgresBatchRelay(Database database, BatchEvents events) {
        this.database = database;
        this.listener = Thread.ofPlatform().name("batch-relay").daemon().unstarted(() -> listen(events));
        listener.start();
    }

    @Override
    public void publish(String batchId) {
        try {
            database.inTransaction(c -> {
                try (var s = Sql.prepare(c, "SELECT pg_notify(?, ?)", CHANNEL, batchId)) {
                    s.execute();
                }
                return null;
            });
        } catch (SQLException e) {
            log.debug("A batch progress nudge was not relayed to the other nodes", e);
        }
    }

    private void listen(BatchEvents events) {
        while (!closed) {
            try (Connection connection = database.dataSource().getConnection()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] arrived = pg.getNotifications(1000);
                    if (arrived == null) continue;
                    for (PGNotification n : arrived) events.arrived(n.getParameter());
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                log.warn("Listening for other nodes' batch progress failed; listening again in a few seconds: {}", e.toString());
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
    }
}
