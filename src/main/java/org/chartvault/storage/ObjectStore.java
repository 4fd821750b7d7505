package org.chartvault.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
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
 *   <li>an object under legal hold can be neither overwritten nor deleted ({@link ObjectLockedException}),
 *       whatever the server underneath enforces: the adapter checks it itself.</li>
 * </ul>
 * Keys are '/'-separated relative paths built by the callers (see {@code document.StorageKeys}). Every adapter
 * refuses, with an {@link IllegalArgumentException} that says why, a key that is empty, starts or ends with '/',
 * has an empty, "." or ".." segment, contains a backslash or a control character (NUL included), is not valid
 * Unicode, or is longer than 1024 UTF-8 bytes; so no key can point outside the store. Anything else (spaces,
 * accents, '%', '#', '?', '+'...) is stored as given. A key must not also be the folder of other keys
 * ({@code a/b} and {@code a/b/c}): S3 allows it, local disk refuses it.
 *
 * <p>"Lexicographic order" is Unicode code-point order, which is the UTF-8 byte order S3 lists in.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Stores {@code data} under {@code key}, replacing any previous object. {@code length} may be -1 when unknown;
     * when given, exactly that many bytes are read and a shorter stream fails the put (nothing is stored).
     * A null content type is stored as {@code application/octet-stream}.
     */
    ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException;

    /**
     * Stores the object only if no object exists under {@code key}; returns empty when one did (then
     * {@code data} may be left unread). Of writers racing for the same key exactly one gets a result.
     * Used where two writers may race for the same name (content-addressed originals, sequence numbers).
     */
    Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType) throws IOException;

    /**
     * Opens the object for reading; the stream verifies the stored checksum when it reaches the end, where a
     * mismatch is an {@link IntegrityException} instead of the end of the stream. Throws
     * {@link ObjectNotFoundException} for a missing object. The caller closes the stream.
     */
    InputStream get(String key) throws IOException;

    /** Metadata of the object, or empty if there is none. */
    Optional<ObjectInfo> stat(String key) throws IOException;

    /**
     * Removes the object; removing a missing object is not an error. On a versioned bucket every version goes,
     * so that destruction is real; a version the server keeps locked fails the delete with
     * {@link ObjectLockedException} and leaves what readers see unchanged.
     */
    void delete(String key) throws IOException;

    /** Every key under {@code prefix} (at any depth), in lexicographic order. */
    List<String> list(String prefix) throws IOException;

    /**
     * The "folders" one level below {@code prefix}, each ending in '/', in lexicographic order:
     * {@code listFolders("documents/")} gives {@code documents/<id>/} without listing every page below.
     * Like an S3 listing with delimiter '/': a folder is a key's beginning up to its next '/' after the prefix,
     * so only folders that hold at least one object are listed, and objects directly under the prefix are not.
     */
    List<String> listFolders(String prefix) throws IOException;

    /**
     * Turns the legal hold of one object on or off (on MinIO: the S3 object legal hold of its current version).
     * Doing either twice is harmless; a missing object is an {@link ObjectNotFoundException}.
     */
    void setLegalHold(String key, boolean on) throws IOException;

    /** Whether the object is under legal hold; a missing object is an {@link ObjectNotFoundException}. */
    boolean isLegalHold(String key) throws IOException;

    /**
     * Whether {@link #putIfAbsent} is decided by the store itself, atomically, also between processes sharing it:
     * true on local disk and on S3 servers that honour {@code If-None-Match: *} (MinIO, AWS, Ceph radosgw on an
     * unversioned bucket). False where the server ignores that header (Ceph radosgw 16.2 on a versioned, so on
     * every Object Lock, bucket): there putIfAbsent only looks before it writes, and two writers racing for one
     * key can both "win". ChartVault then takes every claim through PostgreSQL and refuses to start without it.
     */
    default boolean supportsCreateIfAbsent() {
        return true;
    }

    /**
     * Whether {@link #putIfAbsent(String, byte[], String, Instant)} really locks what it stores: true on an S3
     * bucket with Object Lock, false on local disk, where whoever can write the folder can remove anything.
     */
    default boolean locksObjects() {
        return false;
    }

    /**
     * {@link #putIfAbsent(String, byte[], String)}, and where the store {@link #locksObjects() locks objects} the
     * stored version is locked in COMPLIANCE mode until {@code retainUntil}: until then nobody, not even the
     * owner of the bucket's credentials, can delete or replace that version (a plain S3 DELETE only puts a delete
     * marker on top of it, see {@link #listIncludingHidden}). Elsewhere it is stored as by putIfAbsent.
     */
    default Optional<ObjectInfo> putIfAbsent(String key, byte[] data, String contentType, Instant retainUntil)
            throws IOException {
        return putIfAbsent(key, data, contentType);
    }

    /**
     * Like {@link #list}, plus the keys whose current version is a delete marker but whose earlier versions the
     * store still keeps (a versioned bucket): what someone hid from {@code list} without being able to destroy it.
     * The same as {@code list} on a store without versions.
     */
    default List<String> listIncludingHidden(String prefix) throws IOException {
        return list(prefix);
    }

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
