package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditEntry;
import org.chartvault.audit.MovableClock;
import org.chartvault.audit.Outcome;
import org.chartvault.storage.LocalDiskStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginServiceTest {
    private static final String PASSWORD = "blue heron at dawn";
    private static final String ADDRESS = "10.20.30.40";

    @TempDir
    Path dir;
    SecurityFixture f;

    @BeforeEach
    void setUp() throws IOException {
        f = new SecurityFixture(dir);
        f.users.create(f.admin(), "rclerk", PASSWORD, Set.of(Role.ROI, Role.INDEXER));
    }

    private void failOnce(String username, String password) {
        LoginFailedException e = assertThrows(LoginFailedException.class, () -> f.login.login(username, password, ADDRESS));
        assertEquals(LoginFailedException.MESSAGE, e.getMessage());
    }

    @Test
    void rightPasswordOpensASessionWithTheUsersRoles() throws Exception {
        LoginResult result = f.login.login("rclerk", PASSWORD, ADDRESS);

        assertEquals("rclerk", result.username());
        assertEquals(Set.of(Role.ROI, Role.INDEXER), result.roles());
        assertEquals(Set.of(Role.ROI, Role.INDEXER), f.sessions.authenticate(result.sessionToken(), ADDRESS).orElseThrow().caller().roles());
        AuditEntry last = f.auditTrail().getFirst();
        assertEquals(AuditActions.LOGIN, last.action());
        assertEquals("rclerk", last.user());
        assertEquals(ADDRESS, last.clientAddress());
    }

    @Test
    void userNamesAreNotCaseSensitive() throws Exception {
        assertEquals("rclerk", f.login.login("  RClerk ", PASSWORD, ADDRESS).username());
    }

    @Test
    void unknownUserAndWrongPasswordAreRefusedAlikeButAuditedWithTheirReason() throws Exception {
        failOnce("nobody", PASSWORD);
        failOnce("rclerk", "not the password at all");
        failOnce("Not A Valid Name!", PASSWORD);

        List<AuditEntry> trail = f.auditTrail();
        assertEquals("wrong-password", trail.get(1).details().get("reason"));
        assertEquals("rclerk", trail.get(1).user());
        assertEquals("unknown-user", trail.get(0).details().get("reason"));
        assertEquals(LoginService.UNKNOWN_USER, trail.get(0).user());
        assertEquals("unknown-user", trail.get(2).details().get("reason"));
        assertTrue(trail.subList(0, 3).stream().allMatch(e -> e.action().equals(AuditActions.LOGIN_FAILED)));
    }

    @Test
    void fiveFailuresLockTheAccountEvenAgainstTheRightPasswordUntilTheLockoutEnds() throws Exception {
        for (int i = 0; i < 4; i++) failOnce("rclerk", "wrong guess " + i);
        assertNull(f.users.find("rclerk").orElseThrow().lockedUntil(), "four failures do not lock");
        failOnce("rclerk", "wrong guess 5");
        assertEquals(SecurityFixture.START.plus(Duration.ofMinutes(15)), f.users.find("rclerk").orElseThrow().lockedUntil());
        assertEquals(AuditActions.LOCKOUT, f.auditTrail().getFirst().action());

        failOnce("rclerk", PASSWORD);
        f.clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        failOnce("rclerk", PASSWORD);
        AuditEntry refused = f.auditTrail().getFirst();
        assertEquals("account-locked", refused.details().get("reason"));
        assertEquals(Outcome.DENIED, refused.outcome());

        f.clock.advance(Duration.ofSeconds(1));
        assertEquals("rclerk", f.login.login("rclerk", PASSWORD, ADDRESS).username());
        assertNull(f.users.find("rclerk").orElseThrow().lockedUntil());
        assertTrue(f.audit.verify().valid(), "every refusal went into one intact audit chain");
    }

    @Test
    void aSuccessfulLoginStartsTheFailureCountAfresh() throws Exception {
        for (int i = 0; i < 4; i++) failOnce("rclerk", "wrong guess " + i);
        f.login.login("rclerk", PASSWORD, ADDRESS);
        for (int i = 0; i < 4; i++) failOnce("rclerk", "wrong guess " + i);

        assertNotNull(f.login.login("rclerk", PASSWORD, ADDRESS).sessionToken());
    }

    @Test
    void lockoutCountsFailuresMadeOnAnyNode() throws Exception {
        SecurityFixture other = f.secondNode();
        for (int i = 0; i < 3; i++) failOnce("rclerk", "wrong guess " + i);
        for (int i = 0; i < 2; i++) {
            assertThrows(LoginFailedException.class, () -> other.login.login("rclerk", "wrong again", ADDRESS));
        }

        failOnce("rclerk", PASSWORD);
        assertThrows(LoginFailedException.class, () -> other.login.login("rclerk", PASSWORD, ADDRESS));
    }

    @Test
    void disabledAccountCannotLogIn() throws Exception {
        f.users.setDisabled(f.admin(), "rclerk", true);

        failOnce("rclerk", PASSWORD);
        assertEquals("account-disabled", f.auditTrail().getFirst().details().get("reason"));
    }

    @Test
    void oneAddressFailingAcrossManyAccountsIsHeldBackUntilItsWindowEnds() throws Exception {
        SecuritySettings d = SecurityFixture.testSettings();
        SecuritySettings strict = new SecuritySettings(d.sessionIdle(), d.sessionAbsolute(), d.touchInterval(),
                d.maxFailedLogins(), d.lockout(), 3, Duration.ofMinutes(10), Duration.ZERO);
        SecurityFixture node = new SecurityFixture(f.store, f.clock, strict, SecurityFixture.QUICK);
        for (String name : List.of("alice", "bob", "carol")) {
            assertThrows(LoginFailedException.class, () -> node.login.login(name, "spring is here again", ADDRESS));
        }

        assertThrows(LoginFailedException.class, () -> node.login.login("rclerk", PASSWORD, ADDRESS));
        assertEquals("too-many-failures-from-address", f.auditTrail().getFirst().details().get("reason"));
        assertEquals("rclerk", node.login.login("rclerk", PASSWORD, "10.99.99.99").username(), "other addresses are unaffected");
        node.clock.advance(Duration.ofMinutes(10));
        assertEquals("rclerk", node.login.login("rclerk", PASSWORD, ADDRESS).username());
    }

    @Test
    void loginUpgradesAHashMadeWithWeakerSettings(@TempDir Path other) throws Exception {
        LocalDiskStore store = new LocalDiskStore(other);
        MovableClock clock = new MovableClock(SecurityFixture.START);
        SecurityFixture old = new SecurityFixture(store, clock, SecurityFixture.testSettings(), new PasswordHasher.Settings(512, 1, 1));
        old.users.create(Caller.system(), "jsmith", PASSWORD, Set.of(Role.SCANNER));
        SecurityFixture upgraded = new SecurityFixture(store, clock, SecurityFixture.testSettings(), new PasswordHasher.Settings(2048, 2, 1));
        assertTrue(upgraded.hasher.needsRehash(upgraded.userStore.find("jsmith").orElseThrow().passwordHash()));

        upgraded.login.login("jsmith", PASSWORD, ADDRESS);

        String stored = upgraded.userStore.find("jsmith").orElseThrow().passwordHash();
        assertTrue(stored.startsWith("$argon2id$v=19$m=2048,t=2,p=1$"), stored);
        assertEquals("jsmith", upgraded.login.login("jsmith", PASSWORD, ADDRESS).username());
    }
}
