package org.chartvault.audit;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The ordering of the audit trail: who gets which sequence number, and where the chain ends. This is the part
 * a deployment of several nodes would move to a database (a table with {@code seq} as primary key); the
 * entries themselves stay in the object store. {@link ObjectStoreAuditChain} is the embedded implementation.
 */
public interface AuditChain {

    /**
     * The newest link recorded as the head, or empty for a log never written to. It can lag behind (a writer
     * that stopped between {@link #claim} and {@link #advanceHead}); look further with {@link #link}.
     */
    Optional<ChainLink> head() throws IOException;

    /**
     * Reserves {@code link.seq()} for this entry, and with it the numbers of the links it carries in
     * {@link ChainLink#following} (a batch): all of them or none; false when another writer already holds that
     * number. The records of the following links are written afterwards with {@link #record}.
     */
    boolean claim(ChainLink link) throws IOException;

    /**
     * Writes the record of a link claimed as one of another link's {@link ChainLink#following}, so {@link #link}
     * finds it by its own number. Writing it again is harmless.
     */
    void record(ChainLink link) throws IOException;

    /** The link claimed for {@code seq}, if any (for the first number of a batch: with its following links). */
    Optional<ChainLink> link(long seq) throws IOException;

    /** Moves the head to {@code link}; a head already further along is left where it is. */
    void advanceHead(ChainLink link) throws IOException;

    /**
     * The entries and number records of the batch {@code claim} began are in the store. Where writers on other nodes
     * chain on from the newest claim ({@link #notStored}), this is what tells a claim finished from one whose writer
     * died; the embedded chain needs no such mark.
     */
    default void stored(ChainLink claim) throws IOException {
    }

    /**
     * The first links of batches claimed but not marked {@link #stored} (with their following links), oldest first:
     * batches being stored right now, and those whose writer died before storing them (their entries are in the
     * links, sealed). Empty for the embedded chain, where a start finds such a batch by walking on from the head.
     */
    default List<ChainLink> notStored() throws IOException {
        return List.of();
    }
}
