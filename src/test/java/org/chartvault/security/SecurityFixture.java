package org.chartvault.security;

import org.chartvault.audit.AuditEntry;
import org.chartvault.audit.AuditKey;
import org.chartvault.audit.AuditKeys;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.AuditQuery;
import org.chartvault.audit.MovableClock;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One ChartVault node's security services, wired as App will wire them, over a real file-backed store and a
 * clock the test moves. {@link #secondNode()} builds another node on the same store and clock.
 * Argon2 runs with small memory here so the suite stays quick; PasswordHasherTest covers the real settings.
 */
final class SecurityFixture {
    static final Instant START = Instant.parse("2025-06-02T08:00:00Z");
    static final PasswordHasher.Settings QUICK = new PasswordHasher.Settings(1024, 1, 1);
    static final String ADMIN_PASSWORD = "Admin-Setup-Pass-2025";

    final ObjectStore store;
    final MovableClock clock;
    final SecuritySettings settings;
    final AuditLog audit;
    final UserStore userStore;
    final PasswordHasher hasher;
    final PasswordPolicy policy;
    final SessionService sessions;
    final TokenService tokens;
    final LoginService login;
    final UserService users;
    final AdminBootstrap bootstrap;

    SecurityFixture(Path dir) throws java.io.IOException {
        this(new LocalDiskStore(dir), new MovableClock(START), testSettings(), QUICK);
    }

    SecurityFixture(ObjectStore store, MovableClock clock, SecuritySettings settings, PasswordHasher.Settings argon2) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.audit = AuditLog.inObjectStore(store, AuditKeys.of(AuditKey.generate()), clock);
        this.userStore = new ObjectStoreUserStore(store, new org.chartvault.storage.InProcessLocks());
        this.hasher = new PasswordHasher(argon2);
        this.policy = new PasswordPolicy();
        this.sessions = new SessionService(new ObjectStoreSessionStore(store), userStore, audit, clock, settings);
        this.tokens = new TokenService(new ObjectStoreTokenStore(store), userStore, audit, clock,
                TokenService.DEFAULT_LIFETIME);
        this.login = new LoginService(userStore, hasher, sessions,
                new ObjectStoreLoginAttempts(store, settings.addressWindow()), audit, clock, settings);
        this.users = new UserService(userStore, hasher, policy, audit, clock);
        this.bootstrap = new AdminBootstrap(userStore, hasher, policy, audit, clock);
    }

    /** The defaults, without the response-time padding of failed logins (tests never measure time). */
    static SecuritySettings testSettings() {
        SecuritySettings d = SecuritySettings.defaults();
        return new SecuritySettings(d.sessionIdle(), d.sessionAbsolute(), d.touchInterval(), d.maxFailedLogins(),
                d.lockout(), d.maxFailuresPerAddress(), d.addressWindow(), Duration.ZERO);
    }

    SecurityFixture secondNode() {
        return new SecurityFixture(store, clock, settings, QUICK);
    }

    /** Creates the first admin and returns them as a caller, as the HTTP layer would after their login. */
    Caller admin() throws IOException {
        bootstrap.ensureAdmin(ADMIN_PASSWORD);
        return new Caller(AdminBootstrap.ADMIN, Set.of(Role.ADMIN), Caller.How.SESSION, "10.0.0.1", null);
    }

    Caller asCaller(String username, Role... roles) {
        return new Caller(username, Set.of(roles), Caller.How.SESSION, "10.0.0.2", null);
    }

    /** Newest audit entries first. */
    List<AuditEntry> auditTrail() throws IOException {
        return audit.query(AuditQuery.all()).entries();
    }
}
