package org.chartvault.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import org.chartvault.Json;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints of the trail in the object store, one object per checkpointed entry, written once and never
 * changed; where the store can lock objects each is locked (COMPLIANCE) for the retention period, so the store's
 * own credentials cannot remove it before then.
 */
final class AuditCheckpoints {
    static final String PREFIX = "audit-checkpoints/";
    private static final Pattern KEY = Pattern.compile("audit-checkpoints/(\\d{12})\\.json");
    private static final String JSON = "application/json";
    /** Strict, as for entries: a field added by hand is tampering, not something to skip. */
    private static final ObjectReader STRICT = Json.mapper().readerFor(Checkpoint.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final ObjectStore store;
    private final AuditKeys keys;
    private final Clock clock;
    private final Duration retention;

    AuditCheckpoints(ObjectStore store, AuditKeys keys, Clock clock, Duration retention) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Stores a checkpoint of {@code entry} and returns it; when one exists for that entry already, returns that
     * one. Only an entry this node can authenticate is vouched for: signing whatever the store holds would let a
     * forged head be anchored.
     */
    Checkpoint write(AuditEntry entry) throws IOException {
        AuditKey sealedWith = entry.seal() == null ? null : keys.find(entry.seal().key()).orElse(null);
        if (sealedWith == null || !entry.authenticatesWith(sealedWith)) {
            throw new UnauthenticatedHeadException(entry.seq());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant lockedUntil = store.locksObjects() ? now.plus(retention) : null;
        Checkpoint checkpoint = Checkpoint.sign(entry.seq(), entry.chainValue(), now, lockedUntil, keys.signing());
        if (store.putIfAbsent(keyOf(entry.seq()), Json.bytes(checkpoint), JSON, lockedUntil).isPresent()) {
            return checkpoint;
        }
        return read(keyOf(entry.seq()));
    }

    /** The newest checkpoints, newest first, at most {@code limit}; unreadable ones are left out. */
    List<Checkpoint> newest(int limit) throws IOException {
        List<String> stored = store.list(PREFIX).stream().filter(k -> KEY.matcher(k).matches()).toList();
        List<Checkpoint> found = new ArrayList<>();
        for (String key : stored.reversed()) {
            if (found.size() == limit) break;
            try {
                found.add(read(key));
            } catch (IOException | RuntimeException unreadable) {
                // verify reports it; a listing shows what can be shown
            }
        }
        return found;
    }

    /** Every checkpoint key, also one a delete marker hides on a versioned store. */
    List<String> keysIncludingHidden() throws IOException {
        return store.listIncludingHidden(PREFIX);
    }

    /** The entry number a checkpoint key names, or -1 for an object that is not a checkpoint. */
    static long seqOf(String key) {
        Matcher m = KEY.matcher(key);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    Checkpoint read(String key) throws IOException {
        return STRICT.readValue(store.getBytes(key));
    }

    /** {@code audit-checkpoints/000000001000.json}: zero-padded like the entries, so keys sort in order. */
    static String keyOf(long seq) {
        return PREFIX + String.format("%012d", seq) + ".json";
    }

    /** The newest entry does not authenticate with a configured key, so no checkpoint may vouch for it. */
    static final class UnauthenticatedHeadException extends IllegalStateException {
        UnauthenticatedHeadException(long seq) {
            super("entry " + seq + ", the newest of the audit trail, does not authenticate with a configured audit "
                    + "key, so no checkpoint vouches for it; verify the trail");
        }
    }
}
