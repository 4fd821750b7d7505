package org.chartvault.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * Durable work: recorded in storage before the upload is acknowledged and removed only once done,
 * so a crash at any moment leaves the job to be resumed at the next start.
 *
 * @param kind     what to do, e.g. {@link #PROCESS_DOCUMENT}
 * @param subject  what to do it to (a document id, an export id)
 * @param attempts how many times it was started before
 * @param notBefore do not start before this time (back-off after a failure)
 * @param fencingToken which claim on the job this is, for a job {@link JobQueue#poll handed out} by a queue whose
 *                 claims can lapse: it grows each time the job is handed out, and the queue refuses the
 *                 completion or retry of any claim but the latest. 0 for a job that is not a claim.
 */
public record Job(String jobId, String kind, String subject, Instant createdAt, int attempts,
                  Instant notBefore, String lastError, long fencingToken) {
    public static final String PROCESS_DOCUMENT = "process-document";

    public Job {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        notBefore = notBefore == null ? createdAt : notBefore;
    }

    /** A job to record: not (yet) handed out to anyone. */
    public Job(String jobId, String kind, String subject, Instant createdAt, int attempts, Instant notBefore,
               String lastError) {
        this(jobId, kind, subject, createdAt, attempts, notBefore, lastError, 0);
    }

    public Job retryAt(Instant when, String error) {
        return new Job(jobId, kind, subject, createdAt, attempts + 1, when, error, fencingToken);
    }
}
