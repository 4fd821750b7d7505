package org.chartvault.http.ui;

import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Amendments in a real browser: an ROI clerk logs a patient's request, sees the work list overdue first with the days
 * left, decides (a denial with its basis and the notice the patient is sent; an acceptance with the amendment's
 * text), records the patient's statement of disagreement, and the viewer shows the record as amended or disputed.
 */
class AmendmentsBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Amend-The-Record-64";
    static Patient patient;
    static String noteId, summaryId;
    static RunningChartVault.Client clerk;

    @BeforeAll
    static void archive() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "aclerk", "password", PASSWORD, "roles", List.of("roi"))).status());
        clerk = vault.login("aclerk", PASSWORD);
        ChartGenerator generator = new ChartGenerator();
        patient = generator.patient(6401);
        noteId = ArchivedCharts.bornDigital(admin, generator.document(patient, 64, "PROGRESS NOTE", 1), "PROGRESS NOTE");
        summaryId = ArchivedCharts.bornDigital(admin, generator.document(patient, 65, "DISCHARGE SUMMARY", 1), "DISCHARGE SUMMARY");
    }

    @Test
    void aRequestIsLoggedDeniedAndDisputedAndTheViewerShowsTheDispute() {
        browser.logIn(vault.url(""), "aclerk", PASSWORD);
        browser.go(vault.url("/#/documents/" + noteId));
        browser.await("#log-amendment").click();
        browser.await("#create-amendment");
        assertEquals(noteId, browser.find("#amendment-document").getAttribute("value"), "the viewer names its document");
        browser.find("#amendment-requester").sendKeys(patient.printedName());
        browser.find("#amendment-wrong").sendKeys("The note says I smoke. I do not.");
        browser.find("#amendment-change").sendKeys("Record me as a non-smoker.");
        browser.find("#create-amendment").click();
        browser.awaitText(".amendment-meta", "Record me as a non-smoker.");
        assertTrue(browser.find(".amendment-meta").getText().contains("60 days"), browser.find(".amendment-meta").getText());

        browser.find("#decide-deny").click();
        new Select(browser.await("#denial-basis")).selectByValue("accurate-and-complete");
        browser.find("#denial-contact").sendKeys("Pat Rivera, Privacy Officer, (207) 555-0142");
        browser.find("#decide").click();
        WebElement denial = browser.awaitText(".denial-notice", "Secretary of the U.S. Department of Health and Human Services");
        assertTrue(denial.getText().contains("accurate and complete") && denial.getText().contains("Pat Rivera"), denial.getText());

        browser.await("#disagreement-text").sendKeys("I quit smoking in 2005; the nurse misheard me.");
        browser.find("#disagree").click();
        browser.awaitText(".amendment-meta", "I quit smoking in 2005");
        browser.await("#rebuttal-text");
        browser.screenshot("amendment-denied");

        browser.find(".amendment-meta a[href='#/documents/" + noteId + "']").click();
        WebElement disputed = browser.awaitText(".amendment-notice", "Disputed by the patient");
        assertTrue(disputed.getText().contains("I quit smoking in 2005"), disputed.getText());
        browser.assertNoProblems();
        browser.assertNothingInjected();
    }

    @Test
    void theWorkListPutsOverdueRequestsFirstAndAnAcceptedAmendmentIsShownWithTheDocument() {
        LocalDate today = LocalDate.parse(clerk.get("/api/amendments").json().get("today").asText());
        String late = clerk.post("/api/amendments", Map.of("documentId", summaryId, "requester", patient.printedName(),
                "receivedDate", today.minusDays(62).toString(), "whatIsWrong", "Wrong discharge date.",
                "requestedChange", "The discharge date is the 4th, not the 14th.")).json().get("amendmentId").asText();
        String recent = clerk.post("/api/amendments", Map.of("documentId", summaryId, "requester", patient.printedName(),
                "receivedDate", today.minusDays(3).toString(), "whatIsWrong", "Wrong allergy.",
                "requestedChange", "Allergic to penicillin.")).json().get("amendmentId").asText();

        browser.logIn(vault.url(""), "aclerk", PASSWORD);
        browser.find("#nav a[href='#/releases']").click();
        browser.await("#amendments-link").click();
        browser.await(".amendments-table tbody tr");
        List<WebElement> rows = browser.all(".amendments-table tbody tr");
        assertEquals(late, rows.get(0).getAttribute("data-amendment-id"), "overdue first");
        assertTrue(rows.get(0).findElement(By.cssSelector(".days-left")).getText().contains("Overdue"), rows.get(0).getText());
        WebElement recentRow = browser.find(".amendments-table tr[data-amendment-id='" + recent + "']");
        assertTrue(recentRow.findElement(By.cssSelector(".days-left")).getText().contains("57 days"), recentRow.getText());
        browser.screenshot("amendments-work-list");

        recentRow.findElement(By.cssSelector("a[href='#/amendments/" + recent + "']")).click();
        browser.await("#amendment-text");
        browser.find("#decide").click();
        browser.awaitText(".amendment-meta", "every later release");
        browser.go(vault.url("/#/documents/" + summaryId));
        WebElement amended = browser.awaitText(".amendment-notice", "Amended on");
        assertTrue(amended.getText().contains("Allergic to penicillin."), amended.getText());
        browser.awaitText(".amendment-notice", "a decision is due");
        browser.assertNoProblems();
    }
}
