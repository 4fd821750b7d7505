package org.chartvault.security;

import org.chartvault.Refusal;

/** A user with this name already exists. */
public class UserExistsException extends RuntimeException implements Refusal {
    public UserExistsException(String username) {
        super("A user named '" + username + "' already exists.");
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public String code() {
        return "user-exists";
    }
}
