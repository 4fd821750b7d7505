package org.chartvault.storage;

import org.chartvault.Sha256;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One small settings object in the store that requests read all the time (the protected categories on every
 * search hit, the release settings, the document types), kept parsed in this node's memory instead of read from
 * the store per request: on an S3 gateway every such read is a round trip, and a slow gateway made every search
 * wait with it.
 *
 * <p>The store stays the truth, shared by every node. Promises:
 * <ul>
 *   <li>a change saved through this object is in force on this node as soon as {@link #save} returns;</li>
 *   <li>a change saved through another node is in force here at most {@code recheck} after it was stored: once the
 *       copy is older than that, the next reader asks the store for the object's checksum (a stat, a few hundred
 *       bytes), and reads and parses the object again only when it changed. Until that check has answered,
 *       nobody here uses the old copy: readers wait for it, and when the store cannot answer, they fail with the
 *       store's error (so a request is refused, never answered with settings that may be out of date);</li>
 *   <li>{@link #fresh} asks the store now, for read-change-write cycles made under the setting's cluster lock.</li>
 * </ul>
 *
 * @param <T> the parsed value
 */
public final class SharedSetting<T> {
    /** Turns the stored bytes into the value; a damaged object fails the read rather than turning into defaults. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(byte[] bytes) throws IOException;
    }

    /** A check the store could not answer, kept for one interval so that readers waiting behind it fail at once. */
    private record Failed(IOException error, long atNanos) {
    }

    /** The value as last checked; {@code version} is the SHA-256 of its bytes, or ABSENT. */
    private record Known<T>(T value, String version, long checkedAtNanos) {
    }

    private static final String ABSENT = "absent";

    private final ObjectStore store;
    private final String key;
    private final Reader<T> reader;
    private final Supplier<T> whenAbsent;
    private final long recheckNanos;
    private volatile Known<T> known;
    private volatile Failed failed;
    /** Held while the store is asked or written, so an older answer never replaces a newer one. */
    private final Object checking = new Object();

    public SharedSetting(ObjectStore store, String key, Reader<T> reader, Supplier<T> whenAbsent, Duration recheck) {
        this.store = store;
        this.key = Keys.check(key);
        this.reader = reader;
        this.whenAbsent = whenAbsent;
        this.recheckNanos = recheck.toNanos();
    }

    /** The value in force: this node's copy when it was checked within {@code recheck}, else checked now. */
    public T get() throws IOException {
        Known<T> current = known;
        if (current != null && System.nanoTime() - current.checkedAtNanos() < recheckNanos) return current.value();
        synchronized (checking) {
            current = known;
            // another reader may have checked while this one waited
            if (current != null && System.nanoTime() - current.checkedAtNanos() < recheckNanos) return current.value();
            // the store just failed to answer another reader: don't make every waiting request wait out its own time-out
            Failed last = failed;
            if (last != null && System.nanoTime() - last.atNanos() < recheckNanos) {
                throw new IOException(last.error().getMessage(), last.error());
            }
            return check(current).value();
        }
    }

    /** The value as stored now, whatever the age of this node's copy. */
    public T fresh() throws IOException {
        synchronized (checking) {
            return check(known).value();
        }
    }

    /** Stores the value ({@code bytes} is its stored form) and puts it in force on this node at once. */
    public void save(T value, byte[] bytes, String contentType) throws IOException {
        synchronized (checking) {
            known = null; // if the write fails half-way, whatever the store holds is read again
            store.put(key, bytes, contentType);
            known = new Known<>(value, Sha256.hex(bytes), System.nanoTime());
        }
    }

    private Known<T> check(Known<T> current) throws IOException {
        long now = System.nanoTime(); // before asking: the copy is current as of the question, not the answer
        Optional<ObjectInfo> stored;
        try {
            stored = store.stat(key);
        } catch (IOException e) {
            failed = new Failed(e, System.nanoTime());
            throw e;
        }
        failed = null;
        Known<T> next;
        if (stored.isEmpty()) {
            next = new Known<>(whenAbsent.get(), ABSENT, now);
        } else if (current != null && current.version().equals(stored.get().sha256())) {
            next = new Known<>(current.value(), current.version(), now);
        } else {
            next = read(now);
        }
        known = next;
        return next;
    }

    private Known<T> read(long now) throws IOException {
        byte[] bytes;
        try {
            bytes = store.getBytes(key);
        } catch (ObjectNotFoundException e) {
            return new Known<>(whenAbsent.get(), ABSENT, now);
        }
        // the version is that of the bytes read, not of the stat: a write in between is simply seen at the next check
        return new Known<>(reader.read(bytes), Sha256.hex(bytes), now);
    }


    @Override
    public String toString() {
        return "SharedSetting[" + key + "]";
    }
}
