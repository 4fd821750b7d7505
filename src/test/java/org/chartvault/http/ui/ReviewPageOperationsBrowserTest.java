package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An indexer fixes a badly assembled scan in the review queue with the keyboard alone: Alt+. moves the page shown
 * one later, Alt+S asks to split the document before it and Enter confirms; the new document waits in the queue.
 */
class ReviewPageOperationsBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Pages-In-Their-Place-5";


    @Test
    void indexerMovesAPageAndSplitsTheDocumentWithAltKeys() {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "indexer", "password", PASSWORD, "roles", List.of("indexer"))).status());
        // no header block: capture cannot tell whose it is, so it waits for review
        String id = upload(admin, "mixed-up-scan.pdf", ChartFiles.bornDigitalPdf(withoutHeaders(new ChartGenerator().document(61, 3))));
        List<String> before = List.of(text(admin, id, 1), text(admin, id, 2), text(admin, id, 3));

        browser.logIn(vault.url(""), "indexer", PASSWORD);
        browser.awaitText("#review-doc-title", "mixed-up-scan.pdf");
        browser.until(d -> browser.find(".page-label").getText().equals("Page 1 of 3"), "page 1");
        focused().sendKeys(Keys.PAGE_DOWN);
        browser.until(d -> browser.find(".page-label").getText().equals("Page 2 of 3"), "page 2");

        // Alt+. : page 2 goes after page 3
        alt(Keys.chord("."));
        browser.awaitText("#page-op-status .notice.ok", "Page 2 is now page 3.");
        browser.until(d -> browser.find(".page-label").getText().equals("Page 3 of 3"), "the moved page still shown");
        assertEquals(List.of(before.get(0), before.get(2), before.get(1)),
                List.of(text(admin, id, 1), text(admin, id, 2), text(admin, id, 3)), "the pages in their new order");

        // Alt+S on it, Enter on the question: it becomes a document of its own
        alt("s");
        WebElement confirm = browser.await("#op-split-confirm");
        assertEquals(confirm, focused(), "the question has the focus");
        assertEquals("Split before page 3", confirm.getText());
        focused().sendKeys(Keys.ENTER);
        browser.awaitText("#page-op-status .notice.ok", "Page 3 is now a separate document");
        browser.until(d -> browser.find(".page-label").getText().equals("Page 2 of 2"), "this document keeps two pages");
        browser.until(d -> browser.all(".queue-item").size() == 2 ? true : null, "the new document in the queue");

        JsonNode kept = admin.get("/api/documents/" + id).json();
        assertEquals(2, kept.get("pages").size());
        String newId = browser.find("#page-op-status .notice.ok a").getAttribute("href").replaceAll(".*#/review/", "");
        JsonNode split = admin.get("/api/documents/" + newId).json();
        assertEquals(1, split.get("pages").size());
        assertEquals(before.get(1), text(admin, newId, 1), "the page moved last is the new document's page");

        // the new part comes next, right after this one, named once from the upload; names, counts and the form
        // are as the documents now are
        String keptName = kept.get("fileName").asText(), splitName = split.get("fileName").asText();
        assertEquals("mixed-up-scan, page 2.pdf", splitName, "named by its page in the scan, not '(split at page 3)'");
        browser.until(d -> queueNames().equals(List.of(keptName, splitName)) ? true : null, "the new part listed after this one");
        browser.awaitText("#review-doc-title", keptName);
        assertTrue(browser.find(".queue-item[aria-current='true'] .queue-meta").getText().contains("2 pages"),
                browser.find(".queue-item[aria-current='true']").getText());
        assertEquals("review-mrn", focused().getAttribute("id"), "the form has the focus, not the page");
        assertTrue(split.get("reasons").get(0).get("text").asText().indexOf("doc_") < 0, "the reason names no internal id");

        focused().sendKeys(Keys.ENTER);
        browser.awaitText("#review-doc-title", splitName);
        browser.awaitText(".reasons .reason", "Split off from");
        browser.assertNoProblems();
    }

    private static List<String> queueNames() {
        return browser.all(".queue-item .queue-name").stream().map(WebElement::getText).toList();
    }

    /** Presses Alt with the key, to whatever has the focus, as a person would. */
    private static void alt(CharSequence key) {
        new Actions(browser.driver()).keyDown(Keys.ALT).sendKeys(key).keyUp(Keys.ALT).perform();
    }

    private static String text(RunningChartVault.Client admin, String id, int page) {
        return admin.get("/api/documents/" + id + "/pages/" + page + "/text").text().strip();
    }
}
