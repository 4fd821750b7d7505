package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Legal staff in a real browser: a hold placed on a patient's MRN lists the patient's documents (and only theirs)
 * with their count, the administrator's delete of a held document is refused, a production export started on the
 * hold is followed until done and its ZIP downloaded, and the hold is released with its reason, which is kept.
 */
class LegalHoldBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Preserve-Every-Page-31";

    @TempDir
    static Path downloads;

    @BeforeAll
    static void downloadsToo() {
        browser.downloadsTo(downloads);
    }

    @Test
    void legalPlacesAHoldThatBlocksDeletionExportsItAndReleasesItWithAReason() throws Exception {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "counsel", "password", PASSWORD, "roles", List.of("legal"))).status());
        ChartGenerator generator = new ChartGenerator();
        ChartDocument first = generator.document(7301, 2);
        Indexing patient = first.indexing();
        String discharge = bornDigital(admin, patient, first, "discharge-summary.pdf");
        String consult = bornDigital(admin, patient, generator.document(7302, 1), "consult-note.pdf");
        ChartDocument stranger = generator.document(7303, 1);
        String other = bornDigital(admin, stranger.indexing(), stranger, "someone-else.pdf");

        browser.logIn(vault.url(""), "counsel", PASSWORD);
        assertEquals(List.of("Search", "Legal holds", "Retention", "API tokens"), browser.all("#nav a").stream().map(WebElement::getText).toList());
        browser.find("#nav a[href='#/holds']").click();
        browser.awaitText(".empty", "No holds yet.");

        // a hold without a name is refused before anything is sent
        browser.find("#hold-mrns").sendKeys(patient.mrn());
        browser.find("#create-hold").click();
        browser.awaitText(".create-hold .notice", "Give the hold a name");
        // before it is placed, the form shows what it will hold
        browser.awaitText("#hold-preview", "This hold would hold 2 documents now");
        browser.awaitText("#hold-preview", "The patient registry is empty");
        browser.find("#hold-name").sendKeys("Okafor v. General Hospital");
        browser.find("#hold-matter").sendKeys("2026-CV-0412");
        browser.find("#create-hold").click();

        String holdId = browser.until(d -> {
            String address = d.getCurrentUrl();
            return address.matches(".*#/holds/hold_[0-9a-z]+$") ? address.substring(address.lastIndexOf('/') + 1) : null;
        }, "the new hold's page");
        browser.awaitText("h1", "Okafor v. General Hospital");
        browser.awaitText("#held-docs-title", "Documents held (2)");
        Set<String> rows = new TreeSet<>();
        browser.until(d -> browser.all(".held-table tbody tr").size() == 2 ? true : null, "two held documents");
        browser.all(".held-table tbody tr").forEach(row -> rows.add(row.getAttribute("data-document-id")));
        assertEquals(new TreeSet<>(List.of(discharge, consult)), rows, "the patient's documents, not someone else's");
        assertTrue(browser.find(".held-table tr[data-document-id='" + discharge + "']").getText().contains("discharge-summary.pdf"));

        // the list shows it with its document count
        browser.find("a[href='#/holds']").click();
        WebElement listed = browser.await(".holds-table tr[data-hold-id='" + holdId + "']");
        assertEquals("2", listed.findElement(By.cssSelector("td:nth-child(4)")).getText(), "documents held");
        assertTrue(listed.getText().contains("2026-CV-0412") && listed.getText().contains("MRN " + patient.mrn()), listed.getText());
        assertTrue(listed.getText().contains("Active"), listed.getText());

        // a held document cannot be deleted, and its page says so
        RunningChartVault.Response refused = admin.delete("/api/documents/" + discharge);
        assertEquals(409, refused.status(), refused.text());
        assertEquals("on-hold", refused.json().get("error").asText());
        assertEquals(204, admin.delete("/api/documents/" + other).status(), "a document no hold covers can be deleted");
        listed.findElement(By.cssSelector("a")).click();
        browser.await(".held-table tr[data-document-id='" + discharge + "'] a").click();
        browser.awaitText("main", "it cannot be deleted");
        browser.driver().navigate().back();

        // an export: a refusal from the server is shown as its own sentence, then one that runs and is downloaded
        browser.await("#export-prefix").sendKeys("NOT ALLOWED!");
        browser.find("#start-export").click();
        browser.awaitText(".start-export .notice.error", "The Bates prefix must be 1 to");
        browser.find("#export-prefix").clear();
        browser.find("#export-prefix").sendKeys("OKAFOR");
        browser.find("#export-recipient").sendKeys("Acme Insurance Co.");
        browser.find("#start-export").click();
        browser.awaitText(".start-export .notice.error", "Say whether the recipient is a party");
        new org.openqa.selenium.support.ui.Select(browser.find("#export-party")).selectByValue("no");
        browser.find("#export-delivery").sendKeys("secure file transfer");
        browser.find("#start-export").click();
        WebElement zip = browser.until(d -> {
            List<WebElement> links = d.findElements(By.cssSelector(".exports-table tr[data-status='done'] a.export-zip"));
            return links.isEmpty() ? null : links.get(0);
        }, "the export to finish", Duration.ofSeconds(45));
        String exportId = zip.findElement(By.xpath("ancestor::tr")).getAttribute("data-export-id");
        assertTrue(zip.findElement(By.xpath("ancestor::tr")).getText().contains("Bates OKAFOR"), "its Bates range is shown");
        assertTrue(zip.findElement(By.xpath("ancestor::tr")).getText().contains("non-party"), "its recipient is shown");
        zip.click();
        Map<String, byte[]> files = unzip(browser.downloaded(downloads, exportId + ".zip"));
        String manifest = new String(files.get("manifest.csv"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains(discharge) && manifest.contains(consult), manifest);
        assertTrue(!manifest.contains(other), "nothing outside the hold is produced");

        // released with its reason: then the hold no longer blocks anything
        browser.find("#release-hold").click();
        browser.awaitText("#release-hold-title + form .notice.error", "Write why the hold is released.");
        browser.find("#release-hold-reason").sendKeys("Case settled on 2026-03-01");
        browser.find("#release-hold").click();
        browser.awaitText("#release-hold-title + form .notice.error", "Tick the box");
        browser.find("#release-hold-confirm").click();
        browser.find("#release-hold").click();
        browser.awaitText("header .notice.ok", "The hold is released.");
        browser.awaitText("header .muted", "(Case settled on 2026-03-01)");
        browser.awaitText("#held-docs-title", "Documents it held (2)");
        JsonNode hold = admin.get("/api/holds/" + holdId).json();
        assertEquals("released", hold.get("status").asText());
        assertEquals("counsel", hold.get("releasedBy").asText());
        assertEquals("Case settled on 2026-03-01", hold.get("releaseReason").asText());
        assertEquals(204, admin.delete("/api/documents/" + discharge).status(), "released: the document can be deleted");
        browser.screenshot("legal-hold-released");
        browser.assertNoProblems();
    }

    private static String bornDigital(RunningChartVault.Client admin, Indexing patient, ChartDocument chart, String fileName) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", patient.mrn());
        fields.put("patientName", patient.patientName());
        fields.put("documentType", "Discharge summary");
        fields.put("serviceDate", chart.indexing().serviceDate().toString());
        JsonNode receipt = admin.upload(fields, new RunningChartVault.Part(fileName, ChartFiles.bornDigitalPdf(chart.pages()))).json();
        JsonNode batch = admin.awaitBatch(receipt.get("batchId").asText(), Duration.ofSeconds(90));
        return batch.get("documents").get(0).get("documentId").asText();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory()) files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
