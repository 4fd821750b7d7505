package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Outcome;
import org.chartvault.audit.Target;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Managing accounts: create, change roles, disable, set passwords, list. Who may call what (administrators
 * only, except changing one's own password) is checked by the HTTP layer; this class checks the values and
 * keeps the one rule it alone can see: at least one enabled administrator must remain.
 * Every change is audited under the caller's name.
 */
public final class UserService {
    private final UserStore users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(UserStore users, PasswordHasher hasher, PasswordPolicy policy, AuditLog audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates an account whose password works straight away (as scripts following the API contract expect). */
    public UserSummary create(Caller by, String username, String password, Collection<Role> roles) throws IOException {
        return create(by, username, password, roles, false);
    }

    /**
     * Creates an account. Throws IllegalArgumentException for a malformed name or no roles,
     * {@link WeakPasswordException} for a password that breaks the rules, {@link UserExistsException} when the
     * name is taken. {@code mustChangePassword}: the person must choose their own password before doing anything
     * else (the administration screen asks for this when it hands a first password to a person).
     */
    public UserSummary create(Caller by, String username, String password, Collection<Role> roles,
                              boolean mustChangePassword) throws IOException {
        String name = User.checkUsername(User.normalizeUsername(username));
        Set<Role> checkedRoles = User.checkRoles(roles);
        policy.check(name, password);
        Instant now = clock.instant();
        User user = User.created(name, checkedRoles, hasher.hash(password), now, mustChangePassword);
        if (!users.create(user)) throw new UserExistsException(name);
        audit.append(by.event(AuditActions.USER_CREATE, Target.user(name)).with("roles", roleList(checkedRoles))
                .with("mustChangePassword", mustChangePassword));
        return UserSummary.of(user, now);
    }

    public Optional<UserSummary> find(String username) throws IOException {
        Instant now = clock.instant();
        return users.find(User.normalizeUsername(username)).map(u -> UserSummary.of(u, now));
    }

    /** Every account, ordered by name. */
    public List<UserSummary> list() throws IOException {
        Instant now = clock.instant();
        return users.all().stream().sorted(Comparator.comparing(User::username)).map(u -> UserSummary.of(u, now)).toList();
    }

    /** Replaces the user's roles. Takes effect on the user's next request. */
    public UserSummary setRoles(Caller by, String username, Collection<Role> roles) throws IOException {
        String name = User.normalizeUsername(username);
        Set<Role> checkedRoles = User.checkRoles(roles);
        if (!checkedRoles.contains(Role.ADMIN)) keepAnAdministrator(name);
        User changed = users.update(name, u -> u.withRoles(checkedRoles, clock.instant()));
        audit.append(by.event(AuditActions.USER_UPDATE, Target.user(name)).with("roles", roleList(checkedRoles)));
        return UserSummary.of(changed, clock.instant());
    }

    /** Disables (ending all the user's sessions; their API tokens stop working) or enables an account. */
    public UserSummary setDisabled(Caller by, String username, boolean disabled) throws IOException {
        String name = User.normalizeUsername(username);
        if (disabled) keepAnAdministrator(name);
        Instant now = clock.instant();
        User changed = users.update(name, u -> u.withDisabled(disabled, now));
        audit.append(by.event(AuditActions.USER_UPDATE, Target.user(name)).with("disabled", disabled));
        return UserSummary.of(changed, now);
    }

    /** Lifts a lockout before it runs out (after the user has been identified by other means). */
    public UserSummary unlock(Caller by, String username) throws IOException {
        String name = User.normalizeUsername(username);
        User changed = users.update(name, u -> u.withFailures(0, null));
        audit.append(by.event(AuditActions.USER_UPDATE, Target.user(name)).with("unlocked", true));
        return UserSummary.of(changed, clock.instant());
    }

    /**
     * The caller changes their own password, proving the current one. All the user's sessions end, this one
     * too: the HTTP layer logs the user in again with the new password.
     * Throws {@link NotPermittedException} when the current password is wrong.
     */
    public void changeOwnPassword(Caller by, String currentPassword, String newPassword) throws IOException {
        User user = users.find(by.username()).orElseThrow(() -> new UnknownUserException(by.username()));
        if (!hasher.verify(currentPassword == null ? "" : currentPassword, user.passwordHash())) {
            audit.append(by.event(AuditActions.PASSWORD_CHANGE, Target.user(user.username()))
                    .withOutcome(Outcome.FAILED).with("reason", "wrong-current-password"));
            throw new NotPermittedException("The current password is not correct.");
        }
        if (hasher.verify(newPassword, user.passwordHash())) {
            throw new WeakPasswordException("The new password must differ from the current one.");
        }
        setPassword(by, user.username(), newPassword, false);
    }

    /** An administrator sets a new password for a user (who forgot theirs); also lifts a lockout and ends sessions. */
    public void resetPassword(Caller by, String username, String newPassword) throws IOException {
        resetPassword(by, username, newPassword, false);
    }

    /** As above; {@code mustChangePassword}: the user must replace it with their own before doing anything else. */
    public void resetPassword(Caller by, String username, String newPassword, boolean mustChangePassword) throws IOException {
        String name = User.normalizeUsername(username);
        setPassword(by, name, newPassword, mustChangePassword && !by.username().equals(name));
    }

    private void setPassword(Caller by, String name, String newPassword, boolean mustChange) throws IOException {
        policy.check(name, newPassword);
        String hash = hasher.hash(newPassword);
        Instant now = clock.instant();
        users.update(name, u -> u.withPassword(hash, now, mustChange));
        audit.append(by.event(AuditActions.PASSWORD_CHANGE, Target.user(name))
                .with("by", by.username().equals(name) ? "self" : "administrator").with("mustChangePassword", mustChange));
    }

    /** Refuses a change that would leave no enabled administrator: nobody could manage users any more. */
    private void keepAnAdministrator(String losing) throws IOException {
        boolean another = users.all().stream()
                .anyMatch(u -> !u.username().equals(losing) && !u.disabled() && u.roles().contains(Role.ADMIN));
        if (!another) {
            throw new IllegalArgumentException("At least one enabled administrator must remain; give another user"
                    + " the admin role first.");
        }
    }

    private static String roleList(Set<Role> roles) {
        return EnumSet.copyOf(roles).stream().map(Role::wire).collect(Collectors.joining(","));
    }
}
