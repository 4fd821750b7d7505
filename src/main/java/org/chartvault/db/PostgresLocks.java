package org.chartvault.db;

import org.chartvault.Sha256;
import org.chartvault.storage.Locks;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * {@link Locks} shared by every node: PostgreSQL session advisory locks, keyed by a 64-bit hash of the lock's
 * name. A thread keeps one connection while it holds any lock, so taking a lock it holds already (a document
 * update inside a page edit) stacks on the same session instead of waiting for itself. If the connection is lost
 * the database releases the locks; work that must never be done twice is also fenced (see the job queue).
 */
public final class PostgresLocks implements Locks {
    private final DataSource dataSource;
    private final ThreadLocal<Session> sessions = new ThreadLocal<>();

    /** The connection this thread holds its locks on, and how many it holds. */
    private static final class Session {
        final Connection connection;
        int held;

        Session(Connection connection) {
            this.connection = connection;
        }
    }

    public PostgresLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T, E extends Exception> T withLock(String name, Action<T, E> action) throws E {
        try (Held held = hold(java.util.List.of(name))) {
            return action.run();
        }
    }

    @Override
    public Held hold(Collection<String> names) {
        long[] keys = names.stream().mapToLong(PostgresLocks::key).distinct().sorted().toArray();
        Session session = session();
        int taken = 0;
        try {
            for (long key : keys) {
                call(session, "SELECT pg_advisory_lock(?)", key);
                taken++;
                session.held++;
            }
        } catch (RuntimeException e) {
            release(session, keys, taken);
            throw e;
        }
        return () -> release(session, keys, keys.length);
    }

    private void release(Session session, long[] keys, int taken) {
        try {
            for (int k = taken - 1; k >= 0; k--) {
                session.held--;
                call(session, "SELECT pg_advisory_unlock(?)", keys[k]);
            }
        } finally {
            if (session.held == 0) {
                sessions.remove();
                try {
                    session.connection.close();
                } catch (SQLException e) {
                    // the pool discards a broken connection; its locks ended with it
                }
            }
        }
    }

    private Session session() {
        Session session = sessions.get();
        if (session != null) return session;
        try {
            session = new Session(dataSource.getConnection());
        } catch (SQLException e) {
            throw unavailable(e);
        }
        sessions.set(session);
        return session;
    }

    private static void call(Session session, String sql, long key) {
        try (PreparedStatement statement = session.connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            statement.execute();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    static UncheckedIOException unavailable(SQLException e) {
        return new UncheckedIOException(new IOException("the shared database is unavailable: " + e.getMessage(), e));
    }

    /** The first 8 bytes of the name's SHA-256: names never collide in practice, and any name fits. */
    static long key(String name) {
        return ByteBuffer.wrap(Sha256.of(name), 0, Long.BYTES).getLong();
    }
}
