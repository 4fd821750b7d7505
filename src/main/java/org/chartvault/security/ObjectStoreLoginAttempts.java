package org.chartvault.security;

import org.chartvault.Json;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link LoginAttempts} in the object store: one small object per address, counting failures in a fixed window
 * that starts with the first failure. Counting and checking are one step under
 * this process's lock; several nodes share the count through PostgreSQL instead (the concurrency issue).
 */
public final class ObjectStoreLoginAttempts implements LoginAttempts {
    /** {@code login-failures/<sha256-of-address>.json}: hashed because IPv6 addresses hold ':' and proxies send junk. */
    static final String PREFIX = "login-failures/";
    private static final String JSON = "application/json";

    record Window(Instant start, int failures) {
    }

    private final ObjectStore store;
    private final Duration window;
    private final ReentrantLock updates = new ReentrantLock();

    public ObjectStoreLoginAttempts(ObjectStore store, Duration window) {
        this.store = store;
        this.window = window;
    }

    @Override
    public int recentFailures(String clientAddress, Instant now) throws IOException {
        return read(clientAddress).filter(w -> isRunning(w, now)).map(Window::failures).orElse(0);
    }

    @Override
    public boolean tryCount(String clientAddress, Instant now, int limit) throws IOException {
        updates.lock();
        try {
            Window current = read(clientAddress).filter(w -> isRunning(w, now)).orElse(new Window(now, 0));
            if (current.failures() >= limit) return false;
            store.put(key(clientAddress), Json.bytes(new Window(current.start(), current.failures() + 1)), JSON);
            return true;
        } finally {
            updates.unlock();
        }
    }

    @Override
    public void forgive(String clientAddress, Instant now) throws IOException {
        updates.lock();
        try {
            Optional<Window> current = read(clientAddress).filter(w -> isRunning(w, now) && w.failures() > 0);
            if (current.isPresent()) {
                store.put(key(clientAddress), Json.bytes(new Window(current.get().start(), current.get().failures() - 1)), JSON);
            }
        } finally {
            updates.unlock();
        }
    }

    private boolean isRunning(Window w, Instant now) {
        return now.isBefore(w.start().plus(window));
    }

    private Optional<Window> read(String clientAddress) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(key(clientAddress)), Window.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String key(String clientAddress) {
        return PREFIX + Secrets.sha256Hex(clientAddress == null ? "unknown" : clientAddress) + ".json";
    }
}
