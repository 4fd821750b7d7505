package org.chartvault.patient;

import java.io.IOException;

/**
 * Told when registration merges two records, so the documents filed under the retired MRN can be moved to the
 * surviving one (and the move audited). Called again when the same merge message is repeated, so it must be
 * safe to repeat; if it throws, the sender is told the merge failed and will send the message again.
 */
@FunctionalInterface
public interface MergeListener {
    void onMerge(String priorMrn, String survivingMrn) throws IOException;
}
