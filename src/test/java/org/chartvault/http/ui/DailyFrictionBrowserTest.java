package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Part;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The small things people meet every day: the document-type form, a batch's name and the color of how it ended,
 * and the screens fitting a 1366 x 768 laptop (the administrator's navigation on one line, the review form's Save
 * button in view without scrolling).
 */
class DailyFrictionBrowserTest extends BrowserTest {
    private static final ChartGenerator generator = new ChartGenerator();

    /** A chart whose pages do not say whose they are: it waits in the review queue. */
    private static byte[] unidentifiable(long seed) {
        ChartDocument document = generator.document(seed, 1);
        return ChartFiles.bornDigitalPdf(withoutHeaders(document));
    }

    private static JsonNode finished(RunningChartVault.Client client, Map<String, String> fields, Part... files) {
        RunningChartVault.Response receipt = client.upload(fields, files);
        assertEquals(202, receipt.status(), receipt.toString());
        return client.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
    }

    @Test
    void anAdministratorAddsRenamesAndRetiresADocumentType() {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.go(vault.url("/#/admin/settings"));
        browser.await(".types-table tbody tr");
        assertTrue(browser.find(".types-table").getText().contains("Other / Unclassified"));

        browser.find("#type-add-submit").click();
        browser.awaitText("#type-add-status .notice.error", "Enter the name to show and the LOINC code");
        browser.find("#type-display").sendKeys("Wound care flowsheet");
        browser.find("#type-loinc").sendKeys("72134-0");
        browser.find("#type-keywords").sendKeys("WOUND CARE FLOWSHEET; WOUND ASSESSMENT");
        browser.find("#type-add-submit").click();
        browser.awaitText(".panel .notice.ok", "can now be given to documents");
        browser.find("#type-display").sendKeys("Duplicate code");
        browser.find("#type-loinc").sendKeys("72134-0");
        browser.find("#type-add-submit").click();
        browser.awaitText("#type-add-status .notice.error", "already the type");

        // it is on a later page of the list: page to it
        WebElement row = browser.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector(".types-table tr[data-loinc='72134-0']"));
            if (!rows.isEmpty()) return rows.get(0);
            d.findElements(By.cssSelector("#types-title ~ .pager button")).stream()
                    .filter(b -> b.getText().startsWith("Next") && b.isEnabled()).findFirst().ifPresent(WebElement::click);
            return null;
        }, "the new type's row");
        row.findElement(By.cssSelector(".type-rename-button")).click();
        WebElement name = browser.await("#type-rename-72134-0");
        name.clear();
        name.sendKeys("Wound flowsheet");
        browser.find(".type-rename button[type=submit]").click();
        browser.awaitText(".panel .notice.ok", "Renamed to “Wound flowsheet”");

        browser.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector(".types-table tr[data-loinc='72134-0'] .type-retire"));
            if (!rows.isEmpty()) return rows.get(0);
            d.findElements(By.cssSelector("#types-title ~ .pager button")).stream()
                    .filter(b -> b.getText().startsWith("Next") && b.isEnabled()).findFirst().ifPresent(WebElement::click);
            return null;
        }, "the renamed type's Retire button").click();
        browser.awaitText(".panel .notice.ok", "is retired");
        JsonNode saved = null;
        for (JsonNode t : vault.admin().get("/api/document-types").json().get("documentTypes")) {
            if (t.get("loinc").asText().equals("72134-0")) saved = t;
        }
        assertEquals("Wound flowsheet", saved.get("display").asText());
        assertTrue(saved.get("retired").asBoolean());
        browser.assertNoProblems();
    }

    @Test
    void aBatchIsNamedAndItsOutcomeShownInTheRightColor() {
        RunningChartVault.Client admin = vault.admin();
        byte[] review = unidentifiable(811);
        JsonNode problems = finished(admin, Map.of("name", "Clinic mail, Monday"), new Part("clinic.pdf", review),
                new Part("note.txt", "call back".getBytes(StandardCharsets.UTF_8)));
        JsonNode toReview = finished(admin, Map.of(), new Part("unknown.pdf", unidentifiable(812)));
        JsonNode complete = finished(admin, Map.of(), new Part("again.pdf", review));

        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.go(vault.url("/#/capture"));
        WebElement problemRow = browser.await(".history-table tr[data-batch-id='" + problems.get("batchId").asText() + "']");
        assertTrue(problemRow.getText().contains("Clinic mail, Monday"), problemRow.getText());
        assertTrue(problemRow.getText().matches("(?s).*\\b\\d{2}/\\d{2}/\\d{4}, \\d{1,2}:\\d{2} [AP]M\\b.*"),
                "the upload time in the one date format (MM/DD/YYYY): " + problemRow.getText());
        assertOutcome(problemRow, "problems", "Done — 1 needs review, 1 rejected", "rgba(253, 234, 234, 1)");
        assertOutcome(browser.find(".history-table tr[data-batch-id='" + toReview.get("batchId").asText() + "']"),
                "needs-review", "Done — 1 needs review", "rgba(255, 244, 214, 1)");
        assertOutcome(browser.find(".history-table tr[data-batch-id='" + complete.get("batchId").asText() + "']"),
                "complete", "Done — 1 already archived", "rgba(231, 245, 236, 1)");

        // renamed on its own page by the scanner who sent it
        browser.go(vault.url("/#/batches/" + toReview.get("batchId").asText()));
        browser.await(".batch-card.done .batch-rename").click();
        browser.await(".batch-name-input").sendKeys("Unknown patient, fax");
        browser.find(".batch-rename-form button[type=submit]").click();
        browser.awaitText(".batch-card .batch-title", "Unknown patient, fax");
        assertEquals("Unknown patient, fax", admin.get("/api/batches/" + toReview.get("batchId").asText()).json().get("name").asText());
        browser.assertNoProblems();
    }

    private static void assertOutcome(WebElement row, String kind, String text, String background) {
        WebElement outcome = row.findElement(By.cssSelector(".batch-outcome"));
        assertEquals(kind, outcome.getAttribute("data-outcome"), row.getText());
        assertTrue(outcome.getText().contains(text), outcome.getText());
        assertEquals(background, outcome.findElement(By.cssSelector(".outcome-badge")).getCssValue("background-color"));
    }

    @Test
    void at1366By768TheAdminNavigationIsOneLineAndTheReviewSaveButtonIsInView() {
        RunningChartVault.Client admin = vault.admin();
        JsonNode batch = finished(admin, Map.of(), new Part("to-review.pdf", unidentifiable(813)));
        String documentId = batch.get("documents").get(0).get("documentId").asText();
        browser.viewport(1366, 768);
        try {
            browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
            List<WebElement> links = browser.all("#nav li");
            assertEquals(10, links.size(), "the administrator sees every screen");
            long rows = links.stream().map(li -> li.getRect().getY()).distinct().count();
            assertEquals(1, rows, "the navigation is on one line");
            WebElement brand = browser.find(".brand"), logout = browser.find("#logout");
            assertTrue(Math.abs(brand.getRect().getY() + brand.getRect().getHeight() / 2
                    - (logout.getRect().getY() + logout.getRect().getHeight() / 2)) < 12,
                    "the top bar is one row: " + browser.script("return [...document.querySelectorAll('.topbar > *')]"
                            + ".map(e => e.className + ' ' + JSON.stringify(e.getBoundingClientRect())).join('; ')"));

            browser.go(vault.url("/#/review/" + documentId));
            browser.await("#review-save");
            browser.await(".review-page img");
            Number bottom = (Number) browser.script("return document.getElementById('review-save').getBoundingClientRect().bottom;");
            Number height = (Number) browser.script("return window.innerHeight;");
            Number scrolled = (Number) browser.script("return window.scrollY;");
            assertEquals(0, scrolled.intValue(), "nothing was scrolled");
            assertTrue(bottom.doubleValue() <= height.doubleValue(),
                    "Save is in view: its bottom at " + bottom + " px, the window " + height + " px high");
            assertTrue(browser.fitsWidth(), "nothing sticks out sideways");
            browser.screenshot("review-1366x768");
            browser.assertNoProblems();
        } finally {
            browser.viewport(1280, 800);
        }
    }

    @Test
    void theReleaseScreenOpensWithThePatientsIdentityFromTheRegistry() {
        RunningChartVault.Client admin = vault.admin();
        RunningChartVault.Response imported = admin.send("POST", "/api/patients/import", "text/csv",
                "mrn,last_name,first_name,birth_date,sex\n00771234,Okafor,Marguerite,1961-04-23,F\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, imported.status(), imported.toString());
        JsonNode batch = finished(admin, Map.of("mrn", "00771234"), new Part("referral.pdf", unidentifiable(814)));
        String documentId = batch.get("documents").get(0).get("documentId").asText();
        RunningChartVault.Response created = admin.post("/api/releases", Map.of("mrn", "00771234",
                "requester", "Marguerite Okafor", "purpose", "At the request of the patient",
                "items", List.of(Map.of("documentId", documentId))));
        assertEquals(201, created.status(), created.toString());

        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.go(vault.url("/#/releases/" + created.json().get("releaseId").asText()));
        WebElement banner = browser.await("#patient-banner");
        assertEquals("OKAFOR, MARGUERITE", banner.findElement(By.cssSelector(".banner-name")).getText().toUpperCase(java.util.Locale.ROOT));
        assertEquals("04/23/1961", banner.findElement(By.cssSelector(".banner-birth-date")).getText());
        assertEquals("00771234", banner.findElement(By.cssSelector(".banner-mrn")).getText());
        Number bannerTop = (Number) browser.script("return document.getElementById('patient-banner').getBoundingClientRect().top;");
        Number headingTop = (Number) browser.script("return document.querySelector('.release-head h1').getBoundingClientRect().top;");
        assertTrue(bannerTop.doubleValue() < headingTop.doubleValue(), "the identity comes first");
        browser.assertNoProblems();
    }
}
