package org.chartvault.storage;

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
}
