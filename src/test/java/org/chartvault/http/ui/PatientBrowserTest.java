package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A patient's story in a real browser: from the search results to the patient view (their documents by type and
 * date), the results picked into a release request, and a document printed from the viewer (recorded as a print).
 */
class PatientBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Whole-Chart-Please-77";
    static Patient patient;
    static String summaryId, noteId, otherId;

    @BeforeAll
    static void archive() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "pclerk", "password", PASSWORD, "roles", List.of("roi"))).status());
        ChartGenerator generator = new ChartGenerator();
        patient = generator.patient(6101);
        summaryId = ArchivedCharts.bornDigital(admin, generator.document(patient, 61, "DISCHARGE SUMMARY", 1), "DISCHARGE SUMMARY");
        noteId = ArchivedCharts.bornDigital(admin, generator.document(patient, 62, "PROGRESS NOTE", 1), "PROGRESS NOTE");
        otherId = ArchivedCharts.bornDigital(admin, generator.document(generator.patient(6102), 63, "CONSULTATION", 1), "CONSULTATION");
    }

    @Test
    void patientViewIsReachedFromTheSearchResults() {
        browser.logIn(vault.url(""), "pclerk", PASSWORD);
        browser.go(vault.url("/#/search?mrn=" + patient.mrn()));
        WebElement group = browser.await(".result-group[data-document-id='" + summaryId + "']");
        assertTrue(group.findElement(By.cssSelector(".doc-link")).getText().toLowerCase().contains("discharge summary"),
                "titled by type: " + group.getText());
        group.findElement(By.cssSelector(".result-meta .patient-link")).click();

        browser.awaitText("#patient-mrn", patient.mrn());
        assertTrue(browser.find("#patient-name").getText().toUpperCase().contains(patient.lastName().toUpperCase()));
        browser.until(d -> browser.all(".patient-group").size() == 2 ? true : null, "two document types");
        Set<String> listed = new TreeSet<>();
        browser.all(".patient-documents tbody tr").forEach(r -> listed.add(r.getAttribute("data-document-id")));
        assertEquals(new TreeSet<>(List.of(summaryId, noteId)), listed, "the patient's documents, not another's");
        browser.screenshot("patient-view");

        browser.find(".patient-documents tr[data-document-id='" + noteId + "'] .doc-link").click();
        browser.awaitText(".doc-title", "— " + day(noteId) + " —");
        browser.find("#patient-documents-link").click();
        browser.awaitText("#patient-mrn", patient.mrn());
        browser.assertNoProblems();
    }

    @Test
    void searchResultsArePickedIntoAReleaseRequest() {
        browser.logIn(vault.url(""), "pclerk", PASSWORD);
        browser.go(vault.url("/#/search?mrn=" + patient.mrn() + "&sort=oldest"));
        browser.await(".result-group[data-document-id='" + noteId + "']");
        browser.find("#pick-" + summaryId).click();
        browser.find("#pick-" + noteId).click();
        browser.awaitText(".bulk-count", "2 documents selected.");
        browser.find("#bulk-release").click();

        for (String id : List.of(summaryId, noteId)) {
            WebElement box = browser.await(".pick-doc[data-document-id='" + id + "'] input[type=checkbox]");
            browser.until(d -> box.isSelected() ? true : null, "document " + id + " chosen");
        }
        browser.find("input[name=requesterName]").sendKeys("Dana Whitfield");
        browser.find("input[name=purpose]").sendKeys("Continuing care");
        browser.find("#create-release").click();
        String releaseId = browser.until(d -> {
            String address = d.getCurrentUrl();
            return address.matches(".*#/releases/rel_[0-9a-z]+$") ? address.substring(address.lastIndexOf('/') + 1) : null;
        }, "the new request's page");
        Set<String> items = new TreeSet<>();
        for (JsonNode item : vault.admin().get("/api/releases/" + releaseId).json().get("items")) items.add(item.get("documentId").asText());
        assertEquals(new TreeSet<>(List.of(summaryId, noteId)), items);
        browser.assertNoProblems();
    }

    @Test
    void printFromTheViewerOpensThePdfAndIsRecordedAsAPrint() {
        browser.logIn(vault.url(""), "pclerk", PASSWORD);
        browser.go(vault.url("/#/documents/" + summaryId));
        String viewer = browser.driver().getWindowHandle();
        browser.await("#viewer-print").click();
        browser.until(d -> printsOf(summaryId) == 1 ? true : null, "the print in the audit trail");
        for (String handle : browser.driver().getWindowHandles()) {
            if (handle.equals(viewer)) continue;
            browser.driver().switchTo().window(handle);
            assertTrue(browser.driver().getCurrentUrl().endsWith("/api/documents/" + summaryId + "/print"), browser.driver().getCurrentUrl());
            browser.driver().close();
        }
        browser.driver().switchTo().window(viewer);
        browser.awaitText(".print .hint", "recorded in the audit trail");
    }

    @Test
    void auditScreenListsAPatientsAccessesWithTheActionsInWords() {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        browser.go(vault.url("/#/admin/audit"));
        browser.await("#audit-mrn").sendKeys(patient.mrn());
        browser.find(".audit-form button[type=submit]").click();
        browser.await("#audit-access-report");
        browser.until(d -> browser.all(".audit-table tbody tr").size() > 0 ? true : null, "entries");
        Set<String> shown = new TreeSet<>();
        browser.all(".audit-table tbody td:nth-child(4)").forEach(td -> shown.add(td.getText()));
        assertTrue(shown.contains("Uploaded"), "the uploads of the patient's documents, in words: " + shown);
        assertTrue(shown.stream().noneMatch(a -> a.matches("[a-z]+(-[a-z]+)+")), "labels, not codes: " + shown);
        for (WebElement row : browser.all(".audit-table tbody tr")) {
            assertTrue(!row.getText().contains(otherId), "another patient's document: " + row.getText());
        }
        browser.assertNoProblems();
    }

    private static int printsOf(String documentId) {
        return vault.admin().get("/api/audit?action=print-document&documentId=" + documentId).json().get("entries").size();
    }

    /** The document's date of service as the screens show it (MM/DD/YYYY, the default date format). */
    private static String day(String documentId) {
        java.time.LocalDate served = java.time.LocalDate.parse(
                vault.admin().get("/api/documents/" + documentId).json().get("serviceDate").asText());
        return served.format(java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy"));
    }
}
