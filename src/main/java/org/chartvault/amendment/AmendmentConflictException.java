package org.chartvault.amendment;

import org.chartvault.Refusal;

/** The amendment's state forbids the request now: decided already, extended once already, too late to extend. */
public class AmendmentConflictException extends RuntimeException implements Refusal.Conflict {
    private final String code;

    public AmendmentConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
