package org.chartvault.document;

import java.util.Objects;

/**
 * What a document hands out as its original: the file's SHA-256, the name it is downloaded under, its type and size.
 * The uploaded file itself when the document is that file whole, otherwise a file of the document's own pages.
 */
public record OriginalFile(String sha256, String fileName, String contentType, long bytes) {
    public OriginalFile {
        Objects.requireNonNull(sha256, "sha256");
        if (bytes < 0) throw new IllegalArgumentException("bytes must not be negative");
    }
}
