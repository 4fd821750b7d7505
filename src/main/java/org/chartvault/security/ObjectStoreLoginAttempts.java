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
 * that starts with the first failure. Two nodes counting the same address in the same instant may lose a count;
 * a limit that is off by one under attack is still a limit.
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
    public void recordFailure(String clientAddress, Instant now) throws IOException {
        updates.lock();
        try {
            Window next = read(clientAddress).filter(w -> isRunning(w, now))
                    .map(w -> new Window(w.start(), w.failures() + 1))
                    .orElse(new Window(now, 1));
            store.put(key(clientAddress), Json.bytes(next), JSON);
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
