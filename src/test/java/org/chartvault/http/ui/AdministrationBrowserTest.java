package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Administrators at work: users and roles, API tokens, the audit log; and every screen at desktop and tablet width. */
class AdministrationBrowserTest extends BrowserTest {

    @Test
    void adminCreatesAUserWhoThenSeesOnlyWhatTheirRolesAllow() {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        assertEquals(List.of("Capture", "Review queue", "Search", "Releases", "Legal holds", "Retention", "Users", "Audit log", "Settings", "API tokens"), navigation());
        browser.find("#nav a[href='#/admin/users']").click();
        browser.await("#new-username").sendKeys("rosa");
        browser.find("#new-password").sendKeys("Release-Desk-Tuesday-1");
        browser.find("#new-role-scanner").click();
        browser.find("#create-user").click();
        browser.awaitText(".create-user .notice.ok", "User rosa created with roles: scanner");
        WebElement row = browser.await("tr[data-username='rosa']");
        assertTrue(row.getText().contains("scanner"), row.getText());

        // give her release of information instead of scanning
        row.findElement(By.cssSelector("button")).click();
        browser.await("#edit-role-roi").click();
        browser.find("#edit-role-scanner").click();
        browser.find(".edit-roles button[type=submit]").click();
        browser.awaitText(".user-edit .notice.ok", "Roles of rosa are now: roi");
        browser.awaitText("tr[data-username='rosa']", "roi");
        JsonNode rosa = vault.admin().get("/api/users/rosa").json();
        assertEquals("[\"roi\"]", rosa.get("roles").toString());

        assertTrue(vault.admin().get("/api/users/rosa").json().get("mustChangePassword").asBoolean(),
                "the form asks a person given a first password to choose their own");

        // her first login: nothing but choosing her own password, and the server refuses everything else meanwhile
        browser.logOut();
        browser.await("input[name=username]").sendKeys("rosa");
        browser.find("input[name=password]").sendKeys("Release-Desk-Tuesday-1", Keys.ENTER);
        browser.awaitText("h1", "Choose your own password");
        assertTrue(browser.all("#nav a").isEmpty(), "no navigation before her own password");
        assertEquals(403L, browser.script("return fetch('/api/search?q=x').then(r => r.status);"));
        browser.go(vault.url("/#/search"));
        browser.awaitText("h1", "Choose your own password");
        browser.find("#current-password").sendKeys("Release-Desk-Tuesday-1");
        browser.find("#new-password").sendKeys("Desk-Clerk-Choice-2026");
        browser.find("#new-password-again").sendKeys("Desk-Clerk-Choice-2027");
        browser.find("#password-submit").click();
        browser.awaitText("#password-status .notice.error", "not the same");
        browser.find("#new-password-again").sendKeys("Desk-Clerk-Choice-2026");
        browser.find("#password-submit").click();
        browser.await("#topbar nav a");
        assertEquals(List.of("Search", "Releases", "API tokens"), navigation(), "an ROI clerk sees search, releases and her tokens only");
        assertFalse(vault.admin().get("/api/users/rosa").json().get("mustChangePassword").asBoolean());
        browser.go(vault.url("/#/admin/users"));
        browser.awaitText("h1", "Not available to your role");
        assertTrue(browser.all("#new-username").isEmpty(), "no user form for her");
        browser.go(vault.url("/#/capture"));
        browser.awaitText("h1", "Not available to your role");
        browser.logOut();

        // disabled, she cannot log in; enabled again, she can
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.go(vault.url("/#/admin/users"));
        browser.await("tr[data-username='rosa'] button").click();
        browser.awaitText(".user-edit button", "Disable account").click();
        browser.awaitText(".user-edit .notice.ok", "rosa is disabled");
        browser.awaitText("tr[data-username='rosa']", "Disabled");
        browser.logOut();
        browser.await("input[name=username]").sendKeys("rosa");
        browser.find("input[name=password]").sendKeys("Desk-Clerk-Choice-2026", Keys.ENTER);
        browser.await(".login-form .notice.error");
        assertFalse(browser.find("#topbar").isDisplayed());
        browser.assertNoProblems();
    }

