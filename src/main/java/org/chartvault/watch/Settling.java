package org.chartvault.watch;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files of a folder have stopped changing: a file is ready once it has been seen with the same size and
 * modification time for the folder's settle time, never on first sight. A scanner or a copy to a share writes a
 * file part by part; each part changes one or the other, so a file still being written never looks settled for
 * long. Kept in memory by the node watching the folder: a node taking over starts again and waits one settle time.
 */
final class Settling {

    /** The file as first seen unchanged, and the earliest time it may be tried again after a failed read or move. */
    private record Mark(long size, FileTime modified, Instant since, Instant notBefore) {
        boolean same(FolderScan.Seen file) {
            return size == file.size() && modified.equals(file.modified());
        }
    }

    private Map<Path, Mark> marks = new HashMap<>();

    /** The files of this round that are ready to take; files no longer there are forgotten. */
    List<FolderScan.Seen> ready(List<FolderScan.Seen> files, Duration settle, Instant now) {
        Map<Path, Mark> next = new HashMap<>();
        List<FolderScan.Seen> ready = new ArrayList<>();
        for (FolderScan.Seen file : files) {
            Mark mark = marks.get(file.path());
            if (mark == null || !mark.same(file)) mark = new Mark(file.size(), file.modified(), now, now);
            next.put(file.path(), mark);
            if (!now.isBefore(mark.since().plus(settle)) && !now.isBefore(mark.notBefore())) ready.add(file);
        }
        marks = next;
        return ready;
    }

    /** The file changed while it was being taken: it must settle again. */
    void changed(FolderScan.Seen file) {
        marks.remove(file.path());
    }

    /** Reading or moving the file failed: leave it until {@code notBefore}, or until it changes. */
    void retryAfter(FolderScan.Seen file, Instant notBefore) {
        Mark mark = marks.get(file.path());
        Instant since = mark != null && mark.same(file) ? mark.since() : notBefore;
        marks.put(file.path(), new Mark(file.size(), file.modified(), since, notBefore));
    }
}
