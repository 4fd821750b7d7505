package org.chartvault.storage;

import java.util.Collection;

/**
 * Mutual exclusion by name, for read-modify-write of one stored record (a document, a batch, the audit head).
 * The embedded implementation locks inside this process; nodes sharing one store would use the shared
 * database's locks (PostgreSQL advisory locks) behind the same interface.
 */
public interface Locks {

    /** Work done while holding a lock; may throw the checked exception its caller declares. */
    @FunctionalInterface
    interface Action<T, E extends Exception> {
        T run() throws E;
    }

    <T, E extends Exception> T withLock(String name, Action<T, E> action) throws E;

    /** Locks held until closed (for work that throws several kinds of refusal; use in try-with-resources). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the locks of all these names, in one fixed order whatever order they are named in, so that two callers
     * taking overlapping sets never wait on each other; holds them until the result is closed.
     */
    Held hold(Collection<String> names);
}
