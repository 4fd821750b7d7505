package org.chartvault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory of the embedded default, held by one process at a time: the Lucene index and local
 * storage must not be written by a running service and a {@code reindex} at once.
 */
public final class DataDirectory implements AutoCloseable {
    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or explains who holds it. */
    public static DataDirectory take(Path root) throws IOException {
        Files.createDirectories(root);
        FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("The data directory " + root + " is in use by another ChartVault process "
                    + "(a running service?). Stop it first, or point CHARTVAULT_DATA elsewhere.");
        }
        return new DataDirectory(root, channel, lock);
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
