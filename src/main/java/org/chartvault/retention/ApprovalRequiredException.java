package org.chartvault.retention;

import org.chartvault.Refusal;

/** Destruction asked for without (or against) an approved destruction list. */
public class ApprovalRequiredException extends RuntimeException implements Refusal.Conflict {
    private final String code;

    public ApprovalRequiredException(String message) {
        this("approval-required", message);
    }

    public ApprovalRequiredException(String code, String message) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
