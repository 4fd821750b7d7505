package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminBootstrapTest {
    @TempDir
    Path dir;
    SecurityFixture f;

    @BeforeEach
    void setUp() throws java.io.IOException {
        f = new SecurityFixture(dir);
    }

    @Test
    void firstStartCreatesAdminWithTheConfiguredPasswordOnlyOnce() throws Exception {
        AdminBootstrap.Result first = f.bootstrap.ensureAdmin("Configured Admin Pass 1");

        assertTrue(first.created());
        assertNull(first.generatedPassword());
        assertEquals(Set.of(Role.ADMIN), f.login.login("admin", "Configured Admin Pass 1", "127.0.0.1").roles());
        assertFalse(f.login.login("admin", "Configured Admin Pass 1", "127.0.0.1").mustChangePassword(),
                "the operator chose it, and scripts use it straight away");

        assertFalse(f.bootstrap.ensureAdmin("Another Password Later").created());
        assertFalse(f.secondNode().bootstrap.ensureAdmin(null).created());
        assertThrows(LoginFailedException.class, () -> f.login.login("admin", "Another Password Later", "127.0.0.1"));
        assertEquals(1, f.users.list().size());
        assertEquals(1, f.auditTrail().stream().filter(e -> e.action().equals(AuditActions.USER_CREATE)).count());
    }

    @Test
    void withoutAConfiguredPasswordAStrongOneIsGeneratedAndReturnedOnce() throws Exception {
        AdminBootstrap.Result result = f.bootstrap.ensureAdmin(" ");

        assertTrue(result.created());
        String generated = result.generatedPassword();
        assertEquals(Optional.empty(), f.policy.problem("admin", generated));
        assertEquals("admin", f.login.login("admin", generated, "127.0.0.1").username());
        assertTrue(f.login.login("admin", generated, "127.0.0.1").mustChangePassword(),
                "a password read off the console is replaced at the first login");
        assertFalse(result.toString().contains(generated));
        assertEquals("generated", f.auditTrail().getLast().details().get("password"));
    }

    @Test
    void nothingIsCreatedWhenUsersAlreadyExist() throws Exception {
        f.users.create(Caller.system(), "jsmith", "an existing account", Set.of(Role.ADMIN));

        assertFalse(f.bootstrap.ensureAdmin("Configured Admin Pass 1").created());
        assertTrue(f.users.find("admin").isEmpty());
    }
}
