package org.chartvault.audit;

/**
 * The result of checking the audit trail.
 *
 * @param entries          how many entries the trail holds
 * @param firstBrokenSeq   the first sequence number at which the trail does not hold, or null when valid
 * @param reason           what is wrong there, in a sentence; null when valid
 * @param firstProblem     the first entry or checkpoint that does not hold, with the key it names; null when valid
 * @param legacyUpTo       entries 1 to this were written before the trail had an audit key (sealed by nobody);
 *                         null when there are none
 * @param note             what an administrator should know although the trail is valid (the legacy entries)
 * @param checkpoints      how many checkpoints the store holds
 * @param latestCheckpoint the newest checkpoint that authenticates and matches the trail: its digest is what an
 *                         administrator compares with the copy they keep
 */
public record Verification(boolean valid, long entries, Long firstBrokenSeq, String reason, Problem firstProblem,
                           Long legacyUpTo, String note, int checkpoints, Checkpoint.Summary latestCheckpoint) {

    /**
     * @param kind   {@code entry}, {@code checkpoint} or {@code trail} (the listing or the head, not one entry)
     * @param seq    the entry number, or the entry a checkpoint names; null for the whole trail
     * @param key    the audit key id the entry or checkpoint names, if it names one
     * @param reason what is wrong, in a sentence
     */
    public record Problem(String kind, Long seq, String key, String reason) {
        static Problem entry(long seq, String key, String reason) {
            return new Problem("entry", seq, key, reason);
        }

        static Problem checkpoint(long seq, String key, String reason) {
            return new Problem("checkpoint", seq, key, reason);
        }

        static Problem trail(String reason) {
            return new Problem("trail", null, null, reason);
        }
    }

    static Verification intact(long entries, Long legacyUpTo, int checkpoints, Checkpoint.Summary latest) {
        String note = legacyUpTo == null ? null : "Entries 1 to " + legacyUpTo + " were written before this trail "
                + "had an audit key: they are hash-chained but not authenticated, so someone with the storage keys "
                + "could have rewritten them before then. Every entry after them is sealed with an audit key.";
        return new Verification(true, entries, null, null, null, legacyUpTo, note, checkpoints, latest);
    }

    /** Broken at {@code problem}; {@code firstBrokenSeq} differs from its seq only for entries cut off the end. */
    static Verification broken(long entries, Problem problem, Long firstBrokenSeq, Long legacyUpTo, int checkpoints,
                               Checkpoint.Summary latest) {
        return new Verification(false, entries, firstBrokenSeq, problem.reason(), problem, legacyUpTo, null,
                checkpoints, latest);
    }
}
