package org.chartvault.http;

import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Stored bytes are sent only after all of them were read and verified. The object store checks an object's
 * checksum when its stream reaches the end, and a read can also break off part-way; streamed straight to the
 * client, either would be a 200 (or a 500) with some or all of the damaged bytes already sent. Read first, the
 * request is answered with an error and nothing of the object. Small objects (page images, thumbnails) are held in
 * memory, larger ones (originals, searchable PDFs) in a temporary file that goes when the answer has been sent.
 */
final class VerifiedContent {
    /** Held in memory up to this size: every page image and most originals, a bounded amount per request. */
    private static final int IN_MEMORY_BYTES = 8 * 1024 * 1024;

    private final Path workDir;

    VerifiedContent(Path workDir) {
        this.workDir = workDir;
    }

    /** Reads {@code stored} to its verified end, then makes it the answer; the stream is closed either way. */
    void send(Context ctx, String contentType, InputStream stored) throws IOException {
        try (InputStream in = stored) {
            ByteArrayOutputStream memory = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                memory.write(buffer, 0, n);
                if (memory.size() > IN_MEMORY_BYTES) {
                    sendFromFile(ctx, contentType, memory, in);
                    return;
                }
            }
            ctx.contentType(contentType).result(memory.toByteArray());
        }
    }

    private void sendFromFile(Context ctx, String contentType, ByteArrayOutputStream head, InputStream rest)
            throws IOException {
        Path file = Files.createTempFile(workDir, "download-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                head.writeTo(out);
                rest.transferTo(out);
            }
            long size = Files.size(file);
            // DELETE_ON_CLOSE: the file holds patient data and goes as soon as the answer is written
            InputStream verified = Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
            ctx.contentType(contentType).header("Content-Length", Long.toString(size)).result(verified);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
