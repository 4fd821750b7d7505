package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenServiceTest {
    private static final String ADDRESS = "10.5.5.5";

    @TempDir
    Path dir;
    SecurityFixture f;
    Caller admin;
    Caller clerk;

    @BeforeEach
    void setUp() throws IOException {
        f = new SecurityFixture(dir);
        admin = f.admin();
        f.users.create(admin, "rclerk", "paper charts all day", Set.of(Role.ROI));
        f.users.create(admin, "scanner1", "feeding the scanner", Set.of(Role.SCANNER));
        clerk = f.asCaller("rclerk", Role.ROI);
    }

    @Test
    void tokenActsAsItsOwnerWithTheOwnersCurrentRoles() throws IOException {
        IssuedToken issued = f.tokens.create(clerk, "release script");

        assertTrue(issued.token().startsWith("cvt_"));
        Caller caller = f.tokens.authenticate(issued.token(), ADDRESS).orElseThrow();
        assertEquals("rclerk", caller.username());
        assertEquals(Caller.How.TOKEN, caller.how());
        assertEquals(issued.summary().id(), caller.credentialId());
        assertEquals(Set.of(Role.ROI), caller.roles());

        f.users.setRoles(admin, "rclerk", Set.of(Role.ROI, Role.LEGAL));
        assertEquals(Set.of(Role.ROI, Role.LEGAL), f.tokens.authenticate(issued.token(), ADDRESS).orElseThrow().roles());
        assertEquals(AuditActions.USER_UPDATE, f.auditTrail().getFirst().action());
    }

    @Test
    void revokedTokenFailsOnTheVeryNextRequestOnEveryNode() throws IOException {
        SecurityFixture otherNode = f.secondNode();
        IssuedToken issued = f.tokens.create(clerk, "nightly export");
        assertTrue(otherNode.tokens.authenticate(issued.token(), ADDRESS).isPresent());

        f.tokens.revoke(clerk, issued.summary().id());

        assertFalse(otherNode.tokens.authenticate(issued.token(), ADDRESS).isPresent());
        assertFalse(f.tokens.authenticate(issued.token(), ADDRESS).isPresent());
        assertEquals(AuditActions.TOKEN_REVOKE, f.auditTrail().getFirst().action());
    }

    @Test
    void usersSeeTheirOwnTokensAndAdministratorsSeeAll() throws IOException {
        IssuedToken mine = f.tokens.create(clerk, "mine");
        IssuedToken theirs = f.tokens.create(f.asCaller("scanner1", Role.SCANNER), "theirs");

        assertEquals(List.of(mine.summary()), f.tokens.list(clerk));
        assertEquals(List.of(mine.summary(), theirs.summary()).stream().map(TokenSummary::id).sorted().toList(),
                f.tokens.list(admin).stream().map(TokenSummary::id).sorted().toList());
    }

    @Test
    void onlyTheOwnerOrAnAdministratorMayRevoke() throws IOException {
        IssuedToken issued = f.tokens.create(clerk, "guarded");

        assertThrows(NotPermittedException.class,
                () -> f.tokens.revoke(f.asCaller("scanner1", Role.SCANNER), issued.summary().id()));
        assertTrue(f.tokens.authenticate(issued.token(), ADDRESS).isPresent());
        f.tokens.revoke(admin, issued.summary().id());
        assertFalse(f.tokens.authenticate(issued.token(), ADDRESS).isPresent());
        assertThrows(UnknownTokenException.class, () -> f.tokens.revoke(admin, issued.summary().id()));
    }

    @Test
    void tokenOfADisabledUserStopsWorking() throws IOException {
        IssuedToken issued = f.tokens.create(clerk, "script");
        f.users.setDisabled(admin, "rclerk", true);

        assertFalse(f.tokens.authenticate(issued.token(), ADDRESS).isPresent());
    }

    @Test
    void storeKeepsOnlyTheHashOfTheToken() throws IOException {
        IssuedToken issued = f.tokens.create(clerk, "hash only");

        for (String key : f.store.list("")) {
            assertFalse(new String(f.store.getBytes(key), StandardCharsets.UTF_8).contains(issued.token()), key);
        }
        assertTrue(f.store.exists(ObjectStoreTokenStore.PREFIX + Secrets.sha256Hex(issued.token()) + ".json"));
    }

    @Test
    void malformedBearerValuesAreNotTokens() throws IOException {
        f.tokens.create(clerk, "exists");
        for (String bearer : new String[]{null, "", "cvt_", "cvt_short", "Bearer cvt_x", "cvt_" + "!".repeat(43),
                "cvt_" + Secrets.newSecret()}) {
            assertFalse(f.tokens.authenticate(bearer, ADDRESS).isPresent(), String.valueOf(bearer));
        }
    }

    @Test
    void aTokenNeedsAName() {
        assertThrows(IllegalArgumentException.class, () -> f.tokens.create(clerk, "  "));
        assertThrows(IllegalArgumentException.class, () -> f.tokens.create(clerk, "x".repeat(101)));
    }
}
