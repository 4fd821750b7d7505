package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Releases screen's clock, fee and letters in a real browser: the work list shows days left with the overdue
 * request first; on a request the clerk extends the due date once (the notice appears among the letters), quotes the
 * flat fee for a patient's electronic copy, records a payment, and produces an acknowledgement that downloads.
 */
class ReleaseClockFeesLettersBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Thirty-Days-And-One-More-7";

    @Test
    void clerkSeesDaysLeftExtendsOnceChargesTheFlatFeeAndProducesLetters() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "clerk", "password", PASSWORD, "roles", List.of("roi"))).status());
        ChartDocument chart = new ChartGenerator().document(8811, 1);
        Indexing patient = chart.indexing();
        String documentId = dischargeSummary(admin, chart);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String soon = request(admin, patient, documentId, today.minusDays(25));
        String late = request(admin, patient, documentId, today.minusDays(32));

        browser.logIn(vault.url(""), "clerk", PASSWORD);
        browser.find("#nav a[href='#/releases']").click();
        WebElement first = browser.await(".releases-table tbody tr");
        assertEquals(late, first.getAttribute("data-release-id"), "the overdue request first");
        assertTrue(first.findElement(org.openqa.selenium.By.cssSelector(".days-left")).getText().contains("2 days late"), first.getText());
        browser.awaitText(".releases-table tbody tr[data-release-id='" + soon + "'] .days-left", "5 days left");

        browser.find(".releases-table a[href='#/releases/" + soon + "']").click();
        browser.awaitText("#release-days-left", "5 days left");
        browser.await("#release-extension-reason").sendKeys("The records are stored off site.");
        browser.find("#release-extend").click();
        browser.awaitText("#release-extension", "The records are stored off site.");
        browser.awaitText("#release-letters a[data-kind='extension-notice']", "extension");
        assertTrue(browser.all("#release-extend").isEmpty(), "one extension only");
        assertEquals(today.plusDays(35).toString(), admin.get("/api/releases/" + soon).json().get("dueDate").asText());

        browser.find("#fee-quote-flat").click();
        browser.awaitText("#fee-total", "$6.50");
        browser.await("#payment-amount").sendKeys("6.50");
        browser.find("#payment-method").sendKeys("card");
        browser.find("#payment-record").click();
        browser.awaitText("#fee-balance", "$0.00");

        browser.find("#letter-kind").sendKeys("Acknowledgement");
        browser.find("#letter-produce").click();
        WebElement acknowledgement = browser.await("#release-letters a[data-kind='acknowledgement']");
        assertTrue(acknowledgement.getAttribute("href").contains("/api/releases/" + soon + "/letters/let_"), acknowledgement.getAttribute("href"));
        JsonNode letters = admin.get("/api/releases/" + soon + "/letters").json().get("letters");
        assertEquals(List.of("extension-notice", "acknowledgement"), letters.findValuesAsText("kind"));
        browser.screenshot("release-clock-fees-letters");
        browser.assertNoProblems();
    }

    @Test
    void administratorSetsTheFlatFeeAndEditsALetterTemplateButCannotDropTheComplaintFromTheDenial() {
        try {
            editFeesAndTemplates();
        } finally {
            // the other test of this class charges the default flat fee
            vault.admin().send("PUT", "/api/release-settings", "application/json",
                    org.chartvault.Json.bytes(Map.of("fees", Map.of("electronicFlatFee", "6.50"))));
        }
    }

    private static void editFeesAndTemplates() {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.find("#nav a[href='#/admin/settings']").click();
        WebElement flat = browser.await("#fee-flat");
        assertEquals("6.50", flat.getAttribute("value"));
        flat.clear();
        flat.sendKeys("5.00");
        browser.find("#save-fees").click();
        browser.awaitText("#fees-letters-title ~ form .notice.ok", "The fees are saved.");
        assertEquals(0, new java.math.BigDecimal("5.00").compareTo(
                vault.admin().get("/api/release-settings").json().get("fees").get("electronicFlatFee").decimalValue()));

        browser.find("#template-kind").sendKeys("Denial letter");
        browser.until(d -> browser.find("#template-body").getAttribute("value").contains("{{complaint}}"), "the denial's text");
        WebElement body = browser.find("#template-body");
        body.clear();
        body.sendKeys("Dear {{requester}}, we deny it: {{grounds}}");
        browser.find("#save-template").click();
        browser.awaitText("#fees-letters-title ~ form .notice.error", "Secretary of HHS");

        browser.find("#template-kind").sendKeys("Cover letter");
        browser.until(d -> browser.find("#template-title").getAttribute("value").equals("Release of health information"), "the cover letter");
        body = browser.find("#template-body");
        body.clear();
        body.sendKeys("Dear {{requester}}, the records of {{patientName}} are enclosed. {{hospital}}");
        browser.find("#save-template").click();
        browser.awaitText("#fees-letters-title ~ form .notice.ok", "cover letter template is saved");
        JsonNode templates = vault.admin().get("/api/letter-templates").json().get("templates");
        String saved = null;
        for (JsonNode t : templates) if (t.get("kind").asText().equals("cover-letter")) saved = t.get("body").asText();
        assertEquals("Dear {{requester}}, the records of {{patientName}} are enclosed. {{hospital}}", saved);
        browser.assertNoProblems();
    }

    private static String request(RunningChartVault.Client admin, Indexing patient, String documentId, LocalDate received) {
        RunningChartVault.Response created = admin.post("/api/releases", Map.of("mrn", patient.mrn(), "requestType", "right-of-access",
                "requester", Map.of("name", patient.patientName()), "purpose", "Personal copy", "receivedDate", received.toString(),
                "items", List.of(Map.of("documentId", documentId))));
        assertEquals(201, created.status(), created.toString());
        return created.json().get("releaseId").asText();
    }
}
