package org.chartvault.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells whoever watches a batch (the capture screen, over Server-Sent Events) that its progress moved.
 * Only a nudge: watchers read the progress itself from storage, so a missed nudge costs nothing but a delay.
 * Nodes sharing a database relay their nudges to each other, so a browser connected to any node sees a batch
 * that another node processes move.
 */
public final class BatchEvents {
    private static final Logger log = LoggerFactory.getLogger(BatchEvents.class);
    private final Map<String, List<Runnable>> watchers = new ConcurrentHashMap<>();
    private volatile Relay relay;

    /** Carries nudges to the other nodes and theirs to {@link #arrived}. */
    public interface Relay {
        void publish(String batchId);
    }

    /** Nudges from now on also go to the other nodes through {@code relay}. */
    public void relayThrough(Relay relay) {
        this.relay = relay;
    }

    /** Calls {@code onChange} after each change of the batch until the returned handle is closed. */
    public AutoCloseable watch(String batchId, Runnable onChange) {
        watchers.computeIfAbsent(batchId, id -> new CopyOnWriteArrayList<>()).add(onChange);
        return () -> watchers.computeIfPresent(batchId, (id, list) -> {
            list.remove(onChange);
            return list.isEmpty() ? null : list;
        });
    }

    public void changed(String batchId) {
        arrived(batchId);
        Relay to = relay;
        if (to != null && batchId != null) to.publish(batchId);
    }

    /** A nudge for this node's watchers only (one relayed from another node). */
    public void arrived(String batchId) {
        List<Runnable> list = batchId == null ? null : watchers.get(batchId);
        if (list == null) return;
        for (Runnable watcher : list) {
            try {
                watcher.run();
            } catch (RuntimeException e) {
                log.debug("A watcher of batch {} failed; it is left to its own clean-up", batchId, e);
            }
        }
    }
}
