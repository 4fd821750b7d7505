package org.chartvault.audit;

import org.chartvault.Json;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.Optional;

/**
 * {@link AuditChain} in the object store: one small object per sequence number, written with
 * {@code putIfAbsent} so that of two writers (threads or nodes) racing for a number exactly one wins, and a
 * head object so start-up reads one object instead of listing the whole trail.
 */
public final class ObjectStoreAuditChain implements AuditChain {
    /** One object per claimed number; the number alone names it, whatever day the entry is filed under. */
    static final String LINKS = "audit-chain/";
    /** Last link written; overwritten on every append. */
    static final String HEAD = LINKS + "head.json";
    private static final String JSON = "application/json";

    private final ObjectStore store;

    public ObjectStoreAuditChain(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Optional<ChainLink> head() throws IOException {
        return read(HEAD);
    }

    @Override
    public boolean claim(ChainLink link) throws IOException {
        return store.putIfAbsent(linkKey(link.seq()), Json.bytes(link), JSON).isPresent();
    }

    /**
     * Writes the link's record whoever decided the number (a database, when several nodes number the trail, or the
     * claim of the batch it belongs to): the store keeps every record, so the trail verifies from the store alone.
     */
    @Override
    public void record(ChainLink link) throws IOException {
        store.put(linkKey(link.seq()), Json.bytes(link), JSON);
    }

    @Override
    public Optional<ChainLink> link(long seq) throws IOException {
        return read(linkKey(seq));
    }

    @Override
    public void advanceHead(ChainLink link) throws IOException {
        // Read-then-write: two nodes can still interleave here, leaving the head one step behind; a lagging
        // head only costs start-up a few extra link reads, and verify() walks the links themselves.
        Optional<ChainLink> current = head();
        if (current.isPresent() && current.get().seq() >= link.seq()) return;
        store.put(HEAD, Json.bytes(link.withoutFollowing()), JSON);
    }

    /** {@code audit-chain/000000000042.json}: zero-padded to 12 digits so keys sort in sequence order. */
    static String linkKey(long seq) {
        return LINKS + String.format("%012d", seq) + ".json";
    }

    private Optional<ChainLink> read(String key) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(key), ChainLink.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
