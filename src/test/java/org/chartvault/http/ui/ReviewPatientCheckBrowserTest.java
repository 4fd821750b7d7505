package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review queue tells the truth about whose chart a document is and how much is left: a typed MRN shows its
 * patient's name and birth date before anything is saved, a typo is stopped, an MRN the registry does not know is
 * kept only with a reason (and the document stays listed), and "Nothing more to review" appears only when nothing is.
 */
class ReviewPatientCheckBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Whose-Chart-Is-This-3";

    /** This hospital's MRNs are eight digits, and its registry knows Marguerite Okafor. */
    @BeforeAll
    static void eightDigitMrnsAndARegistry() throws Exception {
        vault.close();
        vault = RunningChartVault.start(data.resolve("eight-digit-mrns"), Map.of("CHARTVAULT_MRN_PATTERN", "\\d{8}"));
        RunningChartVault.Response imported = vault.admin().send("POST", "/api/patients/import", "text/csv",
                "mrn,last_name,first_name,birth_date,sex\n00412345,Okafor,Marguerite,1961-04-23,F\n".getBytes());
        assertEquals(200, imported.status(), imported.toString());
    }

    @Test
    void theMrnShowsItsPatientAnUnknownOneNeedsAReasonAndTheQueueEndsOnlyWhenEmpty() {
        RunningChartVault.Client admin = vault.admin();
        ChartGenerator generator = new ChartGenerator();
        String first = upload(admin, "a-referral.pdf", ChartFiles.bornDigitalPdf(withoutHeaders(generator.document(71, 1))));
        String second = upload(admin, "b-outside-record.pdf", ChartFiles.bornDigitalPdf(withoutHeaders(generator.document(72, 1))));
        String third = upload(admin, "c-unlabelled.pdf", ChartFiles.bornDigitalPdf(withoutHeaders(generator.document(73, 1))));
        assertEquals(201, admin.post("/api/users", Map.of("username", "checker", "password", PASSWORD,
                "roles", List.of("indexer"))).status());

        browser.logIn(vault.url(""), "checker", PASSWORD);
        browser.awaitText("#review-doc-title", "a-referral.pdf");
        long version = admin.get("/api/documents/" + first).json().get("version").asLong();

        // a digit short: said at once, beside the field
        focused().sendKeys("0041234", Keys.TAB);
        browser.awaitText(".mrn-check .notice", "does not have the form of this hospital's MRNs");
        // the right MRN: the registry's name and birth date, before anything is saved
        WebElement mrn = browser.find("#review-mrn");
        mrn.sendKeys("5", Keys.TAB);
        browser.awaitText(".mrn-check .mrn-patient", "OKAFOR, MARGUERITE");
        assertTrue(browser.find(".mrn-check").getText().contains("born 04/23/1961"), browser.find(".mrn-check").getText());
        assertEquals(version, admin.get("/api/documents/" + first).json().get("version").asLong(), "nothing saved yet");
        browser.find("#review-documentType").sendKeys("REFERRAL", Keys.ENTER);

        browser.awaitText("#review-doc-title", "b-outside-record.pdf");
        JsonNode filed = admin.get("/api/documents/" + first).json();
        assertEquals("OKAFOR, MARGUERITE", filed.get("patientName").asText(), "the typed MRN brought its patient");
        assertEquals("indexed", filed.get("status").asText());

        // an MRN the registry does not know: Enter asks for the reason instead of saving
        browser.until(d -> "review-mrn".equals(focused().getAttribute("id")), "the form has the focus");
        focused().sendKeys("00819345");
        browser.find("#review-documentType").sendKeys("REFERRAL", Keys.ENTER);
        browser.awaitText(".form-status .notice", "MRN 00819345 is not in the patient registry");
        browser.until(d -> focused().getAttribute("class") != null && focused().getAttribute("class").contains("mrn-keep-reason"),
                "the reason field to have the focus");
        assertTrue(admin.get("/api/documents/" + second).json().get("mrn").isNull(), "nothing was saved");
        focused().sendKeys("Outside MRN; registration is pending", Keys.ENTER);

        // kept with the reason: it stays listed, and the next document opens
        browser.awaitText("#review-doc-title", "c-unlabelled.pdf");
        JsonNode kept = admin.get("/api/documents/" + second).json();
        assertEquals("00819345", kept.get("mrn").asText());
        assertEquals("needs-review", kept.get("status").asText());
        assertEquals(List.of("b-outside-record.pdf", "c-unlabelled.pdf"), queueNames());

        // Enter without changes on the last one: back to the one that still waits, and the queue has not ended
        focused().sendKeys(Keys.ENTER);
        browser.awaitText("#review-doc-title", "b-outside-record.pdf");
        assertFalse(browser.find(".review-work").getText().contains("end of the review queue"));
        browser.awaitText(".reasons .reason", "registration is pending");

        // its values are right: confirmed as is, it leaves the queue
        browser.find("#review-confirm").click();
        browser.awaitText("#review-doc-title", "c-unlabelled.pdf");
        browser.until(d -> queueNames().equals(List.of("c-unlabelled.pdf")) ? true : null, "only the last one listed");
        assertEquals("indexed", admin.get("/api/documents/" + second).json().get("status").asText());

        // one without a patient cannot be confirmed as is; once filed, nothing is left and the queue ends
        browser.find("#review-confirm").click();
        browser.awaitText(".form-status .notice", "patient (MRN) and document type first");
        browser.find("#review-mrn").sendKeys("00412345");
        browser.find("#review-documentType").sendKeys("REFERRAL", Keys.ENTER);
        browser.awaitText(".review-work .notice", "end of the review queue");
        assertEquals("indexed", admin.get("/api/documents/" + third).json().get("status").asText());
        browser.assertNoProblems();
    }

    private static List<String> queueNames() {
        return browser.all(".queue-item .queue-name").stream().map(WebElement::getText).toList();
    }
}
