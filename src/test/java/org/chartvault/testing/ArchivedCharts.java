package org.chartvault.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.document.Indexing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Generated chart documents put into a running ChartVault through the API, for tests of any package. */
public final class ArchivedCharts {
    private ArchivedCharts() {
    }

    /** Uploads the document as a born-digital PDF (text layer, no OCR) under {@code documentType}; its id once processed. */
    public static String bornDigital(RunningChartVault.Client scanner, ChartDocument document, String documentType) {
        Indexing indexing = document.indexing();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", indexing.mrn());
        fields.put("patientName", indexing.patientName());
        fields.put("birthDate", indexing.birthDate().toString());
        fields.put("documentType", documentType);
        fields.put("serviceDate", indexing.serviceDate().toString());
        fields.put("encounter", indexing.encounter());
        RunningChartVault.Response receipt = scanner.upload(fields,
                new RunningChartVault.Part("chart.pdf", ChartFiles.bornDigitalPdf(document.pages())));
        if (receipt.status() != 202) throw new AssertionError("upload refused: " + receipt);
        JsonNode batch = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
        JsonNode entry = batch.get("documents").get(0);
        String status = entry.get("status").asText();
        if (!status.equals("indexed") && !status.equals("needs-review")) throw new AssertionError("not processed: " + batch);
        return entry.get("documentId").asText();
    }

    /** Adds the hospital's own document types ({@code name,loinc,display,keywords} rows), as an administrator does. */
    public static void addDocumentTypes(RunningChartVault.Client admin, String... rows) {
        String csv = admin.get("/api/document-types?format=csv").text();
        String extended = csv.stripTrailing() + "\n" + String.join("\n", rows) + "\n";
        RunningChartVault.Response put = admin.send("PUT", "/api/document-types", "text/csv",
                extended.getBytes(StandardCharsets.UTF_8));
        if (put.status() != 200) throw new AssertionError("document types not saved: " + put);
    }

    /** Registers patients in the registry ({@code mrn,last_name,first_name,birth_date,sex} rows, without the header). */
    public static void registerPatients(RunningChartVault.Client admin, String... rows) {
        String csv = "mrn,last_name,first_name,birth_date,sex\n" + String.join("\n", rows) + "\n";
        RunningChartVault.Response r = admin.send("POST", "/api/patients/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        if (r.status() != 200) throw new AssertionError("patients not imported: " + r);
    }
}
