package org.chartvault.security;

import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person given a password by an administrator (a new account, or a reset) must choose their own before ChartVault
 * does anything else for them: every other call is refused with a 403 that says so.
 */
class ForcedPasswordChangeOverHttpTest {
    private static final String FIRST = "Given-By-Admin-2026", OWN = "My-Own-Choice-2026";

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client admin;

    @BeforeAll
    static void start() throws Exception {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    private static void assertRefusedUntilChanged(Response r) {
        assertEquals(403, r.status(), r.toString());
        assertEquals("password-change-required", r.json().get("error").asText());
        assertTrue(r.json().get("message").asText().contains("choose your own password first"), r.toString());
    }

    @Test
    void aNewAccountCanDoNothingButChangeItsPasswordFirst() {
        assertEquals(201, admin.post("/api/users", Map.of("username", "new.scanner", "password", FIRST,
                "roles", List.of("scanner"), "mustChangePassword", true)).status());
        Response login = vault.anonymous().post("/api/session", Map.of("username", "new.scanner", "password", FIRST));
        assertEquals(200, login.status(), login.toString());
        assertTrue(login.json().get("mustChangePassword").asBoolean());
        assertEquals("MM/DD/YYYY", login.json().get("dateFormat").asText(), "how the UI shows days (CHARTVAULT_DATE_FORMAT)");
        Client person = vault.browser("new.scanner", FIRST);

        assertRefusedUntilChanged(person.get("/api/batches"));
        assertRefusedUntilChanged(person.post("/api/tokens", Map.of("name", "a way around")));
        assertRefusedUntilChanged(person.get("/api/document-types"));
        Response who = person.get("/api/session");
        assertEquals(200, who.status(), who.toString());
        assertTrue(who.json().get("mustChangePassword").asBoolean());
        assertTrue(admin.get("/api/users/new.scanner").json().get("mustChangePassword").asBoolean());

        Response same = person.post("/api/me/password", Map.of("currentPassword", FIRST, "newPassword", FIRST));
        assertEquals(400, same.status(), "the new password must differ: " + same);
        assertEquals(204, person.post("/api/me/password", Map.of("currentPassword", FIRST, "newPassword", OWN)).status());

        Client again = vault.browser("new.scanner", OWN);
        assertFalse(again.get("/api/session").json().get("mustChangePassword").asBoolean());
        assertEquals(200, again.get("/api/batches").status());
        assertFalse(admin.get("/api/users/new.scanner").json().get("mustChangePassword").asBoolean());
    }

    @Test
    void aPasswordResetByAnAdministratorMustBeReplacedToo() {
        Client clerk = vault.user("reset.clerk", "roi");
        assertEquals(200, clerk.get("/api/releases").status());
        Response reset = admin.patch("/api/users/reset.clerk", Map.of("password", FIRST, "mustChangePassword", true));
        assertEquals(200, reset.status(), reset.toString());
        assertTrue(reset.json().get("mustChangePassword").asBoolean());
        assertEquals(401, clerk.get("/api/releases").status(), "the old token ended with the reset");

        Client person = vault.browser("reset.clerk", FIRST);
        assertRefusedUntilChanged(person.get("/api/releases"));
        assertEquals(204, person.post("/api/me/password", Map.of("currentPassword", FIRST, "newPassword", OWN)).status());
        assertEquals(200, vault.login("reset.clerk", OWN).get("/api/releases").status());
    }

    @Test
    void anAccountCreatedAsTheApiContractDescribesWorksStraightAway() {
        assertEquals(201, admin.post("/api/users", Map.of("username", "script.scanner", "password", FIRST,
                "roles", List.of("scanner"))).status());
        Client script = vault.login("script.scanner", FIRST);
        assertEquals(200, script.get("/api/batches").status());
    }

    @Test
    void theBootstrapAdministratorWithAConfiguredPasswordWorksStraightAway() {
        Response who = admin.get("/api/session");
        assertFalse(who.json().get("mustChangePassword").asBoolean(), who.toString());
        assertEquals(200, admin.get("/api/users").status());
    }
}
