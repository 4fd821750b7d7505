package org.chartvault.ingest;

import org.chartvault.Config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a ZIP of scans into temporary files, one per entry, refusing the whole archive when it is hostile:
 * an entry whose path leaves its folder (zip slip), more entries than allowed, or more inflated bytes than
 * allowed in total or relative to the archive's size (zip bomb). Bytes are counted as they are inflated,
 * never trusted from the archive's own headers, and nothing is written under an entry's name.
 */
public final class ZipExpander {

    /** One file found in the archive, spooled to {@code file}; {@code name} is its path inside the archive. */
    public record Entry(String name, Path file, long bytes) {
    }

    private final Config.Limits limits;

    public ZipExpander(Config.Limits limits) {
        this.limits = limits;
    }

    /** The archive's entries, spooled into {@code workDir}; the caller deletes the files. */
    public List<Entry> expand(Path zip, Path workDir) throws RejectedFileException, IOException {
        long archiveBytes = Files.size(zip);
        long allowed = Math.min(limits.maxZipBytes(), Math.max(archiveBytes, 1) * limits.maxZipRatio());
        List<Entry> entries = new ArrayList<>();
        boolean finished = false;
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            if (archive.size() > limits.maxZipEntries()) {
                throw new RejectedFileException("The ZIP holds " + archive.size() + " entries; at most "
                        + limits.maxZipEntries() + " are accepted in one archive.");
            }
            long inflated = 0;
            Enumeration<? extends ZipEntry> all = archive.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName();
                if (leavesItsFolder(name)) {
                    throw new RejectedFileException("The ZIP contains an entry whose path leaves its folder ("
                            + printable(name) + "); such archives are refused.");
                }
                if (entry.isDirectory() || isSystemClutter(name)) continue;
                Path spooled = Files.createTempFile(workDir, "zip-entry-", ".part");
                entries.add(new Entry(name, spooled, 0));
                long written = copyBounded(archive.getInputStream(entry), spooled, allowed - inflated);
                if (written < 0) throw new RejectedFileException(inflatesTooFar(allowed));
                inflated += written;
                entries.set(entries.size() - 1, new Entry(name, spooled, written));
            }
            finished = true;
            return entries;
        } catch (ZipException e) {
            throw new RejectedFileException("The ZIP archive is damaged and cannot be read.");
        } finally {
            if (!finished) {
                for (Entry entry : entries) Files.deleteIfExists(entry.file());
            }
        }
    }

    /** Copies at most {@code budget} bytes; returns the count, or -1 if the entry holds more than that. */
    private static long copyBounded(InputStream entry, Path target, long budget) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = entry; OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > budget) return -1;
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /**
     * Names the limit that was hit. A small archive's budget comes from the ratio and can be under a mebibyte, so
     * "more than 0 MiB" would tell the uploader nothing.
     */
    private String inflatesTooFar(long allowed) {
        if (allowed < limits.maxZipBytes()) {
            return "The ZIP inflates to more than " + limits.maxZipRatio() + " times its own size, as ZIP bombs do "
                    + "(scans hardly compress); it was refused.";
        }
        return "The ZIP inflates to more than " + limits.maxZipBytes() / (1024 * 1024) + " MiB, the most one archive"
                + " may hold (a ZIP bomb, or simply too large for one upload); it was refused.";
    }

    static boolean leavesItsFolder(String name) {
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*") || path.indexOf('\0') >= 0) return true;
        for (String segment : path.split("/")) {
            if (segment.equals("..")) return true;
        }
        return false;
    }

    /** Files that desktop archivers add on their own (macOS resource forks, Finder and Explorer metadata). */
    private static boolean isSystemClutter(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || base.startsWith("._") || base.equals(".DS_Store")
                || base.equalsIgnoreCase("Thumbs.db") || base.equalsIgnoreCase("desktop.ini");
    }

    private static String printable(String name) {
        String shown = name.length() > 80 ? name.substring(0, 40) + "…" + name.substring(name.length() - 30) : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
