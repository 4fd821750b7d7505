package org.chartvault.release;

import org.chartvault.Refusal;

/**
 * The request is well formed but the release is not in a state that allows it (already released, denied,
 * authorization expired, a document not processed yet).
 */
public class ReleaseConflictException extends RuntimeException implements Refusal.Conflict {
    private final String code;

    public ReleaseConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
