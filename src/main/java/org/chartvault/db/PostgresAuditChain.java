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
import java.util.ArrayList;
import java.util.List;
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
             next = store.link(last.seq() + 1)) {
            last = next.get().last(); // a batch's first record names every number claimed with it
        }
        if (last == null) return;
        ChainLink end = last.withoutFollowing();
        try {
            database.inTransaction(c -> Sql.update(c, "INSERT INTO audit_sequence (seq, link, stored) VALUES (?, ?, true) "
                    + "ON CONFLICT (seq) DO NOTHING", end.seq(), new String(Json.bytes(end), StandardCharsets.UTF_8)));
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public Optional<ChainLink> head() throws IOException {
        return one("SELECT link FROM audit_sequence ORDER BY seq DESC LIMIT 1");
    }

    /**
     * One transaction for the whole batch (the link and its {@link ChainLink#following}): every number or none, one
     * commit for all of them. Each row holds its own link; the first one's also names the following ones, as in the
     * store.
     */
    @Override
    public boolean claim(ChainLink link) throws IOException {
        boolean claimed;
        try {
            claimed = database.inTransaction(c -> {
                for (ChainLink l : link.batch()) {
                    boolean first = l.seq() == link.seq();
                    ChainLink row = first ? link : l;
                    // the batch's first row stands for the batch: it alone is marked stored when the entries are
                    int inserted = Sql.update(c, "INSERT INTO audit_sequence (seq, link, stored) VALUES (?, ?, ?) "
                            + "ON CONFLICT (seq) DO NOTHING", row.seq(), new String(Json.bytes(row), StandardCharsets.UTF_8),
                            !first);
                    if (inserted == 0) {
                        if (l.seq() == link.seq()) return false; // nothing inserted yet: the commit changes nothing
                        throw new SQLException(LOST_MID_BATCH);
                    }
                }
                return true;
            });
        } catch (SQLException e) {
            if (LOST_MID_BATCH.equals(e.getMessage())) return false; // rolled back: none of the numbers is ours
            throw Sql.unavailable(e);
        }
        if (!claimed) return false;
        store.record(link);
        return true;
    }

    /** A number after the batch's first was taken by a writer that did not see the batch: give all of them up. */
    private static final String LOST_MID_BATCH = "audit number taken within the batch";

    @Override
    public void record(ChainLink link) throws IOException {
        store.record(link);
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

    @Override
    public void stored(ChainLink claim) throws IOException {
        try {
            database.inTransaction(c -> {
                // a mark lost in a crash only makes the next start look at the batch again
                try (var s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit = off");
                }
                return Sql.update(c, "UPDATE audit_sequence SET stored = true WHERE seq = ? AND NOT stored", claim.seq());
            });
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
    }

    @Override
    public List<ChainLink> notStored() throws IOException {
        try {
            return database.inTransaction(c -> {
                List<ChainLink> links = new ArrayList<>();
                try (PreparedStatement s = Sql.prepare(c, "SELECT link FROM audit_sequence WHERE NOT stored ORDER BY seq");
                     ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        links.add(Json.read(rows.getString(1).getBytes(StandardCharsets.UTF_8), ChainLink.class));
                    }
                }
                return links;
            });
        } catch (SQLException e) {
            throw Sql.unavailable(e);
        }
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
