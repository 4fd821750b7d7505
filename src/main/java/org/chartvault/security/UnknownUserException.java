package org.chartvault.security;

import org.chartvault.Refusal;

/** No user has this name. */
public class UnknownUserException extends RuntimeException implements Refusal {
    public UnknownUserException(String username) {
        super("There is no user named '" + Refusal.quoted(username) + "'.");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }

    @Override
    public String code() {
        return "not-found";
    }
}
