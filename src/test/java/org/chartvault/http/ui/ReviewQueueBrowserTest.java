package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An indexer works the review queue with the keyboard alone: the form has the focus when a document opens,
 * PageDown / PageUp turn its pages, Enter saves and brings the next document, oldest first.
 */
class ReviewQueueBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Index-All-The-Charts-7";


    @Test
    void indexerCorrectsADocumentWithTheKeyboardAndMovesToTheNextOne() {
        RunningChartVault.Client admin = vault.admin();
        ChartGenerator generator = new ChartGenerator();
        // born-digital PDFs (text layer, no OCR) whose header block is missing, so capture cannot tell whose they
        // are: both wait for review, the older one first
        String older = upload(admin, "older-referral.pdf", ChartFiles.bornDigitalPdf(withoutHeaders(generator.document(51, 2))));
        String newer = upload(admin, "newer-consult.pdf", ChartFiles.bornDigitalPdf(withoutHeaders(generator.document(52, 1))));
        assertEquals(201, admin.post("/api/users", Map.of("username", "indexer", "password", PASSWORD,
                "roles", List.of("indexer"))).status());

        browser.logIn(vault.url(""), "indexer", PASSWORD);
        assertEquals(List.of("Review queue", "Search", "API tokens"),
                browser.all("#nav a").stream().map(WebElement::getText).toList());
        browser.awaitText("#review-doc-title", "older-referral.pdf");
        assertEquals(List.of("older-referral.pdf", "newer-consult.pdf"),
                browser.all(".queue-item .queue-name").stream().map(WebElement::getText).toList(), "oldest first");
        assertEquals("review-mrn", focused().getAttribute("id"), "the form is ready for typing");
        browser.until(d -> browser.find(".page-label").getText().equals("Page 1 of 2"), "page 1");

        focused().sendKeys(Keys.PAGE_DOWN);
        browser.until(d -> browser.find(".page-label").getText().equals("Page 2 of 2"), "page 2 after PageDown");
        assertTrue(browser.find(".review-page .page-image").getAttribute("src").endsWith("/pages/2/image"));
        focused().sendKeys(Keys.PAGE_UP);
        browser.until(d -> browser.find(".page-label").getText().equals("Page 1 of 2"), "page 1 after PageUp");

        focused().sendKeys("00412345", Keys.TAB);
        focused().sendKeys("Marguerite Okafor", Keys.TAB);
        focused().sendKeys("04231961");                    // mm dd yyyy, as Chromium's date field takes it in en-US
        focused().sendKeys(Keys.TAB);
        assertEquals("review-documentType", focused().getAttribute("id"));
        focused().sendKeys("REFERRAL", Keys.TAB);
        focused().sendKeys("11022025");
        focused().sendKeys(Keys.TAB);
        assertEquals("review-encounter", focused().getAttribute("id"));
        focused().sendKeys("ENC-77", Keys.ENTER);

        browser.awaitText("#review-doc-title", "newer-consult.pdf");
        browser.until(d -> "review-mrn".equals(focused().getAttribute("id")), "the next document's form to have the focus");
        assertEquals(List.of("newer-consult.pdf"),
                browser.all(".queue-item .queue-name").stream().map(WebElement::getText).toList(),
                "the corrected document has left the queue");

        JsonNode saved = admin.get("/api/documents/" + older).json();
        assertEquals("00412345", saved.get("mrn").asText());
        assertEquals("Marguerite Okafor", saved.get("patientName").asText());
        assertEquals("1961-04-23", saved.get("birthDate").asText());
        assertEquals("Referral", saved.get("documentType").asText(), "typed as a heading, filed under the list's display name");
        assertEquals("2025-11-02", saved.get("serviceDate").asText());
        assertEquals("ENC-77", saved.get("encounter").asText());
        assertEquals("indexed", saved.get("status").asText(), "a named patient and type confirm the document");
        assertEquals("needs-review", admin.get("/api/documents/" + newer).json().get("status").asText());

        // Enter without changes saves nothing; this document still waits, so the queue has not ended
        long version = admin.get("/api/documents/" + newer).json().get("version").asLong();
        focused().sendKeys(Keys.ENTER);
        browser.awaitText(".form-status .notice", "This document still waits for review");
        assertEquals(version, admin.get("/api/documents/" + newer).json().get("version").asLong(), "nothing was saved");
        assertTrue(browser.find(".review-work").getText().indexOf("end of the review queue") < 0, "the queue has not ended");
        assertEquals(List.of("newer-consult.pdf"), browser.all(".queue-item .queue-name").stream().map(WebElement::getText).toList());

        // once it is filed, nothing is left: now the queue ends
        browser.find("#review-mrn").sendKeys("00412346");
        browser.find("#review-documentType").sendKeys("CONSULTATION", Keys.ENTER);
        browser.awaitText(".review-work .notice", "end of the review queue");
        browser.assertNoProblems();
    }

    /** The pages without the lines that name the patient, the type or the dates (header block, headings, footer). */}
