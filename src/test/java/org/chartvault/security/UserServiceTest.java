package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserServiceTest {
    private static final String PASSWORD = "lighthouse keeper notes";

    @TempDir
    Path dir;
    SecurityFixture f;
    Caller admin;

    @BeforeEach
    void setUp() throws IOException {
        f = new SecurityFixture(dir);
        admin = f.admin();
    }

    @Test
    void createdUserIsStoredUnderTheirNameAndAudited() throws IOException {
        UserSummary created = f.users.create(admin, "JSmith", PASSWORD, List.of(Role.SCANNER, Role.INDEXER));

        assertEquals("jsmith", created.username());
        assertEquals(Set.of(Role.SCANNER, Role.INDEXER), created.roles());
        assertTrue(f.store.exists("users/jsmith.json"));
        AuditEntry entry = f.auditTrail().getFirst();
        assertEquals(AuditActions.USER_CREATE, entry.action());
        assertEquals("admin", entry.user());
        assertEquals("jsmith", entry.target().id());
        assertEquals("scanner,indexer", entry.details().get("roles"));
    }

    @Test
    void badNamesRolesAndPasswordsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> f.users.create(admin, "1abc", PASSWORD, Set.of(Role.ROI)));
        assertThrows(IllegalArgumentException.class, () -> f.users.create(admin, "a", PASSWORD, Set.of(Role.ROI)));
        assertThrows(IllegalArgumentException.class, () -> f.users.create(admin, "../admin", PASSWORD, Set.of(Role.ROI)));
        assertThrows(IllegalArgumentException.class, () -> f.users.create(admin, "jsmith", PASSWORD, Set.of()));
        WeakPasswordException weak = assertThrows(WeakPasswordException.class,
                () -> f.users.create(admin, "jsmith", "short", Set.of(Role.ROI)));
        assertTrue(weak.getMessage().contains("at least 12"), weak.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Role.fromWire("superuser"));
    }

    @Test
    void aNameCanBeTakenOnlyOnce() throws IOException {
        f.users.create(admin, "jsmith", PASSWORD, Set.of(Role.ROI));

        assertThrows(UserExistsException.class, () -> f.users.create(admin, "JSMITH", PASSWORD, Set.of(Role.LEGAL)));
    }

    @Test
    void listShowsEveryUserByNameWithoutPasswordHashes() throws IOException {
        f.users.create(admin, "zoe", PASSWORD, Set.of(Role.ROI));
        f.users.create(admin, "bert", PASSWORD, Set.of(Role.LEGAL));

        List<UserSummary> users = f.users.list();

        assertEquals(List.of("admin", "bert", "zoe"), users.stream().map(UserSummary::username).toList());
        assertFalse(users.toString().contains("$argon2id"));
    }

    @Test
    void theLastEnabledAdministratorCannotBeDisabledOrLoseTheRole() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> f.users.setDisabled(admin, "admin", true));
        assertThrows(IllegalArgumentException.class, () -> f.users.setRoles(admin, "admin", Set.of(Role.ROI)));

        f.users.create(admin, "second", PASSWORD, Set.of(Role.ADMIN));
        f.users.setRoles(admin, "admin", Set.of(Role.ROI));
        assertEquals(Set.of(Role.ROI), f.users.find("admin").orElseThrow().roles());
    }

    @Test
    void changingOwnPasswordNeedsTheCurrentOneAndEndsOldSessions() throws Exception {
        f.users.create(admin, "jsmith", PASSWORD, Set.of(Role.ROI));
        LoginResult session = f.login.login("jsmith", PASSWORD, "10.0.0.9");
        Caller me = f.sessions.authenticate(session.sessionToken(), "10.0.0.9").orElseThrow().caller();
        f.clock.advance(java.time.Duration.ofSeconds(5));

        assertThrows(NotPermittedException.class, () -> f.users.changeOwnPassword(me, "wrong current one", "new harbour lights"));
        assertThrows(WeakPasswordException.class, () -> f.users.changeOwnPassword(me, PASSWORD, PASSWORD));
        f.users.changeOwnPassword(me, PASSWORD, "new harbour lights");

        assertFalse(f.sessions.authenticate(session.sessionToken(), "10.0.0.9").isPresent());
        assertThrows(LoginFailedException.class, () -> f.login.login("jsmith", PASSWORD, "10.0.0.9"));
        assertEquals("jsmith", f.login.login("jsmith", "new harbour lights", "10.0.0.9").username());
    }

    @Test
    void anAdministratorCanLiftALockout() throws Exception {
        f.users.create(admin, "jsmith", PASSWORD, Set.of(Role.ROI));
        for (int i = 0; i < 5; i++) {
            assertThrows(LoginFailedException.class, () -> f.login.login("jsmith", "not it at all", "10.0.0.9"));
        }
        assertTrue(f.users.find("jsmith").orElseThrow().lockedUntil() != null);

        f.users.unlock(admin, "jsmith");

        assertEquals("jsmith", f.login.login("jsmith", PASSWORD, "10.0.0.9").username());
    }

    @Test
    void changingAnUnknownUserSaysSo() {
        assertThrows(UnknownUserException.class, () -> f.users.setRoles(admin, "ghost", Set.of(Role.ROI)));
    }
}
