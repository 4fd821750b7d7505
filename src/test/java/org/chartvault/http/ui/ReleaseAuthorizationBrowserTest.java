package org.chartvault.http.ui;

import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Releases screen asks for the request type and takes the authorization element by element: a form that lacks
 * an element is refused with what is missing, a complete one is recorded, and the request shows its legal basis.
 */
class ReleaseAuthorizationBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Authorized-Copies-Only-7";

    @Test
    void clerkRecordsAThirdPartyRequestUnderACompleteAuthorization() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "authclerk", "password", PASSWORD, "roles", List.of("roi"))).status());
        ChartDocument chart = new ChartGenerator().document(8811, 1);
        Indexing patient = chart.indexing();
        String documentId = dischargeSummary(admin, chart);

        browser.logIn(vault.url(""), "authclerk", PASSWORD);
        browser.find("#nav a[href='#/releases']").click();
        browser.await("#start-release").click();
        browser.await("#new-release-mrn").sendKeys(patient.mrn(), Keys.ENTER);
        browser.await(".pick-doc[data-document-id='" + documentId + "'] input[type=checkbox]").click();
        new Select(browser.find("#new-release-type")).selectByValue("third-party-authorization");
        browser.awaitText("#new-release-type-needs", "signed authorization");
        browser.find("input[name=requesterOrganisation]").sendKeys("Northgate Insurance Co.");
        browser.find("input[name=purpose]").sendKeys("Insurance claim");
        WebElement form = browser.find(".authorization-part");
        type(form, "description", "Discharge summary of the 2025 stay");
        type(form, "discloser", "Northgate Community Hospital");
        type(form, "authorizationPurpose", "Claim review");
        type(form, "signedBy", patient.patientName());
        type(form, "signedOn", browserDay(java.time.LocalDate.now()));
        type(form, "expires", browserDay(java.time.LocalDate.now().plusYears(1)));
        browser.find("#create-release").click();
        WebElement refused = browser.awaitText(".release-form .form-status", "to whom");
        assertTrue(refused.getText().contains("right to revoke"), refused.getText());

        type(form, "recipient", "Northgate Insurance Co., claims department");
        for (String statement : List.of("rightToRevoke", "treatmentNotConditioned", "redisclosure")) {
            form.findElement(org.openqa.selenium.By.cssSelector("input[name=" + statement + "]")).click();
        }
        browser.find("#create-release").click();
        browser.until(d -> d.getCurrentUrl().matches(".*#/releases/rel_[0-9a-z]+$"), "the new request's page");
        assertEquals("third-party-authorization", browser.await("#release-request-type").getText());
        assertTrue(browser.awaitText("#release-legal-basis", "45 CFR 164.508").getText().contains("authorization signed"));
        browser.assertNoProblems();
    }

    @Test
    void clerkRecordsTheCourtOrderOfALegalProcessRequest() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "orderclerk", "password", PASSWORD, "roles", List.of("roi"))).status());
        ChartDocument chart = new ChartGenerator().document(8812, 1);
        String documentId = dischargeSummary(admin, chart);

        browser.logIn(vault.url(""), "orderclerk", PASSWORD);
        browser.find("#nav a[href='#/releases']").click();
        browser.await("#start-release").click();
        browser.await("#new-release-mrn").sendKeys(chart.indexing().mrn(), Keys.ENTER);
        browser.await(".pick-doc[data-document-id='" + documentId + "'] input[type=checkbox]").click();
        assertTrue(!browser.find("#new-release-legal-order").isDisplayed(), "no order asked for until the type needs one");
        new Select(browser.find("#new-release-type")).selectByValue("legal-process");
        WebElement order = browser.await("#new-release-legal-order");
        browser.find("input[name=requesterOrganisation]").sendKeys("Whitfield & Ortiz LLP");
        browser.find("input[name=purpose]").sendKeys("Legal proceedings");
        type(order, "orderIssuedBy", "Superior Court of Cumberland County");
        type(order, "orderReference", "CV-2026-0207");
        type(order, "orderIssuedOn", browserDay(java.time.LocalDate.now().minusDays(2)));
        browser.find("#create-release").click();
        browser.until(d -> d.getCurrentUrl().matches(".*#/releases/rel_[0-9a-z]+$"), "the new request's page");
        assertEquals("legal-process", browser.await("#release-request-type").getText());
        assertTrue(browser.awaitText("#release-legal-basis", "court order CV-2026-0207").getText().contains("164.512(e)"));
        browser.assertNoProblems();
    }

    private static void type(WebElement form, String name, String text) {
        WebElement input = form.findElement(org.openqa.selenium.By.cssSelector("input[name=" + name + "]"));
        input.clear();
        input.sendKeys(text);
    }

    /** A day as the UI shows and takes it (CHARTVAULT_DATE_FORMAT, MM/DD/YYYY unless set). */
    private static String browserDay(java.time.LocalDate day) {
        return String.format("%02d/%02d/%d", day.getMonthValue(), day.getDayOfMonth(), day.getYear());
    }
}
