package org.chartvault.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An upload read once, completely, before it is sent: S3 takes user metadata (our SHA-256) with the first request
 * of an upload, and the hash of a stream is known only at its end. Up to {@code memoryLimit} bytes stay in memory;
 * a longer upload continues into a temp file, so memory stays bounded for any size. Also yields the exact length,
 * so an upload of unknown length needs no special case afterwards.
 */
final class Spool implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;
    private static final String PREFIX = "chartvault-upload-";
    private static final String SUFFIX = ".spool";

    private final byte[] memory;
    private final Path file;
    private final long size;
    private final String sha256;

    private Spool(byte[] memory, Path file, long size, String sha256) {
        this.memory = memory;
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
    }

    /** Reads {@code data} to its end (or exactly {@code length} bytes when length is not -1). */
    static Spool read(InputStream data, long length, String key, int memoryLimit) throws IOException {
        MessageDigest digest = VerifyingInputStream.sha256();
        int firstCapacity = (int) (length >= 0 ? Math.min(length, memoryLimit) : Math.min(CHUNK, memoryLimit));
        byte[] head = new byte[firstCapacity];
        int inHead = 0;
        while (length < 0 || inHead < length) {
            if (inHead == head.length) {
                if (head.length >= memoryLimit) break;
                head = Arrays.copyOf(head, (int) Math.min((long) head.length * 2, memoryLimit));
            }
            int n = data.read(head, inHead, head.length - inHead);
            if (n < 0) return finish(head, inHead, null, inHead, digest, length, key);
            digest.update(head, inHead, n);
            inHead += n;
        }
        if (length >= 0 && inHead == length) return finish(head, inHead, null, inHead, digest, length, key);

        Path file = Files.createTempFile(PREFIX, SUFFIX); // owner-only permissions: it holds patient data
        try {
            long count = inHead;
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(head, 0, inHead);
                byte[] buffer = new byte[CHUNK];
                while (length < 0 || count < length) {
                    int wanted = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - count);
                    int n = data.read(buffer, 0, wanted);
                    if (n < 0) break;
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    count += n;
                }
            }
            return finish(null, 0, file, count, digest, length, key);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static Spool finish(byte[] head, int inHead, Path file, long count, MessageDigest digest, long length,
                                String key) throws IOException {
        if (length >= 0 && count != length) {
            if (file != null) Files.deleteIfExists(file);
            throw new IOException("the data for " + key + " ended after " + count + " of the " + length
                    + " bytes announced; nothing was stored");
        }
        byte[] memory = head == null ? null : (inHead == head.length ? head : Arrays.copyOf(head, inHead));
        return new Spool(memory, file, count, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Deletes spool files in {@code dir} older than {@code age}: left by a process that died mid-upload, they hold
     * patient data nobody will send. No upload takes that long, so a live one is never touched.
     */
    static int removeAbandoned(Path dir, Duration age) throws IOException {
        Instant cutoff = Instant.now().minus(age);
        int removed = 0;
        try (DirectoryStream<Path> spools = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path spool : spools) {
                try {
                    if (Files.getLastModifiedTime(spool).toInstant().isBefore(cutoff) && Files.deleteIfExists(spool)) {
                        removed++;
                    }
                } catch (NoSuchFileException | AccessDeniedException gone) {
                    // removed meanwhile, or another user's file
                }
            }
        }
        return removed;
    }

    boolean inMemory() {
        return memory != null;
    }

    /** The bytes, when {@link #inMemory()}. */
    byte[] bytes() {
        return memory;
    }

    /** A fresh stream over the bytes; the caller closes it. */
    InputStream open() throws IOException {
        return memory != null ? new ByteArrayInputStream(memory) : Files.newInputStream(file);
    }

    long size() {
        return size;
    }

    String sha256() {
        return sha256;
    }

    @Override
    public void close() throws IOException {
        if (file != null) Files.deleteIfExists(file);
    }
}
