package org.chartvault.amendment;

import org.chartvault.Refusal;

/** A request about an amendment that is wrong in itself: a missing text, a date out of range. */
public class InvalidAmendmentException extends RuntimeException implements Refusal.Invalid {
    private final String code;

    public InvalidAmendmentException(String code, String message) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
