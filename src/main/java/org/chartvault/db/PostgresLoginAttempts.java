package org.chartvault.db;

import org.chartvault.security.LoginAttempts;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link LoginAttempts} in PostgreSQL: one row per client address, counted and checked against the limit in one
 * statement, so guesses spread over several nodes at the same moment share one count.
 */
public final class PostgresLoginAttempts implements LoginAttempts {
    private final Database database;
    private final Duration window;

    public PostgresLoginAttempts(Database database, Duration window) {
        this.database = database;
        this.window = window;
    }

    @Override
    public int recentFailures(String clientAddress, Instant now) throws IOException {
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = Sql.prepare(c, "SELECT failures FROM login_failures WHERE client_address = ? "
                        + "AND window_start + make_interval(secs => ?) > ?", address(clientAddress), seconds(), Timestamp.from(now));
                     ResultSet rows = s.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            });
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    /** A new window starts when the old one has run out; otherwise one more, but only while under the limit. */
    @Override
    public boolean tryCount(String clientAddress, Instant now, int limit) throws IOException {
        String sql = """
                INSERT INTO login_failures AS f (client_address, window_start, failures) VALUES (?, ?, 1)
                ON CONFLICT (client_address) DO UPDATE SET
                    window_start = CASE WHEN f.window_start + make_interval(secs => ?) <= EXCLUDED.window_start
                                        THEN EXCLUDED.window_start ELSE f.window_start END,
                    failures     = CASE WHEN f.window_start + make_interval(secs => ?) <= EXCLUDED.window_start
                                        THEN 1 ELSE f.failures + 1 END
                WHERE f.window_start + make_interval(secs => ?) <= EXCLUDED.window_start OR f.failures < ?
                """;
        try {
            return database.inTransaction(c -> Sql.update(c, sql, address(clientAddress), Timestamp.from(now),
                    seconds(), seconds(), seconds(), limit)) == 1;
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public void forgive(String clientAddress, Instant now) throws IOException {
        try {
            database.inTransaction(c -> Sql.update(c, "UPDATE login_failures SET failures = failures - 1 "
                            + "WHERE client_address = ? AND failures > 0 AND window_start + make_interval(secs => ?) > ?",
                    address(clientAddress), seconds(), Timestamp.from(now)));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    private double seconds() {
        return Sql.seconds(window);
    }

    private static String address(String clientAddress) {
        return clientAddress == null ? "unknown" : clientAddress;
    }
}
