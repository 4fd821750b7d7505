package org.chartvault.security;

import java.time.Instant;
import java.util.Set;

/**
 * A user as administrators see it: everything but the password hash. {@code lockedUntil} is null unless locked now;
 * {@code mustChangePassword}: the user has not yet replaced a password someone else set.
 */
public record UserSummary(String username, Set<Role> roles, Instant created, boolean disabled,
                          Instant passwordChangedAt, Instant lockedUntil, boolean mustChangePassword) {

    static UserSummary of(User user, Instant now) {
        return new UserSummary(user.username(), user.roles(), user.created(), user.disabled(),
                user.passwordChangedAt(), user.isLockedAt(now) ? user.lockedUntil() : null, user.mustChangePassword());
    }
}
