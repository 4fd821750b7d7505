package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An administrator sets up a scanning station's folder on the settings screen: a refusal shows the server's own
 * sentence, the saved folder is listed with the station's account, its first pickup shows on the screen, and it
 * is given up with a second click.
 */
class WatchedFolderSettingsBrowserTest extends BrowserTest {

    @Test
    void adminWatchesAStationsFolderAndSeesItsFirstPickup(@TempDir Path scans) throws Exception {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "er-station", "password", "Front-Desk-Scanner-77",
                "roles", List.of("scanner"))).status());
        Path folder = Files.createDirectories(scans.resolve("er"));

        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.find("#nav a[href='#/admin/settings']").click();
        browser.awaitText("#watched-folders-title + p + .empty", "No watched folder.");
        browser.find("#add-watched-folder").click();
        browser.await("#watch-id").sendKeys("er-station");
        browser.find("#watch-path").sendKeys("scans/er");
        new Select(browser.find("#watch-account")).selectByValue("er-station");
        browser.find("#watch-type").sendKeys("Discharge summary");
        browser.find("#watch-settle").clear();
        browser.find("#watch-settle").sendKeys("1");
        browser.find("#save-watched-folder").click();
        browser.awaitText(".watch-edit .notice.error", "The folder must be an absolute path on this server");

        browser.find("#watch-path").clear();
        browser.find("#watch-path").sendKeys(folder.toString());
        browser.find("#save-watched-folder").click();
        browser.awaitText(".notice.ok", "Folder er-station is watched.");
        WebElement row = browser.await(".watched-folders-table tr[data-folder='er-station']");
        assertTrue(row.getText().contains("er-station") && row.getText().contains(folder.toString())
                && row.getText().contains("Discharge summary"), row.getText());
        assertTrue(row.getText().contains("No file taken yet."), row.getText());

        Files.write(folder.resolve("discharge.pdf"), ChartFiles.bornDigitalPdf(new ChartGenerator().document(18_500, 1).pages()));
        browser.until(d -> {
            JsonNode status = admin.get("/api/watched-folders/er-station").json().get("status");
            return status.has("lastPickupAt") ? status : null;
        }, "the folder's first pickup", java.time.Duration.ofSeconds(60));
        browser.find("#nav a[href='#/search']").click();
        browser.find("#nav a[href='#/admin/settings']").click();
        browser.awaitText(".watched-folders-table tr[data-folder='er-station'] .watch-status", "Last pickup");
        assertTrue(Files.exists(folder.resolve("archived/discharge.pdf")));

        browser.find(".watched-folders-table tr[data-folder='er-station'] button.danger").click();
        browser.awaitText(".watched-folders-table tr[data-folder='er-station'] button.danger", "Click again to stop");
        browser.find(".watched-folders-table tr[data-folder='er-station'] button.danger").click();
        browser.awaitText(".notice.ok", "Folder er-station is no longer watched");
        assertEquals(0, admin.get("/api/watched-folders").json().get("folders").size());
        browser.assertNoProblems();
    }
}
