package org.chartvault.security;

import org.chartvault.Refusal;

/** The chosen password breaks a password rule; the message says which, in words the user can act on. */
public class WeakPasswordException extends IllegalArgumentException implements Refusal.Invalid {
    public WeakPasswordException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "weak-password";
    }
}
