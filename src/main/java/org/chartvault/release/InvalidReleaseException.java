package org.chartvault.release;

import org.chartvault.Refusal;

/** The request to create or change a release is wrong in itself (a missing field, a page that does not exist). */
public class InvalidReleaseException extends RuntimeException implements Refusal.Invalid {
    private final String code;

    public InvalidReleaseException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A short machine-readable reason, e.g. {@code wrong-patient}, {@code no-such-page}. */
    public String code() {
        return code;
    }
}
