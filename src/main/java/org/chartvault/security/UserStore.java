package org.chartvault.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where user records live. The embedded implementation is {@link ObjectStoreUserStore}; a deployment of several
 * nodes would put them in a database, where {@link #update} becomes one transaction.
 */
public interface UserStore {

    Optional<User> find(String username) throws IOException;

    /** Every user, ordered by name. */
    List<User> all() throws IOException;

    /** True when no user exists at all (first start). */
    boolean isEmpty() throws IOException;

    /** Stores a new user; false when the name is already taken. */
    boolean create(User user) throws IOException;

    /**
     * Reads the user, applies {@code change} and stores the result, returning it. Changes made through one store
     * never overwrite each other. Throws {@link UnknownUserException} when there is no such user.
     */
    User update(String username, UnaryOperator<User> change) throws IOException;
}
