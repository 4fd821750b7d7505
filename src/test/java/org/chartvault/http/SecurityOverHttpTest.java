package org.chartvault.http;

import org.chartvault.audit.MovableClock;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security rules as a browser or a script meets them, over HTTP, with a clock the test moves. */
class SecurityOverHttpTest {
    private static final String PASSWORD = "Ward-7-Night-Shift-Desk";

    @TempDir
    static Path data;
    static MovableClock clock = new MovableClock(Instant.now());
    static RunningChartVault server;

    @BeforeAll
    static void start() throws Exception {
        server = RunningChartVault.start(data, Map.of(), clock);
        for (String name : List.of("idle-clerk", "locked-clerk", "csrf-clerk", "token-clerk", "expiry-clerk")) {
            Response created = server.admin().post("/api/users", Map.of("username", name, "password", PASSWORD, "roles", List.of("roi")));
            assertEquals(201, created.status(), created.toString());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void cookieChangeWithoutItsCsrfTokenIsRefused() {
        Client browser = server.browser("csrf-clerk", PASSWORD);
        Response refused = browser.withoutCsrf().post("/api/tokens", Map.of("name", "no csrf"));
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("csrf", refused.json().get("error").asText());
        assertEquals(201, browser.post("/api/tokens", Map.of("name", "with csrf")).status());
    }

    @Test
    void revokedTokenStopsWorkingAtOnce() {
        Client browser = server.browser("token-clerk", PASSWORD);
        Response issued = browser.post("/api/tokens", Map.of("name", "script"));
        String token = issued.json().get("token").asText();
        Response withToken = bearer(token).get("/api/session");
        assertEquals(200, withToken.status(), withToken.toString());
        assertEquals(204, browser.delete("/api/tokens/" + issued.json().get("id").asText()).status());
        assertEquals(401, bearer(token).get("/api/session").status());
    }

    @Test
    void tokenStopsWorkingWhenItExpires() {
        Client browser = server.browser("expiry-clerk", PASSWORD);
        assertEquals(400, browser.post("/api/tokens", Map.of("name", "too long", "days", 91)).status(),
                "no token outlives the configured 90 days");
        Response issued = browser.post("/api/tokens", Map.of("name", "weekly job", "days", 7));
        assertEquals(201, issued.status(), issued.toString());
        Instant expires = Instant.parse(issued.json().get("expires").asText());
        assertTrue(Duration.between(clock.instant(), expires).toDays() <= 7, issued.toString());
        String token = issued.json().get("token").asText();
        assertEquals(200, bearer(token).get("/api/session").status());
        clock.advance(Duration.ofDays(8));
        assertEquals(401, bearer(token).get("/api/session").status(), "an expired token is refused");
    }

    @Test
    void idleSessionEndsAfterItsTimeout() {
        Client browser = server.browser("idle-clerk", PASSWORD);
        assertEquals(200, browser.get("/api/session").status());
        clock.advance(Duration.ofMinutes(14));
        assertEquals(200, browser.get("/api/session").status(), "still in use within the idle timeout");
        clock.advance(Duration.ofMinutes(16));
        assertEquals(401, browser.get("/api/session").status());
    }

    @Test
    void lockedOutUserCannotLogInEvenWithTheRightPasswordUntilTheLockoutEnds() {
        for (int i = 0; i < 5; i++) {
            Response wrong = server.anonymous().post("/api/session", Map.of("username", "locked-clerk", "password", "wrong-" + i));
            assertEquals(401, wrong.status());
        }
        Response locked = server.anonymous().post("/api/session", Map.of("username", "locked-clerk", "password", PASSWORD));
        assertEquals(401, locked.status(), "locked account accepted the right password");
        clock.advance(Duration.ofMinutes(16));
        Response after = server.anonymous().post("/api/session", Map.of("username", "locked-clerk", "password", PASSWORD));
        assertEquals(200, after.status(), after.toString());
        Response audit = server.admin().get("/api/audit?action=lockout&user=locked-clerk");
        assertEquals(1, audit.json().get("entries").size(), audit.toString());
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteStrict() {
        Response login = server.anonymous().post("/api/session", Map.of("username", "csrf-clerk", "password", PASSWORD));
        String cookie = login.header("set-cookie");
        assertNotNull(cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertNotNull(login.json().get("csrfToken"));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndPhiIsNotCached() {
        for (Response r : List.of(server.anonymous().get("/api/health"), server.anonymous().get("/api/search?q=x"),
                server.anonymous().get("/"), server.admin().get("/api/documents/doc_00000000000000000000000000"))) {
            String csp = r.header("content-security-policy");
            assertNotNull(csp, r.toString());
            assertTrue(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", r.header("x-content-type-options"));
            assertEquals("no-referrer", r.header("referrer-policy"));
        }
        assertEquals("no-store", server.admin().get("/api/users").header("cache-control"));
    }

    @Test
    void errorsNeverCarryStackTracesOrInternalPaths() {
        for (Response r : List.of(server.admin().get("/api/documents/../../etc/passwd"),
                server.admin().patch("/api/documents/doc_00000000000000000000000000", Map.of("nonsense", 1)),
                server.admin().send("POST", "/api/users", "application/json", "{not json".getBytes()),
                server.admin().get("/api/search?q=((("))) {
            String body = r.text();
            assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
            assertFalse(body.contains("Exception") || body.contains("at org.") || body.contains("/work/") || body.contains("/tmp/"), body);
        }
    }

    private static Client bearer(String token) {
        return server.withToken(token);
    }
}
