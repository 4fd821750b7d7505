package org.chartvault.db;

import org.chartvault.security.SessionStore;
import org.chartvault.security.StoredSession;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SessionStore} in PostgreSQL: a logout on one node ends the session on every node at once. */
public final class PostgresSessionStore implements SessionStore {
    private final Database database;

    public PostgresSessionStore(Database database) {
        this.database = database;
    }

    @Override
    public void create(StoredSession s) throws IOException {
        update("INSERT INTO sessions (id, username, csrf_token, created, last_seen, client_address) VALUES (?, ?, ?, ?, ?, ?)",
                s.id(), s.username(), s.csrfToken(), Timestamp.from(s.created()), Timestamp.from(s.lastSeen()), s.clientAddress());
    }

    @Override
    public Optional<StoredSession> find(String id) throws IOException {
        List<StoredSession> found = query("SELECT * FROM sessions WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** Only ever moves the last use forward, and never brings back a session that was deleted. */
    @Override
    public void touch(String id, Instant seen) throws IOException {
        update("UPDATE sessions SET last_seen = ? WHERE id = ? AND last_seen < ?", Timestamp.from(seen), id, Timestamp.from(seen));
    }

    @Override
    public void delete(String id) throws IOException {
        update("DELETE FROM sessions WHERE id = ?", id);
    }

    @Override
    public List<StoredSession> all() throws IOException {
        return query("SELECT * FROM sessions");
    }

    private void update(String sql, Object... values) throws IOException {
        try {
            database.inTransaction(c -> Sql.update(c, sql, values));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    private List<StoredSession> query(String sql, Object... values) throws IOException {
        try {
            return database.inTransaction(c -> {
                List<StoredSession> sessions = new ArrayList<>();
                try (PreparedStatement statement = Sql.prepare(c, sql, values); ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sessions.add(new StoredSession(rows.getString("id"), rows.getString("username"),
                                rows.getString("csrf_token"), rows.getTimestamp("created").toInstant(),
                                rows.getTimestamp("last_seen").toInstant(), rows.getString("client_address")));
                    }
                }
                return sessions;
            });
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }
}
