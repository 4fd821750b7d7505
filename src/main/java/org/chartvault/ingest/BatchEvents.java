package org.chartvault.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells whoever watches a batch (the capture screen, over Server-Sent Events) that its progress moved.
 * Only a nudge: watchers read the progress itself from storage, so a missed nudge costs nothing but a delay,
 * and nodes sharing a store could relay nudges over any pub/sub without changing what is shown.
 */
public final class BatchEvents {
    private static final Logger log = LoggerFactory.getLogger(BatchEvents.class);
    private final Map<String, List<Runnable>> watchers = new ConcurrentHashMap<>();

    /** Calls {@code onChange} after each change of the batch until the returned handle is closed. */
    public AutoCloseable watch(String batchId, Runnable onChange) {
        watchers.computeIfAbsent(batchId, id -> new CopyOnWriteArrayList<>()).add(onChange);
        return () -> watchers.computeIfPresent(batchId, (id, list) -> {
            list.remove(onChange);
            return list.isEmpty() ? null : list;
        });
    }

    public void changed(String batchId) {
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
