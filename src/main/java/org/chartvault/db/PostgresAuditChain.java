package org.chartvault.db;

import org.chartvault.Json;
import org.chartvault.audit.AuditChain;
import org.chartvault.audit.ChainLink;
import org.chartvault.audit.ObjectStoreAuditChain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The audit trail's numbering decided by PostgreSQL ({@code seq} is the primary key: of two nodes claiming a number
 * exactly one wins), with every record also written to the object store as the embedded chain writes it, so that
 * {@code verify} and a rebuild need nothing but the store.
 */
public final class PostgresAuditChain implements AuditChain {
    private final Database database;
    private final ObjectStoreAuditChain store;

    public PostgresAuditChain(Database database, ObjectStoreAuditChain store) throws IOException {
        this.database = database;
        this.store = store;
        adoptTheStoresTrail();
    }

    /**
     * An archive that ran without a database (or whose database was lost) has its numbering in the store only: the
     * table starts from the store's last record, so no number the store holds is handed out again.
     */
    private void adoptTheStoresTrail() throws IOException {
        if (one("SELECT link FROM audit_sequence LIMIT 1").isPresent()) return;
        ChainLink last = store.head().orElse(null);
        for (Optional<ChainLink> next = store.link(last == null ? 1 : last.seq() + 1); next.isPresent();
             next = store.link(next.get().seq() + 1)) {
            last = next.get();
        }
        if (last == null) return;
        ChainLink end = last;
        try {
            database.inTransaction(c -> Sql.update(c, "INSERT INTO audit_sequence (seq, link) VALUES (?, ?) "
                    + "ON CONFLICT (seq) DO NOTHING", end.seq(), new String(Json.bytes(end), StandardCharsets.UTF_8)));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public Optional<ChainLink> head() throws IOException {
        return one("SELECT link FROM audit_sequence ORDER BY seq DESC LIMIT 1");
    }

    @Override
    public boolean claim(ChainLink link) throws IOException {
        int inserted;
        try {
            inserted = database.inTransaction(c -> Sql.update(c, "INSERT INTO audit_sequence (seq, link) VALUES (?, ?) "
                    + "ON CONFLICT (seq) DO NOTHING", link.seq(), new String(Json.bytes(link), StandardCharsets.UTF_8)));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
        if (inserted == 0) return false;
        store.record(link);
        return true;
    }

    /** Numbers from before the database took over are only in the store. */
    @Override
    public Optional<ChainLink> link(long seq) throws IOException {
        Optional<ChainLink> link = one("SELECT link FROM audit_sequence WHERE seq = ?", seq);
        return link.isPresent() ? link : store.link(seq);
    }

    @Override
    public void advanceHead(ChainLink link) throws IOException {
        store.advanceHead(link);
    }

    private Optional<ChainLink> one(String sql, Object... values) throws IOException {
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = Sql.prepare(c, sql, values); ResultSet rows = s.executeQuery()) {
                    return rows.next()
                            ? Optional.of(Json.read(rows.getString(1).getBytes(StandardCharsets.UTF_8), ChainLink.class))
                            : Optional.<ChainLink>empty();
                }
            });
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }
}
