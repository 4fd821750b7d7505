package org.chartvault.security;

import org.chartvault.Refusal;

/** The caller is known but may not do this; the message says why. */
public class NotPermittedException extends RuntimeException implements Refusal.Forbidden {
    public NotPermittedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "forbidden";
    }
}
