package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Outcome;
import org.chartvault.audit.Target;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logging in with user name and password. Every refusal looks the same from outside (same message, at least
 * {@link SecuritySettings#failedLoginFloor()} long, and a full password hash computed even for a user name that
 * does not exist), so user names cannot be discovered by trying; the audit trail records the real reason.
 */
public final class LoginService {
    /** The user name audited when the typed name matches no account (the typed text may be a password). */
    static final String UNKNOWN_USER = "(unknown)";
    /** Longer input is refused without hashing: no password rule allows it, and hashing must stay cheap. */
    private static final int MAX_PASSWORD_INPUT = 4 * PasswordPolicy.MAX_LENGTH;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final LoginAttempts attempts;
    private final AuditLog audit;
    private final Clock clock;
    private final SecuritySettings settings;

    public LoginService(UserStore users, PasswordHasher hasher, SessionService sessions, LoginAttempts attempts,
                        AuditLog audit, Clock clock, SecuritySettings settings) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.attempts = attempts;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Checks the password and opens a session. Refuses with {@link LoginFailedException} when the user is
     * unknown, the password wrong, the account disabled or locked (a locked account stays locked even with the
     * right password until the lockout ends), or this address failed too often lately.
     */
    public LoginResult login(String username, String password, String clientAddress)
            throws LoginFailedException, IOException {
        long started = System.nanoTime();
        try {
            return attempt(User.normalizeUsername(username), password == null ? "" : password, clientAddress);
        } catch (LoginFailedException e) {
            padToFloor(started);
            throw e;
        }
    }

    private LoginResult attempt(String name, String password, String clientAddress)
            throws LoginFailedException, IOException {
        Instant now = clock.instant();
        // Every try is counted before its password is checked, in one atomic step with the limit: twenty guesses
        // sent at the same moment get the same five checks as twenty sent one after another.
        if (settings.maxFailuresPerAddress() > 0
                && !attempts.tryCount(clientAddress, now, settings.maxFailuresPerAddress())) {
            audit.append(failure(UNKNOWN_USER, List.of(), clientAddress, Outcome.DENIED, "too-many-failures-from-address"));
            throw new LoginFailedException();
        }
        if (password.length() > MAX_PASSWORD_INPUT) {
            refuse(UNKNOWN_USER, List.of(), clientAddress, Outcome.FAILED, "password-too-long");
        }
        Optional<User> found = users.find(name);
        if (found.isEmpty()) {
            hasher.verifyDecoy(password); // the same time as a real check, so names cannot be discovered by timing
            refuse(UNKNOWN_USER, List.of(), clientAddress, Outcome.FAILED, "unknown-user");
        }
        List<String> roles = found.get().roles().stream().map(Role::wire).toList();
        AtomicBoolean counted = new AtomicBoolean();
        User reserved = users.update(name, u -> {
            counted.set(!u.isLockedAt(now));
            return counted.get() ? countFailure(u, now) : u;
        });
        if (!counted.get()) {
            audit.append(failure(name, roles, clientAddress, Outcome.DENIED, "account-locked")
                    .with("lockedUntil", reserved.lockedUntil()));
            throw new LoginFailedException();
        }
        boolean passwordMatches = hasher.verify(password, reserved.passwordHash());
        if (reserved.disabled()) refuse(name, roles, clientAddress, Outcome.DENIED, "account-disabled");
        if (!passwordMatches) {
            audit.append(failure(name, roles, clientAddress, Outcome.FAILED, "wrong-password")
                    .with("consecutiveFailures", reserved.isLockedAt(now) ? settings.maxFailedLogins() : reserved.failedAttempts()));
            if (reserved.isLockedAt(now)) {
                audit.append(AuditEvent.of(name, roles, clientAddress, AuditActions.LOCKOUT, Target.user(name))
                        .withOutcome(Outcome.DENIED).with("lockedUntil", reserved.lockedUntil()));
            }
            throw new LoginFailedException();
        }
        if (settings.maxFailuresPerAddress() > 0) attempts.forgive(clientAddress, now);
        String rehash = hasher.needsRehash(reserved.passwordHash()) ? hasher.hash(password) : null;
        User current = users.update(name, u -> {
            User v = u.failedAttempts() != 0 || u.lockedUntil() != null ? u.withFailures(0, null) : u;
            return rehash != null && u.passwordHash().equals(reserved.passwordHash()) ? v.withRehashedPassword(rehash) : v;
        });
        LoginResult result = sessions.open(current, clientAddress);
        audit.append(AuditEvent.of(name, roles, clientAddress, AuditActions.LOGIN, Target.user(name)));
        return result;
    }

    /**
     * One more try counted against the account; the one that reaches the limit locks it (and starts counting
     * again). A try that then turns out to be right clears the count and the lock it set.
     */
    private User countFailure(User u, Instant now) {
        int failures = u.failedAttempts() + 1;
        return failures >= settings.maxFailedLogins()
                ? u.withFailures(0, now.plus(settings.lockout()))
                : u.withFailures(failures, u.lockedUntil());
    }

    /** Refuses a try that was counted already. */
    private void refuse(String user, List<String> roles, String clientAddress, Outcome outcome,
                        String reason) throws LoginFailedException, IOException {
        audit.append(failure(user, roles, clientAddress, outcome, reason));
        throw new LoginFailedException();
    }

    private static AuditEvent failure(String user, List<String> roles, String clientAddress, Outcome outcome,
                                      String reason) {
        Target target = UNKNOWN_USER.equals(user) ? null : Target.user(user);
        return AuditEvent.of(user, roles, clientAddress, AuditActions.LOGIN_FAILED, target)
                .withOutcome(outcome).with("reason", reason);
    }

    private void padToFloor(long startedNanos) {
        long remaining = settings.failedLoginFloor().toNanos() - (System.nanoTime() - startedNanos);
        if (remaining <= 0) return;
        try {
            Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
