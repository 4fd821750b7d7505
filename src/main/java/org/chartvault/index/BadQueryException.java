package org.chartvault.index;

import org.chartvault.Refusal;

/** The query text cannot be understood; the message says why in words a user can act on. */
public class BadQueryException extends Exception implements Refusal.Invalid {
    public BadQueryException(String message) {
        super(message);
    }

    public BadQueryException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "bad-query";
    }
}
