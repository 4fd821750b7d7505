package org.chartvault.storage;

import java.util.Collection;
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
    public Held hold(Collection<String> names) {
        // by stripe, not by name: two names may share a stripe, and the stripes are what is waited on
        int[] order = names.stream().mapToInt(InProcessLocks::stripe).distinct().sorted().toArray();
        for (int i : order) stripes[i].lock();
        return () -> {
            for (int k = order.length - 1; k >= 0; k--) stripes[order[k]].unlock();
        };
    }

    private static int stripe(String name) {
        return Math.floorMod(name.hashCode(), STRIPES);
    }

    @Override
    public <T, E extends Exception> T withLock(String name, Action<T, E> action) throws E {
        ReentrantLock lock = stripes[stripe(name)];
        lock.lock();
        try {
            return action.run();
        } finally {
            lock.unlock();
        }
    }
}
