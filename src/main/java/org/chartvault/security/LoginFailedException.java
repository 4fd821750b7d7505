package org.chartvault.security;

import org.chartvault.Refusal;

/**
 * A login was refused. The message is the same whatever the reason (unknown user, wrong password, locked or
 * disabled account, too many attempts), so it tells an attacker nothing; the audit trail records the reason.
 */
public class LoginFailedException extends Exception implements Refusal {
    public static final String MESSAGE = "The user name or password is not correct, or the account is locked for"
            + " a while after too many failed attempts.";

    public LoginFailedException() {
        super(MESSAGE);
    }

    @Override
    public Kind kind() {
        return Kind.NOT_SIGNED_IN;
    }

    @Override
    public String code() {
        return "login-failed";
    }
}
