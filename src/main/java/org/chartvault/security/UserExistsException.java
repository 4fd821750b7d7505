package org.chartvault.security;

/** A user with this name already exists. */
public class UserExistsException extends RuntimeException {
    public UserExistsException(String username) {
        super("A user named '" + username + "' already exists.");
    }
}
