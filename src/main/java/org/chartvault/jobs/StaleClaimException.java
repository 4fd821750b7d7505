package org.chartvault.jobs;

/**
 * The job was handed to another worker after this worker's lease on it ran out (a node stalled by a long GC
 * pause, a stopped process, a slow disk): what this worker would still write is refused, and the worker drops
 * the job without completing, retrying or failing it. The newer claim is the job's owner now.
 */
public final class StaleClaimException extends RuntimeException {
    public StaleClaimException(Job job) {
        super("job " + job.jobId() + " (" + job.kind() + " " + job.subject() + ") was claimed again after claim "
                + job.fencingToken() + " lapsed");
    }
}
