package org.chartvault.index;

/** The query text cannot be understood; the message says why in words a user can act on. */
public class BadQueryException extends Exception {
    public BadQueryException(String message) {
        super(message);
    }

    public BadQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
