package org.chartvault.security;

import org.chartvault.Refusal;

/** A user with this name already exists. */
public class UserExistsException extends RuntimeException implements Refusal.Conflict {
    public UserExistsException(String username) {
        super("A user named '" + username + "' already exists.");
    }

    @Override
    public String code() {
        return "user-exists";
    }
}
