package org.chartvault.security;

/** No user has this name. */
public class UnknownUserException extends RuntimeException {
    public UnknownUserException(String username) {
        super("There is no user named '" + username + "'.");
    }
}
