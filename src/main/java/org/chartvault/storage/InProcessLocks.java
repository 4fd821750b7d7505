package org.chartvault.storage;

import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Locks} for a single node: a fixed set of lock stripes, so memory stays bounded however many
 * names are locked over time. Two names may share a stripe; that only costs a little waiting.
 */
public final class InProcessLocks implements Locks {
    private static final int STRIPES = 256;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public InProcessLocks() {
        for (int i = 0; i < STRIPES; i++) stripes[i] = new ReentrantLock();
    }

    @Override
    public <T, E extends Exception> T withLock(String name, Action<T, E> action) throws E {
        ReentrantLock lock = stripes[Math.floorMod(name.hashCode(), STRIPES)];
        lock.lock();
        try {
            return action.run();
        } finally {
            lock.unlock();
        }
    }
}
