package org.chartvault.watch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a watched folder holds now: every file that could be a finished scan, in its sub-folders too, with its size
 * and modification time. Left out: {@code archived/} and {@code rejected/} (ChartVault's own), hidden files and
 * folders, names that copy tools and scanners give a file while they still write it, and symbolic links (a link
 * could lead a pickup out of the folder).
 */
final class FolderScan {
    /** Where archived files are moved, inside the watched folder. */
    static final String ARCHIVED = "archived";
    /** Where refused files are moved, each with {@code <name>.reason.txt} beside it. */
    static final String REJECTED = "rejected";
    /**
     * Most files looked at in one round: a share holding a backlog of many thousands is worked through a bounded
     * slice at a time (taken files leave the folder, so the next round sees the next ones).
     */
    static final int MAX_FILES = 10_000;
    /** Deeper than any station's layout; a link loop cannot happen (links are not followed), this bounds the rest. */
    private static final int MAX_DEPTH = 16;
    /** Suffixes of files still being written: partial downloads and uploads, editors' and scanners' temporaries. */
    private static final List<String> UNFINISHED = List.of(".tmp", ".temp", ".part", ".partial", ".filepart",
            ".crdownload", ".download", "~");
    /** Files the operating system puts in folders by itself. */
    private static final Set<String> SYSTEM_FILES = Set.of("thumbs.db", "desktop.ini");

    private FolderScan() {
    }

    /** A file as seen in one round; {@code relative} is its path under the watched folder, '/'-separated. */
    record Seen(Path path, String relative, long size, FileTime modified) {
    }

    /** The files of the folder, or an IOException when the folder itself cannot be read (unmounted share...). */
    static List<Seen> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new NoSuchFileException(root.toString(), null, "not a folder any more");
        List<Seen> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) return FileVisitResult.CONTINUE;
                String name = dir.getFileName().toString();
                boolean ours = dir.getParent().equals(root) && (name.equals(ARCHIVED) || name.equals(REJECTED));
                return ours || name.startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !ignored(file.getFileName().toString())) {
                    found.add(new Seen(file, relative(root, file), attrs.size(), attrs.lastModifiedTime()));
                }
                return found.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) throw e;
                return FileVisitResult.CONTINUE; // gone since it was listed, or a sub-folder we may not read
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && dir.equals(root)) throw e;
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** Whether a file of this name is never taken: hidden, still being written, an open document's lock, the system's own. */
    static boolean ignored(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(".") || lower.startsWith("~$") || SYSTEM_FILES.contains(lower)) return true;
        return UNFINISHED.stream().anyMatch(lower::endsWith);
    }

    /** The file as it is now, without following a link; throws NoSuchFileException when it is gone. */
    static BasicFileAttributes now(Path file) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) throw new FileSystemException(file.toString(), null, "no longer a plain file");
        return attrs;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
