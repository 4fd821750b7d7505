package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A browser test's fixture: a real ChartVault on its own data directory and a headless Chromium, per test class. */
abstract class BrowserTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Browser browser;

    @BeforeAll
    static void startServiceAndBrowser() throws Exception {
        vault = RunningChartVault.start(data);
        browser = Browser.open();
    }

    /** Uploads one PDF and waits until it is processed; returns its document id. */
    static String upload(RunningChartVault.Client client, String name, byte[] pdf) {
        JsonNode receipt = client.upload(Map.of(), new RunningChartVault.Part(name, pdf)).json();
        client.awaitBatch(receipt.get("batchId").asText(), Duration.ofSeconds(60));
        return receipt.get("documents").get(0).get("documentId").asText();
    }

    /** Files {@code chart} as a born-digital discharge summary of its patient and waits until it is processed. */
    static String dischargeSummary(RunningChartVault.Client admin, ChartDocument chart) {
        Indexing patient = chart.indexing();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", patient.mrn());
        fields.put("patientName", patient.patientName());
        fields.put("documentType", "Discharge summary");
        fields.put("serviceDate", patient.serviceDate().toString());
        JsonNode receipt = admin.upload(fields, new RunningChartVault.Part("summary.pdf",
                ChartFiles.bornDigitalPdf(chart.pages()))).json();
        return admin.awaitBatch(receipt.get("batchId").asText(), Duration.ofSeconds(90))
                .get("documents").get(0).get("documentId").asText();
    }

    /**
     * The pages without the lines that name the patient, the type or the dates: capture cannot tell whose they are,
     * so the document waits in the review queue.
     */
    static List<ChartPage> withoutHeaders(ChartDocument document) {
        return document.pages().stream().map(page -> new ChartPage(page.indexing(), page.pageNumber(), page.pageCount(),
                page.typeface(), page.lines().stream().filter(line -> keeps(line.text(), page)).toList())).toList();
    }

    private static boolean keeps(String line, ChartPage page) {
        String upper = line.toUpperCase(Locale.ROOT);
        String mrn = page.indexing().mrn();
        String family = page.indexing().patientName().split(",")[0].strip().toUpperCase(Locale.ROOT);
        return !(upper.contains("MRN") || upper.contains("PATIENT") || upper.contains("DOB") || upper.contains("DATE")
                || upper.contains("HOSPITAL") || upper.contains("ENCOUNTER") || upper.contains("ATTENDING")
                || (mrn != null && line.contains(mrn)) || upper.contains(family) || line.equals(upper));
    }

    /** The element the keyboard is on. */
    static WebElement focused() {
        return browser.driver().switchTo().activeElement();
    }

    @AfterAll
    static void stopServiceAndBrowser() {
        if (browser != null) browser.close();
        if (vault != null) vault.close();
        browser = null;
        vault = null;
    }
}
