package org.chartvault.ingest;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Batches as {@code batches/<id>.json}. */
public final class BatchRepository {
    private static final String PREFIX = "batches/";
    private final ObjectStore store;
    private final Locks locks;

    public BatchRepository(ObjectStore store, Locks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** Changes a stored batch under its lock (a stream's entry replaced by the documents split from it). */
    public void update(String batchId, java.util.function.UnaryOperator<Batch> change) throws IOException {
        locks.withLock("batch:" + batchId, () -> {
            Optional<Batch> batch = find(batchId);
            if (batch.isPresent()) save(change.apply(batch.get()));
            return null;
        });
    }

    /** Changes a stored batch under its lock and returns it as saved; empty when there is no such batch. */
    public Optional<Batch> change(String batchId, java.util.function.UnaryOperator<Batch> change) throws IOException {
        return locks.withLock("batch:" + batchId, () -> {
            Optional<Batch> batch = find(batchId);
            if (batch.isEmpty()) return Optional.<Batch>empty();
            Batch changed = change.apply(batch.get());
            save(changed);
            return Optional.of(changed);
        });
    }

    public void save(Batch batch) throws IOException {
        store.put(PREFIX + batch.batchId() + ".json", Json.bytes(batch), "application/json");
    }

    public Optional<Batch> find(String batchId) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(PREFIX + batchId + ".json"), Batch.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Batches, newest first; {@code createdBy} null means everyone's. */
    public List<Batch> list(String createdBy, int offset, int limit) throws IOException {
        List<Batch> batches = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            Batch batch = Json.read(store.getBytes(key), Batch.class);
            if (createdBy == null || createdBy.equals(batch.createdBy())) batches.add(batch);
        }
        batches.sort(Comparator.comparing(Batch::createdAt).reversed());
        return batches.subList(Math.min(offset, batches.size()), Math.min(offset + limit, batches.size()));
    }
}
