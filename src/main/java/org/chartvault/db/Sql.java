package org.chartvault.db;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The two JDBC chores every PostgreSQL store repeats: binding values, and saying the database is unavailable. */
final class Sql {
    private Sql() {
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) statement.setObject(i + 1, values[i]);
        return statement;
    }

    static int update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, values)) {
            return statement.executeUpdate();
        }
    }

    /** A duration as the seconds PostgreSQL's {@code make_interval(secs => ?)} takes. */
    static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** A database failure is the server's passing problem, answered 503 like a storage failure. */
    static IOException unavailable(SQLException e) {
        return new IOException("the shared database is unavailable: " + e.getMessage(), e);
    }
}
