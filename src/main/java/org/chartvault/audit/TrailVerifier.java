package org.chartvault.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import org.chartvault.Json;
import org.chartvault.audit.Verification.Problem;
import org.chartvault.storage.IntegrityException;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * One check of the whole trail, entry 1 to the end, and of every checkpoint; reports the first thing (by entry
 * number) that does not hold. Used once: it keeps the walk's state.
 *
 * <p>The order of the checks per entry goes from what anyone can recompute (the object is there, readable, its
 * hash and the hash chain, its number record) to what only a key holder can make (its seal), so that a sentence
 * names the most concrete fault; a forger who recomputed every hash is stopped by the seal. Anything the store
 * reports as damaged ({@link IntegrityException}) is tampering or damage, never an error of verify itself.
 */
final class TrailVerifier {
    /** verify() reads strictly: a field added to a stored entry by hand is tampering too, not something to skip. */
    private static final ObjectReader STRICT = Json.mapper().readerFor(AuditEntry.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final ObjectStore store;
    private final AuditChain chain;
    private final AuditKeys keys;
    private final AuditCheckpoints checkpoints;

    private long entries;
    private int checkpointCount;
    /** Checkpoints that authenticate, by the entry they name. */
    private final TreeMap<Long, Checkpoint> authentic = new TreeMap<>();
    /** The first checkpoint that is unreadable, hidden or does not authenticate. */
    private Problem checkpointProblem;
    private Long legacyUpTo;
    private Long firstSealed;
    private Checkpoint.Summary latestMatching;

    TrailVerifier(ObjectStore store, AuditChain chain, AuditKeys keys, AuditCheckpoints checkpoints) {
        this.store = store;
        this.chain = chain;
        this.keys = keys;
        this.checkpoints = checkpoints;
    }

    Verification verify() throws IOException {
        TreeMap<Long, List<String>> keysBySeq = new TreeMap<>();
        List<String> strangers = new ArrayList<>();
        for (String key : store.list(AuditLog.PREFIX)) {
            Matcher m = AuditLog.ENTRY_KEY.matcher(key);
            if (m.matches()) {
                keysBySeq.computeIfAbsent(Long.parseLong(m.group(4)), k -> new ArrayList<>()).add(key);
                entries++;
            } else {
                strangers.add(key);
            }
        }
        if (!strangers.isEmpty()) {
            return broken(Problem.trail("objects that are not audit entries were put into the trail: " + strangers));
        }
        Problem stranger = readCheckpoints();
        if (stranger != null) return broken(stranger);

        Optional<ChainLink> head;
        long lastSeq = keysBySeq.isEmpty() ? 0 : keysBySeq.lastKey();
        try {
            head = chain.head();
        } catch (IOException | RuntimeException e) {
            return broken(Problem.trail("the record of where the trail ends (" + ObjectStoreAuditChain.HEAD + ") "
                    + unreadable(e)));
        }
        if (head.isPresent()) lastSeq = Math.max(lastSeq, head.get().seq());
        // numbers claimed after the last entry found: the last entries were removed and the head moved back
        while (true) {
            long next = lastSeq + 1;
            try {
                if (chain.link(next).isEmpty()) break;
            } catch (IOException | RuntimeException e) {
                return broken(Problem.entry(next, null, "the number record of entry " + next + " " + unreadable(e)));
            }
            lastSeq = next;
        }

        String prevHash = AuditEntry.GENESIS;
        AuditEntry prev = null;
        for (long seq = 1; seq <= lastSeq; seq++) {
            if (checkpointProblem != null && checkpointProblem.seq() < seq) return broken(checkpointProblem);
            Result result = checkEntry(seq, keysBySeq.get(seq), prev, prevHash, head);
            if (result.problem() != null) return broken(result.problem());
            AuditEntry entry = result.entry();
            if (checkpointProblem != null && checkpointProblem.seq() == seq) return broken(checkpointProblem);
            Checkpoint checkpoint = authentic.get(seq);
            if (checkpoint != null) {
                if (!checkpoint.entryMac().equals(entry.chainValue())) {
                    return broken(Problem.checkpoint(seq, checkpoint.key(), "checkpoint " + seq + " does not match "
                            + "entry " + seq + ": the trail up to it was rewritten after the checkpoint was made"));
                }
                latestMatching = checkpoint.summary();
            }
            prev = entry;
            prevHash = entry.hash();
        }
        if (checkpointProblem != null) return broken(checkpointProblem);
        Map.Entry<Long, Checkpoint> beyond = authentic.ceilingEntry(lastSeq + 1);
        if (beyond != null) {
            long seq = beyond.getKey();
            Problem cut = Problem.checkpoint(seq, beyond.getValue().key(), "checkpoint " + seq + " vouches for "
                    + "entries up to " + seq + ", but the trail ends at entry " + lastSeq + ": entries "
                    + (lastSeq + 1) + " to " + seq + " (at least) were removed");
            return Verification.broken(entries, cut, lastSeq + 1, legacyUpTo, checkpointCount, latestMatching);
        }
        return Verification.intact(entries, legacyUpTo, checkpointCount, latestMatching);
    }

    private record Result(AuditEntry entry, Problem problem) {
        static Result fault(long seq, String key, String reason) {
            return new Result(null, Problem.entry(seq, key, reason));
        }
    }

    private Result checkEntry(long seq, List<String> keysOfSeq, AuditEntry prev, String prevHash,
                              Optional<ChainLink> head) {
        if (keysOfSeq == null) return Result.fault(seq, null, "entry " + seq + " is missing: it was removed from storage");
        if (keysOfSeq.size() > 1) {
            return Result.fault(seq, null, "more than one entry carries number " + seq + " " + keysOfSeq
                    + ": an entry was inserted");
        }
        String key = keysOfSeq.getFirst();
        AuditEntry entry;
        try {
            entry = STRICT.readValue(store.getBytes(key));
        } catch (IntegrityException e) {
            return Result.fault(seq, null, "entry " + seq + " (" + key + ") " + unreadable(e));
        } catch (IOException | RuntimeException e) {
            return Result.fault(seq, null, "entry " + seq + " (" + key + ") can no longer be read as an audit entry, "
                    + "so it was tampered with or damaged: " + firstLine(e.getMessage()));
        }
        String sealKey = entry.seal() == null ? null : entry.seal().key();
        if (entry.seq() != seq) {
            return Result.fault(seq, sealKey, "the object for entry " + seq + " holds entry " + entry.seq()
                    + ": entries were moved or swapped");
        }
        if (!entry.hash().equals(entry.computeHash())) {
            return Result.fault(seq, sealKey, "entry " + seq
                    + " was changed after it was written: its content no longer matches its hash");
        }
        if (!entry.prevHash().equals(prevHash)) {
            return Result.fault(seq, sealKey, "entry " + seq + " does not follow entry " + (seq - 1)
                    + ": an entry before it was changed, removed or replaced");
        }
        if (!key.equals(AuditLog.entryKey(seq, entry.time()))) {
            return Result.fault(seq, sealKey, "entry " + seq + " is filed under the wrong day: " + key);
        }
        Optional<ChainLink> link;
        try {
            link = chain.link(seq);
        } catch (IOException | RuntimeException e) {
            return Result.fault(seq, sealKey, "the number record of entry " + seq + " " + unreadable(e));
        }
        if (link.isEmpty()) {
            return Result.fault(seq, sealKey, "entry " + seq + " was never given its number by ChartVault: it was inserted");
        }
        if (!link.get().hash().equals(entry.hash()) || !link.get().key().equals(key)) {
            return Result.fault(seq, sealKey, "entry " + seq
                    + " is not the entry recorded under its number when it was written: it was replaced");
        }
        if (head.isPresent() && head.get().seq() == seq && !head.get().hash().equals(entry.hash())) {
            return Result.fault(seq, sealKey, "entry " + seq + " is not the entry the head of the trail names");
        }
        Problem unsealed = checkSeal(entry, prev);
        return unsealed == null ? new Result(entry, null) : new Result(null, unsealed);
    }

    /** The part a forger without the audit key cannot get right. */
    private Problem checkSeal(AuditEntry entry, AuditEntry prev) {
        long seq = entry.seq();
        AuditEntry.Seal seal = entry.seal();
        if (seal == null) {
            if (firstSealed != null) {
                return Problem.entry(seq, null, "entry " + seq + " carries no seal, but the trail is sealed from entry "
                        + firstSealed + " on: it was inserted, or its seal was stripped");
            }
            legacyUpTo = seq;
            return null;
        }
        Optional<AuditKey> key = keys.find(seal.key());
        if (key.isEmpty()) {
            return Problem.entry(seq, seal.key(), "entry " + seq + " is sealed with audit key " + seal.key()
                    + ", which is not configured here, so it cannot be authenticated (was that key left out of "
                    + "CHARTVAULT_AUDIT_KEY or the key file?)");
        }
        String prevChain = prev == null ? AuditEntry.GENESIS : prev.chainValue();
        if (!seal.prevMac().equals(prevChain)) {
            return Problem.entry(seq, seal.key(), "entry " + seq + " does not follow the seal of entry " + (seq - 1)
                    + ": an entry before it was changed, removed or replaced");
        }
        if (!entry.authenticatesWith(key.get())) {
            return Problem.entry(seq, seal.key(), "entry " + seq + " does not authenticate with audit key "
                    + seal.key() + ": it was changed, or written, by someone without the audit key");
        }
        String prevKey = prev == null ? null : prev.seal() == null ? AuditLog.NO_KEY : prev.seal().key();
        if (prevKey != null && !prevKey.equals(seal.key()) && !recordsRotation(entry, prevKey)) {
            return Problem.entry(seq, seal.key(), "entry " + seq + " is sealed with audit key " + seal.key()
                    + " but entry " + (seq - 1) + " with " + prevKey + ", and no key rotation was recorded between them");
        }
        if (firstSealed == null) firstSealed = seq;
        return null;
    }

    private static boolean recordsRotation(AuditEntry entry, String fromKey) {
        return AuditActions.AUDIT_KEY_ROTATE.equals(entry.action())
                && fromKey.equals(entry.details().get("from"))
                && entry.seal().key().equals(entry.details().get("to"));
    }

    /**
     * Reads every checkpoint, also one a delete marker hides; keeps those that authenticate and notes the first
     * that does not. Returns a problem only for objects that are no checkpoints at all.
     */
    private Problem readCheckpoints() throws IOException {
        List<String> strangers = new ArrayList<>();
        for (String key : checkpoints.keysIncludingHidden()) {
            long seq = AuditCheckpoints.seqOf(key);
            if (seq < 1) {
                strangers.add(key);
                continue;
            }
            checkpointCount++;
            Checkpoint checkpoint;
            try {
                checkpoint = checkpoints.read(key);
            } catch (ObjectNotFoundException e) {
                noteCheckpointProblem(Problem.checkpoint(seq, null, "checkpoint " + seq + " was deleted, but the store "
                        + "still keeps its locked copy: someone with the storage credentials tried to remove it"));
                continue;
            } catch (IntegrityException e) {
                noteCheckpointProblem(Problem.checkpoint(seq, null, "checkpoint " + seq + " " + unreadable(e)));
                continue;
            } catch (IOException | RuntimeException e) {
                noteCheckpointProblem(Problem.checkpoint(seq, null, "checkpoint " + seq + " can no longer be read as "
                        + "a checkpoint, so it was tampered with or damaged: " + firstLine(e.getMessage())));
                continue;
            }
            if (checkpoint.seq() != seq) {
                noteCheckpointProblem(Problem.checkpoint(seq, checkpoint.key(), "the object for checkpoint " + seq
                        + " holds checkpoint " + checkpoint.seq() + ": checkpoints were moved or copied"));
                continue;
            }
            Optional<AuditKey> auditKey = keys.find(checkpoint.key());
            if (auditKey.isEmpty()) {
                noteCheckpointProblem(Problem.checkpoint(seq, checkpoint.key(), "checkpoint " + seq + " is sealed with "
                        + "audit key " + checkpoint.key() + ", which is not configured here, so it cannot be authenticated"));
                continue;
            }
            if (!checkpoint.authenticatesWith(auditKey.get())) {
                noteCheckpointProblem(Problem.checkpoint(seq, checkpoint.key(), "checkpoint " + seq + " does not "
                        + "authenticate with audit key " + checkpoint.key() + ": it was changed, or forged, by someone "
                        + "without the audit key"));
                continue;
            }
            authentic.put(seq, checkpoint);
        }
        if (strangers.isEmpty()) return null;
        return Problem.trail("objects that are not checkpoints were put among the checkpoints: " + strangers);
    }

    private void noteCheckpointProblem(Problem problem) {
        if (checkpointProblem == null || problem.seq() < checkpointProblem.seq()) checkpointProblem = problem;
    }

    private Verification broken(Problem problem) {
        return Verification.broken(entries, problem, problem.seq(), legacyUpTo, checkpointCount, latestMatching);
    }

    /** The end of a sentence about an object that could not be read. */
    private static String unreadable(Exception e) {
        if (e instanceof IntegrityException) {
            return "fails the store's integrity check, so it was tampered with or damaged: " + firstLine(e.getMessage());
        }
        return "cannot be read: " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
