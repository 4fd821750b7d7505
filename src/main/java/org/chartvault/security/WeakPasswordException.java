package org.chartvault.security;

/** The chosen password breaks a password rule; the message says which, in words the user can act on. */
public class WeakPasswordException extends IllegalArgumentException {
    public WeakPasswordException(String message) {
        super(message);
    }
}
