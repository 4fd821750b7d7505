package org.chartvault.hold;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Uploads generated chart documents as born-digital PDFs (no OCR needed, so processing is quick) with the indexing
 * values a test chooses, and waits until they are processed.
 */
final class ChartUploads {
    private static final ChartGenerator GENERATOR = new ChartGenerator();

    private ChartUploads() {
    }

    /** Uploads document {@code seed} for patient {@code mrn} with this date of service; returns its document id. */
    static String upload(RunningChartVault.Client scanner, long seed, String mrn, LocalDate serviceDate, int pages) {
        return processed(scanner, send(scanner, seed, mrn, serviceDate, pages));
    }

    /** Waits until the batch's one document is processed; returns its id. */
    static String processed(RunningChartVault.Client scanner, String batchId) {
        JsonNode batch = scanner.awaitBatch(batchId, Duration.ofMinutes(3));
        JsonNode document = batch.get("documents").get(0);
        String status = document.get("status").asText();
        if (!status.equals("indexed") && !status.equals("needs-review")) throw new AssertionError("not processed: " + batch);
        return document.get("documentId").asText();
    }

    /**
     * Uploads a generated document filed under the patient printed on its pages (so a release's wrong-patient check
     * finds that patient on every page), with its own type unless {@code documentType} is given; returns its id.
     */
    static String ofItsPatient(RunningChartVault.Client scanner, ChartDocument chart, String documentType) {
        var ix = chart.indexing();
        Map<String, String> fields = new HashMap<>(Map.of("mrn", ix.mrn(), "patientName", ix.patientName(),
                "birthDate", ix.birthDate().toString(), "serviceDate", ix.serviceDate().toString(),
                "documentType", documentType != null ? documentType : ix.documentType()));
        RunningChartVault.Response sent = scanner.upload(fields,
                new RunningChartVault.Part("chart-" + ix.mrn() + ".pdf", ChartFiles.bornDigitalPdf(chart.pages())));
        assertEquals(202, sent.status(), sent::toString);
        return processed(scanner, sent.json().get("batchId").asText());
    }

    /** Uploads without waiting for processing; returns the batch id. */
    static String send(RunningChartVault.Client scanner, long seed, String mrn, LocalDate serviceDate, int pages) {
        ChartDocument chart = GENERATOR.document(seed, "PROGRESS NOTE", pages);
        Map<String, String> fields = new HashMap<>();
        if (mrn != null) fields.put("mrn", mrn);
        fields.put("patientName", chart.indexing().patientName());
        fields.put("birthDate", chart.indexing().birthDate().toString());
        fields.put("documentType", chart.indexing().documentType());
        if (serviceDate != null) fields.put("serviceDate", serviceDate.toString());
        RunningChartVault.Response sent = scanner.upload(fields,
                new RunningChartVault.Part("chart-" + seed + ".pdf", ChartFiles.bornDigitalPdf(chart.pages())));
        assertEquals(202, sent.status(), sent::toString);
        return sent.json().get("batchId").asText();
    }
}
