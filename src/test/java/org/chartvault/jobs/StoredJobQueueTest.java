package org.chartvault.jobs;

import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.ObjectStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The embedded queue, as objects in a local-disk store: one process hands out every job. */
class StoredJobQueueTest extends JobQueueContract {
    @TempDir
    Path root;
    private ObjectStore store;

    @Override
    protected JobQueue open() throws Exception {
        store = closeAfter(new LocalDiskStore(root));
        return closeAfter(new StoredJobQueue(store, Clock.systemUTC()));
    }

    @Override
    protected JobQueue anotherNode(JobQueue queue) {
        return queue;
    }

    @Override
    protected JobQueue afterACrash(JobQueue queue) throws Exception {
        // what a crash leaves is the store; the next start reads its jobs from there
        return closeAfter(new StoredJobQueue(store, Clock.systemUTC()));
    }

    @Override
    protected Duration longerThanALease() {
        return Duration.ofMillis(500);
    }
}
