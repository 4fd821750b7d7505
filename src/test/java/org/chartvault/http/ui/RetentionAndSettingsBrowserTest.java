package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention and settings in a real browser. Legal staff check what is past its retention period, see a held
 * document kept with the reason, and purge only after typing how many documents go; a certificate follows.
 * An administrator adds a specially protected category on the settings screen, and a refusal shows the
 * server's own sentence.
 */
class RetentionAndSettingsBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Keep-It-Ten-Years-88";


    @Test
    void legalPurgesWhatIsPastItsPeriodButNotWhatIsHeld() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "records", "password", PASSWORD, "roles", List.of("legal"))).status());
        ChartGenerator generator = new ChartGenerator();
        // three batches sent at once, then waited for
        String expiredBatch = upload(admin, generator.document(9101, 1), "2005-03-01", "old-discharge.pdf");
        String heldOldBatch = upload(admin, generator.document(9102, 1), "2005-04-01", "old-but-held.pdf");
        String recentBatch = upload(admin, generator.document(9103, 1), "2025-06-01", "recent-visit.pdf");
        String expired = documentOf(admin, expiredBatch);
        String heldOld = documentOf(admin, heldOldBatch);
        String recent = documentOf(admin, recentBatch);
        String heldMrn = admin.get("/api/documents/" + heldOld).json().get("mrn").asText();
        assertEquals(201, admin.post("/api/holds", Map.of("name", "Malpractice claim", "mrns", List.of(heldMrn))).status());

        browser.logIn(vault.url(""), "records", PASSWORD);
        browser.find("#nav a[href='#/retention']").click();
        browser.awaitText(".rules-table", "10 years after the date of service");
        browser.awaitText("#runs-title + .empty", "No run yet.");

        browser.find("#dry-run").click();
        browser.awaitText(".run-summary", "1 document is past its retention period");
        assertTrue(browser.find("#dry-run-result").getText().contains("Nothing was destroyed."));
        assertEquals(List.of(expired, heldOld), browser.all("#dry-run-result .retention-items tbody tr").stream()
                .map(row -> row.getAttribute("data-document-id")).toList(), "the one due, then the one kept");
        WebElement kept = browser.find("#dry-run-result tr[data-document-id='" + heldOld + "']");
        assertTrue(kept.getText().contains("It is under legal hold: Malpractice claim (hold_"), kept.getText());
        assertEquals(200, admin.get("/api/documents/" + expired).status(), "a check destroys nothing");

        // nothing can be destroyed before a person approves the list; then the purge names its witness and the count
        browser.find("#approve-list").click();
        browser.awaitText(".approved-by", "approved by records");
        browser.find("#purge-witness").sendKeys("Wanda Witness, HIM supervisor");
        browser.find("#purge-count").sendKeys("2");
        browser.find("#purge-confirm").click();
        browser.awaitText(".purge-confirm .notice.error", "Type 1 to confirm");
        browser.find("#purge-count").clear();
        browser.find("#purge-count").sendKeys("1");
        browser.find("#purge-confirm").click();
        browser.awaitText("#dry-run-result .notice.ok", "is done.");
        browser.awaitText(".run-summary", "1 document destroyed");
        String certificate = browser.await("#dry-run-result a.certificate-pdf").getAttribute("href");
        assertTrue(admin.get(certificate.replaceFirst("^https?://[^/]+", "")).header("Content-Type").startsWith("application/pdf"));

        assertEquals(404, admin.get("/api/documents/" + expired).status(), "destroyed");
        assertEquals(200, admin.get("/api/documents/" + heldOld).status(), "held: kept");
        assertEquals(200, admin.get("/api/documents/" + recent).status(), "within its period: kept");
        List<WebElement> runs = browser.until(d -> browser.all(".runs-table tbody tr").size() == 2 ? browser.all(".runs-table tbody tr") : null,
                "the check and the purge listed");
        assertEquals("Purge", runs.get(0).findElement(By.cssSelector("td:nth-child(2)")).getText(), "newest first");
        assertEquals("Destruction list (approved by records)", runs.get(1).findElement(By.cssSelector("td:nth-child(2)")).getText());
        assertEquals("Wanda Witness, HIM supervisor", admin.get(certificate.replaceFirst("^https?://[^/]+", "") + ".json")
                .json().get("witness").asText());
        browser.assertNoProblems();
    }

    @Test
    void adminAddsAProtectedCategoryAndSeesTheServersRefusal() {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.find("#nav a[href='#/admin/settings']").click();
        browser.await(".types-table tbody tr");

        browser.await("#add-category").click();
        browser.await("#category-id").sendKeys("HIV results");
        browser.find("#category-name").sendKeys("HIV test results");
        browser.find("#category-types").sendKeys("Laboratory report");
        browser.find(".category-edit button[type=submit]").click();
        browser.awaitText(".category-edit .notice.error", "A category id is lower-case words joined by '-'");

        browser.find("#category-id").clear();
        browser.find("#category-id").sendKeys("hiv-test-results");
        browser.find("#category-aliases").sendKeys("HIV");
        browser.find(".category-edit button[type=submit]").click();
        browser.awaitText(".notice.ok", "Category hiv-test-results is saved.");
        WebElement row = browser.await(".categories-table tr[data-category='hiv-test-results']");
        assertTrue(row.getText().contains("HIV test results") && row.getText().contains("Laboratory report"), row.getText());

        JsonNode categories = vault.admin().get("/api/sensitive-categories").json().get("categories");
        JsonNode saved = null;
        for (JsonNode c : categories) if (c.get("category").asText().equals("hiv-test-results")) saved = c;
        assertTrue(saved != null, categories.toString());
        assertEquals("[\"Laboratory report\"]", saved.get("documentTypes").toString());
        assertEquals("[\"HIV\"]", saved.get("aliases").toString());
        browser.assertNoProblems();
    }

    /** Sends one document as a batch of its own; its batch id. */
    private static String upload(RunningChartVault.Client admin, ChartDocument chart, String serviceDate, String fileName) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", chart.indexing().mrn());
        fields.put("patientName", chart.indexing().patientName());
        fields.put("documentType", "Discharge summary");
        fields.put("serviceDate", serviceDate);
        return admin.upload(fields, new RunningChartVault.Part(fileName, ChartFiles.bornDigitalPdf(chart.pages()))).json().get("batchId").asText();
    }

    private static String documentOf(RunningChartVault.Client admin, String batchId) {
        return admin.awaitBatch(batchId, Duration.ofSeconds(90)).get("documents").get(0).get("documentId").asText();
    }
}
