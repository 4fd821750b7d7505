package org.chartvault.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The memory all ITI-65 submissions together may hold, in bytes, shared by the whole process: however many
 * arrive at once, they hold at most {@link #capacity()}. Documents are decoded to files as they arrive (see
 * {@link SpoolingBundleReader}), so what a submission holds is its buffers and its metadata, the bundle
 * without its documents. A submission reserves a first share before it reads its body, waiting up to
 * {@link #PATIENCE} for one to be free, and more as its metadata grows; one that cannot get its share is
 * answered 503 with a Retry-After, one whose metadata could never fit 413.
 */
public final class SubmissionMemory {
    private static final long KIB = 1024, MIB = 1024 * KIB;
    /** A submission's buffers: Jackson's input and text buffers (one string of up to 256 Ki chars), file copies, digests. */
    static final long BUFFERS = MIB;
    /** Each byte of metadata JSON is counted this many times: the JSON itself, HAPI's JSON tree and its FHIR model. */
    static final int PARSED_FACTOR = 8;
    /** Metadata JSON is reserved for in steps of this size. */
    static final long METADATA_STEP = 64 * KIB;
    /** What a submission reserves before it reads a byte: buffers and the first step of metadata. */
    static final long FIRST_SHARE = BUFFERS + PARSED_FACTOR * METADATA_STEP;
    /** How long a submission waits for its first share before it is told to come back. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** What a refused submission is told to wait before it tries again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final long capacity;
    private final Duration patience;
    private long inUse; // guarded by this
    private long peak; // guarded by this

    public SubmissionMemory(long capacity) {
        this(capacity, PATIENCE);
    }

    SubmissionMemory(long capacity, Duration patience) {
        if (capacity < FIRST_SHARE) {
            throw new IllegalArgumentException("The memory for FHIR submissions must hold at least one submission's first "
                    + "share (" + FIRST_SHARE / KIB + " KiB), not " + capacity / KIB + " KiB.");
        }
        this.capacity = capacity;
        this.patience = patience;
    }

    /** The most all submissions together may hold. */
    public long capacity() {
        return capacity;
    }

    /** What submissions hold now. */
    public synchronized long inUse() {
        return inUse;
    }

    /** The most submissions held at once since the start. */
    public synchronized long peak() {
        return peak;
    }

    /** A submission's first share, waiting for one up to {@link #PATIENCE}; 503 when none comes free. */
    Reservation reserve() {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (this) {
            try {
                while (capacity - inUse < FIRST_SHARE) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) throw busy();
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy();
            }
            take(FIRST_SHARE);
        }
        return new Reservation(FIRST_SHARE);
    }

    private void take(long bytes) { // with the lock held
        inUse += bytes;
        peak = Math.max(peak, inUse);
    }

    private synchronized void giveBack(long bytes) {
        inUse -= bytes;
        notifyAll();
    }

    private static FhirException busy() {
        return FhirException.busy("The server is reading as many submissions as its memory allows; send this bundle again in "
                + RETRY_AFTER.toSeconds() + " seconds.", RETRY_AFTER);
    }

    /** What one submission holds; closing it gives all of it back. */
    final class Reservation implements AutoCloseable {
        private long held;

        private Reservation(long held) {
            this.held = held;
        }

        long held() {
            return held;
        }

        /** Room for this much more metadata JSON: 413 if it could never fit, 503 if it does not fit now. */
        void growForMetadata(long jsonBytes) {
            long more = PARSED_FACTOR * jsonBytes;
            synchronized (SubmissionMemory.this) {
                if (held + more > capacity) {
                    throw new FhirException(413, IssueType.TOOCOSTLY, "The bundle's metadata (everything but the documents) "
                            + "is larger than this server can hold for one submission; send fewer documents in each bundle.");
                }
                if (capacity - inUse < more) throw busy();
                take(more);
                held += more;
            }
        }

        @Override
        public void close() {
            if (held > 0) giveBack(held);
            held = 0;
        }
    }
}
