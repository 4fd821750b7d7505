package org.chartvault.security;

import org.chartvault.Refusal;

/** No user has this name. */
public class UnknownUserException extends RuntimeException implements Refusal.NotFound {
    public UnknownUserException(String username) {
        super("There is no user named '" + Refusal.quoted(username) + "'.");
    }
}
