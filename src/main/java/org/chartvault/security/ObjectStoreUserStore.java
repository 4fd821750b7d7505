package org.chartvault.security;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link UserStore} in the object store, one object per user. New users are written with {@code putIfAbsent} under
 * the user's lock, so two nodes cannot both create one name. Updates are read-modify-write under a lock of this process; the
 * object store offers no compare-and-set, so two nodes updating the same user in the same instant can lose one
 * change (at worst a failed-login count) — the database implementation closes that gap.
 */
public final class ObjectStoreUserStore implements UserStore {
    /** {@code users/<username>.json}: user names are restricted to characters safe in a key. */
    static final String PREFIX = "users/";
    private static final String JSON = "application/json";

    private final ObjectStore store;
    private final Locks locks;

    /** {@code locks}: shared by every node when they share a database, so a lockout count is one count. */
    public ObjectStoreUserStore(ObjectStore store, Locks locks) {
        this.store = store;
        this.locks = locks;
    }

    static String key(String username) {
        return PREFIX + User.checkUsername(username) + ".json";
    }

    @Override
    public Optional<User> find(String username) throws IOException {
        if (!User.isWellFormedUsername(username)) return Optional.empty();
        try {
            return Optional.of(Json.read(store.getBytes(key(username)), User.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<User> all() throws IOException {
        List<User> users = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            if (!key.endsWith(".json")) continue;
            try {
                users.add(Json.read(store.getBytes(key), User.class));
            } catch (ObjectNotFoundException e) {
                // removed between list and read
            }
        }
        return users;
    }

    @Override
    public boolean isEmpty() throws IOException {
        return store.list(PREFIX).isEmpty();
    }

    /**
     * Under the user's lock as well as conditional: on a store that does not decide racing creators itself (see
     * {@link ObjectStore#supportsCreateIfAbsent()}) the lock, then shared through PostgreSQL, is what lets one win.
     */
    @Override
    public boolean create(User user) throws IOException {
        return locks.withLock("user:" + user.username(),
                () -> store.putIfAbsent(key(user.username()), Json.bytes(user), JSON).isPresent());
    }

    @Override
    public User update(String username, UnaryOperator<User> change) throws IOException {
        return locks.withLock("user:" + username, () -> {
            User current = find(username).orElseThrow(() -> new UnknownUserException(username));
            User changed = change.apply(current);
            if (!changed.username().equals(current.username())) {
                throw new IllegalArgumentException("a user's name cannot be changed");
            }
            if (!changed.equals(current)) store.put(key(username), Json.bytes(changed), JSON);
            return changed;
        });
    }
}
