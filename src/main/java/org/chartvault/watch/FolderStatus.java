package org.chartvault.watch;

import java.time.Instant;

/**
 * How a watched folder is doing, as the node watching it last wrote it to the store (so every node can show it):
 * its last pickup and, while there is one, the problem that keeps files from being taken.
 *
 * @param node          the node that wrote this (the one holding the folder's lease then)
 * @param lastPickupAt  when files were last taken; null before the first
 * @param lastBatchId   the batch those files were filed in, shown in Capture under the folder's account
 * @param lastFiles     how many files that pickup took
 * @param lastRejected  how many of them were refused and moved to {@code rejected/}
 * @param problem       a sentence for the administrator, or null while all is well
 * @param problemSince  when the problem was first seen; null without one
 */
public record FolderStatus(String node, Instant lastPickupAt, String lastBatchId, int lastFiles, int lastRejected,
                           String problem, Instant problemSince) {

    static final FolderStatus NONE = new FolderStatus(null, null, null, 0, 0, null, null);

    /** Files were taken: whatever kept them back before is over. */
    FolderStatus pickedUp(String byNode, Instant at, String batchId, int files, int rejected) {
        return new FolderStatus(byNode, at, batchId, files, rejected, null, null);
    }

    FolderStatus withProblem(String byNode, String sentence, Instant at) {
        return new FolderStatus(byNode, lastPickupAt, lastBatchId, lastFiles, lastRejected, sentence,
                sentence == null ? null : problemSince != null && sentence.equals(problem) ? problemSince : at);
    }
}
