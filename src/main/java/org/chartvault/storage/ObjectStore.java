package org.chartvault.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The system of record. Every byte ChartVault must keep lives behind this interface;
 * the search index and every cache can be rebuilt from it alone.
 *
 * <p>Contract shared by every adapter (and checked by one test suite):
 * <ul>
 *   <li>a write is all or nothing: a reader sees the old object, the new one, or none, never half of one;</li>
 *   <li>what {@link #get} returns is checked against the SHA-256 recorded at write time, and a mismatch
 *       fails the read with {@link IntegrityException} instead of handing out damaged bytes;</li>
 *   <li>an object under legal hold can be neither overwritten nor deleted ({@link ObjectLockedException}).</li>
 * </ul>
 * Keys are '/'-separated relative paths built by the callers (see {@code document.StorageKeys}).
 */
public interface ObjectStore extends AutoCloseable {

    /** Stores {@code data} under {@code key}, replacing any previous object. {@code length} may be -1 when unknown. */
    ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException;

    /**
     * Stores the object only if no object exists under {@code key}; returns empty when one did.
     * Used where two writers may race for the same name (content-addressed originals, sequence numbers).
     */
    Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType) throws IOException;

    /** Opens the object for reading; the stream verifies the stored checksum when it reaches the end. */
    InputStream get(String key) throws IOException;

    /** Metadata of the object, or empty if there is none. */
    Optional<ObjectInfo> stat(String key) throws IOException;

    /** Removes the object; removing a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Every key under {@code prefix} (at any depth), in lexicographic order. */
    List<String> list(String prefix) throws IOException;

    /**
     * The "folders" one level below {@code prefix}, each ending in '/', in lexicographic order:
     * {@code listFolders("documents/")} gives {@code documents/<id>/} without listing every page below.
     */
    List<String> listFolders(String prefix) throws IOException;

    /** Turns the legal hold of one object on or off (on MinIO: the S3 object legal hold). */
    void setLegalHold(String key, boolean on) throws IOException;

    boolean isLegalHold(String key) throws IOException;

    /** A short name for logs and the health page, e.g. {@code local:/srv/chartvault/data/store}. */
    String describe();

    @Override
    void close();

    // ---- conveniences built on the primitives above ----

    default ObjectInfo put(String key, byte[] data, String contentType) throws IOException {
        return put(key, new java.io.ByteArrayInputStream(data), data.length, contentType);
    }

    default Optional<ObjectInfo> putIfAbsent(String key, byte[] data, String contentType) throws IOException {
        return putIfAbsent(key, new java.io.ByteArrayInputStream(data), data.length, contentType);
    }

    default byte[] getBytes(String key) throws IOException {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        }
    }

    default boolean exists(String key) throws IOException {
        return stat(key).isPresent();
    }

    /** For callers that cannot recover from a storage failure at that point anyway. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
