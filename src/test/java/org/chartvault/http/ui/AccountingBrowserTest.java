package org.chartvault.http.ui;

import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounting of disclosures in a real browser, reached from the patient view: it lists a public-health release and
 * not one for treatment; a clerk enters a disclosure made outside ChartVault, which the accounting then lists, and
 * gives the accounting to the patient, which is kept with its PDF.
 */
class AccountingBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Account-For-Them-All-61";
    static Patient patient;
    static String publicHealthId, treatmentId;

    @BeforeAll
    static void twoReleases() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "aclerk", "password", PASSWORD, "roles", List.of("roi"))).status());
        ChartGenerator generator = new ChartGenerator();
        patient = generator.patient(6301);
        String noteId = ArchivedCharts.bornDigital(admin, generator.document(patient, 64, "PROGRESS NOTE", 1), "PROGRESS NOTE");
        publicHealthId = released(admin, "public-health", "Maine CDC Immunization Program", noteId);
        treatmentId = released(admin, "treatment-payment-operations", "Harbor Rehab Clinic", noteId);
    }

    private static String released(RunningChartVault.Client admin, String type, String organization, String documentId) {
        RunningChartVault.Response created = admin.post("/api/releases", Map.of("mrn", patient.mrn(), "requestType", type,
                "requester", Map.of("organization", organization, "address", "40 State House Station, Augusta ME"),
                "purpose", "Purpose of " + type, "items", List.of(Map.of("documentId", documentId))));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("releaseId").asText();
        assertEquals(201, admin.post("/api/releases/" + id + "/packet", Map.of()).status());
        return id;
    }

    @Test
    void theAccountingIsOfferedFromThePatientViewTakesAManualEntryAndIsGivenAndKept() {
        browser.logIn(vault.url(""), "aclerk", PASSWORD);
        browser.go(vault.url("/#/patients/" + patient.mrn()));
        browser.awaitText("#patient-mrn", patient.mrn());
        browser.find("a[href='#/disclosures/" + patient.mrn() + "']").click();

        browser.await(".accounting-table tr[data-disclosure-id='" + publicHealthId + "']");
        assertTrue(browser.all(".accounting-table tr[data-disclosure-id='" + treatmentId + "']").isEmpty(),
                "a disclosure for treatment is not in the accounting");
        WebElement exempt = browser.await(".disclosures-table tr[data-release-id='" + treatmentId + "'] .accounted");
        assertTrue(exempt.getText().contains("164.528(a)(1)(i)"), "the log says why it is left out: " + exempt.getText());
        assertTrue(browser.find("#accounting-summary").getText().contains("1 exempt"), browser.find("#accounting-summary").getText());

        // a report made by telephone to the health department, entered by hand
        browser.find("#manual-date").sendKeys(LocalDate.now().minusDays(2).toString());
        browser.find("#manual-organization").sendKeys("Cumberland County Health Department");
        new Select(browser.find("#manual-type")).selectByValue("public-health");
        browser.find("#manual-purpose").sendKeys("Reportable disease notification");
        browser.find("#manual-description").sendKeys("Laboratory result of a reportable disease");
        browser.find("#manual-disclosure-form button[type=submit]").click();
        browser.awaitText("#manual-disclosure .notice.ok", "the accounting lists it");
        browser.awaitText(".accounting-table", "Cumberland County Health Department");
        browser.awaitText(".disclosures-table", "Laboratory result of a reportable disease");

        browser.find("#accounting-requested-by").sendKeys(patient.firstName() + " " + patient.lastName());
        browser.find("#give-accounting button[type=submit]").click();
        WebElement pdf = browser.await("#given-pdf");
        assertTrue(pdf.getAttribute("href").contains("/api/patients/" + patient.mrn() + "/accountings/acc_"), pdf.getAttribute("href"));
        browser.awaitText("#accountings-given li", "by aclerk");
        assertFalse(browser.find("#accountings-given").getText().contains("None given yet."));
        browser.screenshot("accounting-of-disclosures");
        browser.assertNoProblems();
    }
}
