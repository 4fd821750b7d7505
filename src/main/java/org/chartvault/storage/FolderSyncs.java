package org.chartvault.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit of folder fsyncs: writers that renamed (or linked) a file into the same folder share one fsync of
 * that folder instead of queueing one each. A caller returns once a fsync of the folder that <em>started after</em>
 * it called has completed, so its own rename is durable; callers arriving while one runs share the next.
 *
 * <p>One fsync per folder at a time (generations 1, 2, 3 ...); at most two generations are ever waited for.
 */
final class FolderSyncs {
    private final LocalDiskStore.Fsync fsync;
    private final ConcurrentHashMap<Path, Folder> folders = new ConcurrentHashMap<>();

    FolderSyncs(LocalDiskStore.Fsync fsync) {
        this.fsync = fsync;
    }

    /** Returns when a fsync of {@code dir} begun after this call has completed; throws when that fsync failed. */
    void sync(Path dir) throws IOException {
        // a folder is tracked only while someone syncs it: every document has folders of its own, and a long-running
        // store must not keep one entry for each; a caller who finds none starts a fsync of its own, which is right
        Folder folder = folders.compute(dir, (d, f) -> {
            Folder tracked = f == null ? new Folder() : f;
            tracked.callers++;
            return tracked;
        });
        try {
            folder.sync(dir);
        } finally {
            folders.computeIfPresent(dir, (d, f) -> --f.callers == 0 ? null : f);
        }
    }

    /** How many folders are tracked now (for tests: none once every sync has returned). */
    int tracked() {
        return folders.size();
    }

    private final class Folder {
        // changed only inside the map's compute for this folder, which runs one at a time per key
        private int callers;
        // all guarded by this
        private long started;       // generations begun
        private long completed;     // generations finished, in order
        private boolean running;
        private long failedGeneration;
        private IOException failure;

        void sync(Path dir) throws IOException {
            long generation;
            synchronized (this) {
                long needed = started + 1; // one that starts after our rename
                boolean interrupted = false;
                try {
                    while (true) {
                        if (completed >= needed) {
                            if (failedGeneration >= needed) {
                                throw new IOException("syncing folder " + dir + " failed: " + failure.getMessage(), failure);
                            }
                            return;
                        }
                        if (!running) break;
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the rename is done; its durability is still owed to the caller
                        }
                    }
                } finally {
                    if (interrupted) Thread.currentThread().interrupt();
                }
                running = true;
                generation = ++started;
            }
            IOException failed = null;
            try {
                forceFolder(dir);
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new IOException(e.toString(), e);
            }
            synchronized (this) {
                completed = generation;
                running = false;
                if (failed != null) {
                    failedGeneration = generation;
                    failure = failed;
                }
                notifyAll();
            }
            if (failed != null) throw failed;
        }
    }

    private void forceFolder(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            // emptied and removed by a delete meanwhile (under the store lock, its parent fsynced): nothing of
            // what was renamed into it is left to make durable
            return;
        }
        try (channel) {
            fsync.force(channel);
        }
    }
}
