package org.chartvault.audit;

/**
 * The result of recomputing the audit chain.
 *
 * @param entries        how many entries the trail holds
 * @param firstBrokenSeq the first sequence number at which the chain does not hold, or null when valid
 * @param reason         what is wrong there, in a sentence; null when valid
 */
public record Verification(boolean valid, long entries, Long firstBrokenSeq, String reason) {

    static Verification intact(long entries) {
        return new Verification(true, entries, null, null);
    }

    static Verification broken(long entries, Long seq, String reason) {
        return new Verification(false, entries, seq, reason);
    }
}