    @Test
    void aNewTokenIsShownOnceWorksForScriptsAndStopsWorkingWhenRevoked() throws Exception {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.find("#nav a[href='#/tokens']").click();
        browser.await("#token-name").sendKeys("nightly import", Keys.ENTER);
        String token = browser.await("#new-token").getAttribute("value");
        assertTrue(browser.find(".token-created").getText().contains("shown only once"));
        assertEquals(200, statusWithToken(token), "the token works for a script");

        browser.go(vault.url("/#/capture"));
        browser.go(vault.url("/#/tokens"));
        WebElement row = browser.awaitText(".tokens-table tbody tr", "nightly import");
        assertTrue(browser.all("#new-token").isEmpty(), "the token is not shown a second time");
        assertFalse(browser.find("body").getText().contains(token));
        WebElement revoke = row.findElement(By.cssSelector("button"));
        revoke.click();
        assertEquals("Click again to revoke", revoke.getText());
        revoke.click();
        browser.until(d -> browser.all(".tokens-table tbody tr").stream().noneMatch(r -> r.getText().contains("nightly import")),
                "the revoked token to leave the list");
        assertEquals(401, statusWithToken(token));
        browser.assertNoProblems();
    }

    @Test
    void auditLogFindsAUsersActionsExportsThemAndVerifiesTheChain() {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.go(vault.url("/#/admin/audit"));
        browser.await("#audit-user").sendKeys("admin");
        // actions are picked by their name in words, and shown so
        browser.until(d -> d.findElements(By.cssSelector("#audit-action option[value='login']")).size() == 1, "the action list");
        new org.openqa.selenium.support.ui.Select(browser.find("#audit-action")).selectByVisibleText("Logged in");
        browser.find(".audit-form button[type=submit]").click();
        browser.await(".audit-table tbody tr");
        for (WebElement action : browser.all(".audit-table tbody td:nth-child(4)")) assertEquals("Logged in", action.getText());
        for (WebElement user : browser.all(".audit-table tbody td:nth-child(3)")) assertEquals("admin", user.getText());

        String csv = browser.find("#audit-csv").getAttribute("href");
        assertTrue(csv.contains("user=admin") && csv.contains("action=login"), csv);
        Object exported = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[1]; fetch(arguments[0]).then(r => r.text()).then(done);", csv);
        String[] lines = exported.toString().split("\n");
        assertTrue(lines.length >= 2, exported.toString());
        assertTrue(lines[1].contains("login") && lines[1].contains("admin"), lines[1]);

        browser.find("#audit-verify").click();
        browser.awaitText(".verify-result .notice.ok", "The audit trail is intact");
        browser.assertNoProblems();
    }

    @Test
    void everyScreenFitsA1280By800ScreenAndAnUprightTablet() {
        RunningChartVault.Client admin = vault.admin();
        JsonNode receipt = admin.upload(Map.of(), new RunningChartVault.Part("consult.pdf",
                ChartFiles.bornDigitalPdf(new ChartGenerator().document(77, 2).pages()))).json();
        admin.awaitBatch(receipt.get("batchId").asText(), Duration.ofSeconds(60));
        String documentId = receipt.get("documents").get(0).get("documentId").asText();
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        List<String> screens = List.of("capture", "review", "search?q=patient", "documents/" + documentId + "?q=patient",
                "admin/users", "admin/audit", "tokens", "batches/" + receipt.get("batchId").asText());
        List<String> tooWide = new ArrayList<>();
        try {
            for (int[] size : new int[][]{{1280, 800}, {768, 1024}}) {
                browser.viewport(size[0], size[1]);
                for (String screen : screens) {
                    browser.go(vault.url("/#/" + screen));
                    browser.await("main h1");
                    browser.until(d -> browser.all("main .muted").stream().noneMatch(e -> e.getText().startsWith("Loading")),
                            "the screen to load");
                    if (!browser.fitsWidth()) tooWide.add(screen + " at " + size[0] + "x" + size[1]);
                }
            }
        } finally {
            browser.viewport(1280, 800);
        }
        assertEquals(List.of(), tooWide, "screens that need sideways scrolling");
        browser.assertNoProblems();
    }

    private static List<String> navigation() {
        return browser.all("#nav a").stream().map(WebElement::getText).toList();
    }

    private static int statusWithToken(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(vault.url("/api/session")))
                .header("Authorization", "Bearer " + token).GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
