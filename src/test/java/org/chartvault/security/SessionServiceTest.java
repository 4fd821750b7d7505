package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionServiceTest {
    private static final String PASSWORD = "quiet library on sunday";
    private static final String ADDRESS = "10.1.2.3";

    @TempDir
    Path dir;
    SecurityFixture f;

    @BeforeEach
    void setUp() throws IOException {
        f = new SecurityFixture(dir);
        f.users.create(f.admin(), "rclerk", PASSWORD, Set.of(Role.ROI));
    }

    private LoginResult login() throws Exception {
        return f.login.login("rclerk", PASSWORD, ADDRESS);
    }

    private boolean valid(String token) throws IOException {
        return f.sessions.authenticate(token, ADDRESS).isPresent();
    }

    @Test
    void sessionStaysOpenWhileUsedAndEndsAfterFifteenIdleMinutes() throws Exception {
        String token = login().sessionToken();
        f.clock.advance(Duration.ofMinutes(14));
        assertTrue(valid(token));
        f.clock.advance(Duration.ofMinutes(14));
        assertTrue(valid(token), "each use restarts the idle clock");

        f.clock.advance(Duration.ofMinutes(15));

        assertFalse(valid(token));
        f.clock.advance(Duration.ofSeconds(-60 * 10));
        assertFalse(valid(token), "an expired session is removed, not just refused");
    }

    @Test
    void sessionEndsAtItsAbsoluteLifetimeHoweverBusy() throws Exception {
        String token = login().sessionToken();
        for (int minute = 10; minute < 12 * 60; minute += 10) {
            f.clock.advance(Duration.ofMinutes(10));
            assertTrue(valid(token), "at minute " + minute);
        }
        f.clock.advance(Duration.ofMinutes(10));

        assertFalse(valid(token));
    }

    @Test
    void useIsWrittenToTheStoreAtMostEveryThirtySeconds() throws Exception {
        LoginResult login = login();
        String activity = ObjectStoreSessionStore.ACTIVITY + Secrets.sha256Hex(login.sessionToken()) + ".json";
        f.clock.advance(Duration.ofSeconds(10));
        assertTrue(valid(login.sessionToken()));
        f.clock.advance(Duration.ofSeconds(19));
        assertTrue(valid(login.sessionToken()));
        assertFalse(f.store.exists(activity), "two uses within 30 s of login write nothing");

        f.clock.advance(Duration.ofSeconds(1));
        assertTrue(valid(login.sessionToken()));

        assertTrue(f.store.exists(activity));
    }

    @Test
    void logoutEndsTheSessionAtOnceOnEveryNode() throws Exception {
        SecurityFixture otherNode = f.secondNode();
        String token = login().sessionToken();
        assertTrue(otherNode.sessions.authenticate(token, ADDRESS).isPresent());

        f.sessions.logout(token, ADDRESS);

        assertFalse(otherNode.sessions.authenticate(token, ADDRESS).isPresent());
        assertFalse(valid(token));
        assertEquals(AuditActions.LOGOUT, f.auditTrail().getFirst().action());
    }

    @Test
    void csrfTokenMatchesOnlyItsOwnSession() throws Exception {
        LoginResult first = login();
        LoginResult second = login();
        ActiveSession session = f.sessions.authenticate(first.sessionToken(), ADDRESS).orElseThrow();

        assertTrue(session.csrfMatches(first.csrfToken()));
        assertFalse(session.csrfMatches(second.csrfToken()));
        assertFalse(session.csrfMatches(null));
        assertFalse(session.csrfMatches(""));
        assertFalse(session.csrfMatches(first.csrfToken().substring(1)));
        assertFalse(session.csrfMatches(first.sessionToken()));
    }

    @Test
    void storeKeepsOnlyTheHashOfTheSessionToken() throws Exception {
        LoginResult login = login();
        f.clock.advance(Duration.ofMinutes(1));
        valid(login.sessionToken());

        for (String key : f.store.list("")) {
            assertFalse(key.contains(login.sessionToken()), key);
            assertFalse(new String(f.store.getBytes(key), StandardCharsets.UTF_8).contains(login.sessionToken()), key);
        }
        assertTrue(f.store.exists(ObjectStoreSessionStore.PREFIX + Secrets.sha256Hex(login.sessionToken()) + ".json"));
    }

    @Test
    void rolesChangedByAnAdministratorApplyToTheNextRequest() throws Exception {
        String token = login().sessionToken();
        f.users.setRoles(f.admin(), "rclerk", Set.of(Role.LEGAL));

        assertEquals(Set.of(Role.LEGAL), f.sessions.authenticate(token, ADDRESS).orElseThrow().caller().roles());
    }

    @Test
    void disablingTheAccountEndsItsSessions() throws Exception {
        String token = login().sessionToken();
        f.users.setDisabled(f.admin(), "rclerk", true);
        assertFalse(valid(token));

        f.users.setDisabled(f.admin(), "rclerk", false);
        assertFalse(valid(token), "enabling again does not bring old sessions back");
    }

    @Test
    void aPasswordResetEndsSessionsOpenedBeforeIt() throws Exception {
        String before = login().sessionToken();
        f.clock.advance(Duration.ofMinutes(1));
        f.users.resetPassword(f.admin(), "rclerk", "a brand new passphrase");

        assertFalse(valid(before));
        assertTrue(valid(f.login.login("rclerk", "a brand new passphrase", ADDRESS).sessionToken()));
    }

    @Test
    void malformedOrUnknownCookiesAreSimplyNotASession() throws Exception {
        for (String cookie : new String[]{null, "", "abc", "../../users/admin", "x".repeat(43), Secrets.newSecret()}) {
            assertFalse(valid(cookie), String.valueOf(cookie));
        }
    }

    @Test
    void expiredSessionsAreClearedOut() throws Exception {
        login();
        String kept = login().sessionToken();
        f.clock.advance(Duration.ofMinutes(10));
        valid(kept);
        f.clock.advance(Duration.ofMinutes(6));

        assertEquals(1, f.sessions.removeExpired());
        assertTrue(valid(kept));
    }
}
