package org.chartvault.db;

import org.chartvault.storage.Leases;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * {@link Leases} as rows of the {@code leases} table. Expiry is measured on the database's clock, so nodes whose
 * clocks disagree still agree on who holds a lease.
 */
public final class PostgresLeases implements Leases {
    private final Database database;

    public PostgresLeases(Database database) {
        this.database = database;
    }

    @Override
    public OptionalLong acquire(String name, String holder, Duration ttl) throws IOException {
        String sql = """
                INSERT INTO leases AS l (name, holder, expires_at, fencing)
                VALUES (?, ?, now() + make_interval(secs => ?), 1)
                ON CONFLICT (name) DO UPDATE SET
                    holder = EXCLUDED.holder,
                    expires_at = EXCLUDED.expires_at,
                    fencing = CASE WHEN l.holder = EXCLUDED.holder THEN l.fencing ELSE l.fencing + 1 END
                WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
                RETURNING fencing
                """;
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = Sql.prepare(c, sql, name, holder, Sql.seconds(ttl));
                     ResultSet rows = s.executeQuery()) {
                    return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
                }
            });
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public void release(String name, String holder) throws IOException {
        try {
            database.inTransaction(c -> Sql.update(c, "UPDATE leases SET expires_at = now() WHERE name = ? AND holder = ?",
                    name, holder));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }
}
