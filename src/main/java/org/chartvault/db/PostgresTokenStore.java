package org.chartvault.db;

import org.chartvault.security.ApiToken;
import org.chartvault.security.TokenStore;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TokenStore} in PostgreSQL: a revoked token stops working on every node with the next request. */
public final class PostgresTokenStore implements TokenStore {
    private final Database database;

    public PostgresTokenStore(Database database) {
        this.database = database;
    }

    @Override
    public void create(ApiToken t) throws IOException {
        try {
            database.inTransaction(c -> Sql.update(c, "INSERT INTO api_tokens (secret_sha256, id, name, owner, created, expires) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", t.secretSha256(), t.id(), t.name(), t.owner(),
                    Timestamp.from(t.created()), t.expires() == null ? null : Timestamp.from(t.expires())));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretSha256) throws IOException {
        return query("SELECT * FROM api_tokens WHERE secret_sha256 = ?", secretSha256).stream().findFirst();
    }

    @Override
    public List<ApiToken> all() throws IOException {
        return query("SELECT * FROM api_tokens ORDER BY created, id");
    }

    @Override
    public void delete(ApiToken token) throws IOException {
        try {
            database.inTransaction(c -> Sql.update(c, "DELETE FROM api_tokens WHERE secret_sha256 = ?", token.secretSha256()));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    private List<ApiToken> query(String sql, Object... values) throws IOException {
        try {
            return database.inTransaction(c -> {
                List<ApiToken> tokens = new ArrayList<>();
                try (PreparedStatement statement = Sql.prepare(c, sql, values); ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Timestamp expires = rows.getTimestamp("expires");
                        tokens.add(new ApiToken(rows.getString("id"), rows.getString("name"), rows.getString("owner"),
                                rows.getTimestamp("created").toInstant(), rows.getString("secret_sha256"),
                                expires == null ? null : expires.toInstant()));
                    }
                }
                return tokens;
            });
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }
}
