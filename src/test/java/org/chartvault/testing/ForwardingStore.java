package org.chartvault.testing;

import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that hands every call to the real one underneath: a test store overrides only the calls it changes (one
 * that fails a write, one that holds a claim at a gate) and behaves like the real store everywhere else.
 */
public abstract class ForwardingStore implements ObjectStore {
    protected final ObjectStore real;

    protected ForwardingStore(ObjectStore real) {
        this.real = real;
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException {
        return real.put(key, data, length, contentType);
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType) throws IOException {
        return real.putIfAbsent(key, data, length, contentType);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return real.get(key);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return real.stat(key);
    }

    @Override
    public void delete(String key) throws IOException {
        real.delete(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return real.list(prefix);
    }

    @Override
    public List<String> listFolders(String prefix) throws IOException {
        return real.listFolders(prefix);
    }

    @Override
    public void setLegalHold(String key, boolean on) throws IOException {
        real.setLegalHold(key, on);
    }

    @Override
    public boolean isLegalHold(String key) throws IOException {
        return real.isLegalHold(key);
    }

    @Override
    public boolean supportsCreateIfAbsent() {
        return real.supportsCreateIfAbsent();
    }

    @Override
    public boolean locksObjects() {
        return real.locksObjects();
    }

    @Override
    public List<String> listIncludingHidden(String prefix) throws IOException {
        return real.listIncludingHidden(prefix);
    }

    @Override
    public String describe() {
        return real.describe();
    }

    @Override
    public void close() {
        real.close();
    }
}
