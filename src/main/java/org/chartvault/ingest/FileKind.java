package org.chartvault.ingest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of file a batch may hold, recognised by their first bytes, never by their name:
 * a text file called {@code scan.tif} is not a TIFF.
 */
public enum FileKind {
    PDF("application/pdf"),
    TIFF("image/tiff"),
    PNG("image/png"),
    JPEG("image/jpeg"),
    ZIP("application/zip");

    /** Bytes needed to recognise every kind (PDF allows its header a little way into the file). */
    public static final int SNIFF_BYTES = 1024;

    private final String contentType;

    FileKind(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<FileKind> ofContentType(String contentType) {
        return Arrays.stream(values()).filter(k -> k.contentType.equals(contentType)).findFirst();
    }

    /** The kind whose signature starts {@code head}, if any. */
    public static Optional<FileKind> sniff(byte[] head, int length) {
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Optional.of(PNG);
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) return Optional.of(JPEG);
        if (startsWith(head, length, 'I', 'I', 42, 0) || startsWith(head, length, 'M', 'M', 0, 42)
                || startsWith(head, length, 'I', 'I', 43, 0) || startsWith(head, length, 'M', 'M', 0, 43)) {
            return Optional.of(TIFF);
        }
        if (startsWith(head, length, 'P', 'K', 3, 4) || startsWith(head, length, 'P', 'K', 5, 6)) return Optional.of(ZIP);
        // PDF readers accept the header anywhere in the first kilobyte; scanners sometimes prepend junk.
        for (int i = 0; i + 5 <= Math.min(length, SNIFF_BYTES); i++) {
            if (head[i] == '%' && head[i + 1] == 'P' && head[i + 2] == 'D' && head[i + 3] == 'F' && head[i + 4] == '-') {
                return Optional.of(PDF);
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int length, int... signature) {
        if (length < signature.length) return false;
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xFF) != signature[i]) return false;
        }
        return true;
    }
}
