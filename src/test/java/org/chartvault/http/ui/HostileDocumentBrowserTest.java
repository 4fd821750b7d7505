package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document whose file name, text and indexing values are markup meant to run script. Every screen that shows
 * them must show them as the characters they are: visible as text, and no element, attribute or alert made from them.
 */
class HostileDocumentBrowserTest extends BrowserTest {
    private static final String FILE_NAME = "<img src=x onerror=alert(1)>.pdf";
    private static final String IN_TEXT = "<img src=x onerror=alert(1)>";
    private static final String PATIENT = "\"><img src=x onerror=alert(3)>";
    private static final String MRN = "<b>4242</b>";
    private static final String QUERY = "<script>alert(5)</script>";
    private static final String TOKEN = "<svg onload=alert(6)>";

    @TempDir
    static Path files;

    @Test
    void markupInAFileNameItsTextAndItsIndexingIsShownAsTextOnEveryScreen() throws Exception {
        Path file = files.resolve(FILE_NAME);
        Files.write(file, pdfWithText("Zanzibar clinic note " + IN_TEXT + " was reviewed.", "<script>alert(2)</script> end of note."));
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);

        // Capture: the chosen file, the upload with hostile indexing values, the live batch
        browser.go(vault.url("/#/capture"));
        browser.await("#capture-files").sendKeys(file.toString());
        assertEquals(FILE_NAME, browser.awaitText(".chosen .file-name", FILE_NAME).getText());
        browser.find(".batch-indexing summary").click();
        browser.find("input[name=mrn]").sendKeys(MRN);
        browser.find("input[name=patientName]").sendKeys(PATIENT);
        browser.find(".upload-form button[type=submit]").click();
        WebElement card = browser.until(d -> d.findElements(By.cssSelector(".live-batches .batch-card.done")).stream()
                .findFirst().orElse(null), "the batch to be done", Duration.ofSeconds(90));
        assertEquals(FILE_NAME, card.findElement(By.cssSelector(".file-name")).getText());
        browser.assertNothingInjected();
        String batchId = card.getAttribute("data-batch-id");
        JsonNode batch = vault.admin().get("/api/batches/" + batchId).json();
        String documentId = batch.get("documents").get(0).get("documentId").asText();

        browser.go(vault.url("/#/batches/" + batchId));
        browser.awaitText(".batch-card.done .file-name", FILE_NAME);
        browser.assertNothingInjected();

        // Review queue: no document type was given, so it waits there
        browser.go(vault.url("/#/review"));
        assertEquals(FILE_NAME, browser.awaitText("#review-doc-title", FILE_NAME).getText());
        assertEquals(FILE_NAME, browser.find(".queue-item .queue-name").getText());
        assertEquals(PATIENT, browser.find("#review-patientName").getAttribute("value"));
        assertEquals(MRN, browser.find("#review-mrn").getAttribute("value"));
        browser.assertNothingInjected();

        // Search: a hostile query, then a word next to the hostile text
        browser.go(vault.url("/#/search"));
        browser.await("#search-q").sendKeys(QUERY, Keys.ENTER);
        browser.until(d -> !d.findElements(By.cssSelector(".results h2, .results .notice")).isEmpty(), "an answer to the query");
        assertEquals(QUERY, browser.find("#search-q").getAttribute("value"));
        browser.assertNothingInjected();
        WebElement box = browser.find("#search-q");
        box.clear();
        box.sendKeys("zanzibar", Keys.ENTER);
        WebElement group = awaitResult(documentId);
        assertTrue(group.findElement(By.cssSelector(".result-meta")).getText().contains(FILE_NAME), group.getText());
        assertTrue(group.findElement(By.cssSelector(".snippet")).getText().contains(IN_TEXT), group.getText());
        assertTrue(group.findElement(By.cssSelector(".result-meta")).getText().contains(PATIENT), group.getText());
        assertTrue(group.findElement(By.cssSelector(".result-meta")).getText().contains(MRN), group.getText());
        browser.assertNothingInjected();

        // Viewer: title, details, the page text, the hit boxes
        group.findElement(By.cssSelector(".page-link")).click();
        assertTrue(browser.awaitText(".doc-info", FILE_NAME).getText().contains(FILE_NAME));
        assertTrue(browser.find(".doc-info").getText().contains(PATIENT));
        browser.await("svg.hit-overlay rect.hit");
        browser.find(".page-text summary").click();
        assertTrue(browser.awaitText("#page-text", IN_TEXT).getText().contains("<script>alert(2)</script>"));
        browser.assertNothingInjected();

        // Audit log: the hostile search is recorded and shown as typed
        browser.go(vault.url("/#/admin/audit?action=search"));
        browser.awaitText(".audit-table", "search: " + QUERY);
        browser.assertNothingInjected();

        // Tokens: a hostile token name
        browser.go(vault.url("/#/tokens"));
        browser.await("#token-name").sendKeys(TOKEN, Keys.ENTER);
        browser.awaitText(".tokens-table", TOKEN);
        browser.assertNothingInjected();
        assertEquals(List.of(), browser.all("svg[onload], b, img[src='x']").stream().map(WebElement::getTagName).toList());
    }

    private static WebElement awaitResult(String documentId) {
        for (int attempt = 0; attempt < 20; attempt++) {
            browser.until(d -> !d.findElements(By.cssSelector(".results .result-group, .results .empty")).isEmpty(), "results");
            List<WebElement> found = browser.all(".result-group[data-document-id='" + documentId + "']");
            if (!found.isEmpty()) return found.get(0);
            browser.find(".search-form button[type=submit]").click();
        }
        throw new AssertionError("the document was never found: " + browser.find(".results").getText());
    }

    /** A born-digital one-page PDF (a text layer, no scan) with these lines in Helvetica. */
    private static byte[] pdfWithText(String... lines) throws IOException {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                float y = 700;
                for (String line : lines) {
                    content.beginText();
                    content.newLineAtOffset(72, y);
                    content.showText(line);
                    content.endText();
                    y -= 24;
                }
            }
            pdf.save(out);
            return out.toByteArray();
        }
    }
}
