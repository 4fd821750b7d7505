package org.chartvault.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Temporary files in the data directory's work folder (uploads being spooled, originals being read, PDFs being
 * written) are deleted when their work ends, but not when the process is killed. They hold patient data, so each
 * component removes its own kind at start: the data directory is held by one process at a time (DataDirectory),
 * and a component is made before it takes any work, so whatever of its kind is there then was left behind.
 */
public final class WorkFiles {
    private static final Logger log = LoggerFactory.getLogger(WorkFiles.class);

    private WorkFiles() {
    }

    /** Deletes the files in {@code folder} matching {@code glob} (e.g. {@code upload-*.part}); returns how many. */
    public static int removeLeftovers(Path folder, String glob) throws IOException {
        if (!Files.isDirectory(folder)) return 0;
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file) && Files.deleteIfExists(file)) removed++;
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        if (removed > 0) log.info("Removed {} file(s) {} left in {} by a process that did not finish", removed, glob, folder);
        return removed;
    }
}
