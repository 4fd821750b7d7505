package org.chartvault.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The data directory's work folder: temporary files (uploads being spooled, originals being read, PDFs being
 * written) are deleted when their work ends, but not when the process is killed.
 */
public final class WorkFiles {
    private static final Logger log = LoggerFactory.getLogger(WorkFiles.class);

    private WorkFiles() {
    }

    /** Deletes every file in {@code folder}; returns how many. Call only while no work is in flight. */
    public static int removeLeftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return 0;
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) removed++;
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        if (removed > 0) log.info("Removed {} work file(s) left in {} by a process that did not finish", removed, folder);
        return removed;
    }
}
