package org.chartvault.security;

/** The caller is known but may not do this; the message says why. */
public class NotPermittedException extends RuntimeException {
    public NotPermittedException(String message) {
        super(message);
    }
}
