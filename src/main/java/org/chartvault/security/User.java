package org.chartvault.security;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A person who can log in, as stored under {@code users/<username>.json}.
 *
 * @param passwordHash      Argon2id PHC string, never the password
 * @param failedAttempts    consecutive failed logins since the last success or lockout
 * @param lockedUntil       no login before this time, even with the right password; null when not locked
 * @param sessionsValidFrom sessions opened before this time are over (set when the password is changed or
 *                          reset, or the account disabled); null when every session counts
 * @param tokensValidFrom   API tokens created before this time no longer work (set when the password is changed
 *                          or reset, the account disabled or a role taken away); null when every token counts
 * @param mustChangePassword the password was set by someone else (an administrator, or generated at first start):
 *                          the user may do nothing but choose their own until they have (false in records stored
 *                          before this existed)
 */
public record User(String username, Set<Role> roles, Instant created, boolean disabled, String passwordHash,
                   Instant passwordChangedAt, int failedAttempts, Instant lockedUntil, Instant sessionsValidFrom,
                   Instant tokensValidFrom, boolean mustChangePassword) {

    /**
     * Lower-case letters, digits, '.', '_' and '-', starting with a letter, 2 to 64 characters: safe in storage
     * keys, URLs, log lines and CSV cells without escaping.
     */
    private static final String USERNAME_SHAPE = "[a-z][a-z0-9._-]{1,63}";

    public User {
        checkUsername(username);
        roles = checkRoles(roles);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
        if (failedAttempts < 0) throw new IllegalArgumentException("failedAttempts must not be negative");
    }

    /** Strips and lower-cases a user name as typed; user names are not case-sensitive. */
    public static String normalizeUsername(String typed) {
        return typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
    }

    public static boolean isWellFormedUsername(String username) {
        return username != null && username.matches(USERNAME_SHAPE);
    }

    static String checkUsername(String username) {
        if (!isWellFormedUsername(username)) {
            throw new IllegalArgumentException("A user name is 2 to 64 characters: lower-case letters, digits, '.', '_'"
                    + " or '-', starting with a letter ('" + username + "' is not).");
        }
        return username;
    }

    static Set<Role> checkRoles(Collection<Role> roles) {
        if (roles == null || roles.isEmpty() || roles.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("A user needs at least one role: scanner, indexer, roi, legal or admin.");
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    public boolean isLockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** A new account: no failures, every later session and token counts. */
    static User created(String username, Set<Role> roles, String passwordHash, Instant now, boolean mustChangePassword) {
        return new User(username, roles, now, false, passwordHash, now, 0, null, null, null, mustChangePassword);
    }

    /** A new password; {@code setBySomeoneElse}: the user must then choose their own before doing anything else. */
    User withPassword(String newHash, Instant now, boolean setBySomeoneElse) {
        return new User(username, roles, created, disabled, newHash, now, 0, null, now, now, setBySomeoneElse);
    }

    /** Whether an API token created at {@code tokenCreated} still acts for this user. */
    public boolean acceptsTokenCreatedAt(Instant tokenCreated) {
        return !disabled && (tokensValidFrom == null || !tokenCreated.isBefore(tokensValidFrom));
    }

    /** A new hash of the same password (stronger parameters): sessions stay as they are. */
    User withRehashedPassword(String newHash) {
        return new User(username, roles, created, disabled, newHash, passwordChangedAt, failedAttempts, lockedUntil,
                sessionsValidFrom, tokensValidFrom, mustChangePassword);
    }

    /** Taking a role away also ends the user's API tokens: a script keeps no power its owner lost. */
    User withRoles(Set<Role> newRoles, Instant now) {
        boolean lostOne = !newRoles.containsAll(roles);
        return new User(username, newRoles, created, disabled, passwordHash, passwordChangedAt, failedAttempts,
                lockedUntil, sessionsValidFrom, lostOne ? now : tokensValidFrom, mustChangePassword);
    }

    User withDisabled(boolean newDisabled, Instant now) {
        return new User(username, roles, created, newDisabled, passwordHash, passwordChangedAt, failedAttempts,
                lockedUntil, newDisabled ? now : sessionsValidFrom, newDisabled ? now : tokensValidFrom, mustChangePassword);
    }

    User withFailures(int newFailedAttempts, Instant newLockedUntil) {
        return new User(username, roles, created, disabled, passwordHash, passwordChangedAt, newFailedAttempts,
                newLockedUntil, sessionsValidFrom, tokensValidFrom, mustChangePassword);
    }

    @Override
    public String toString() {
        return "User[" + username + " " + roles + (disabled ? " disabled" : "") + "]";
    }
}
