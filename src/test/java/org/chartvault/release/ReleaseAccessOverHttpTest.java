package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A release holds the patient's records, so a clerk whose role may not read one of them (a protected category with
 * its own readers) is answered on every route of that release as if it did not exist, as for the record itself.
 */
class ReleaseAccessOverHttpTest {
    @TempDir
    Path data;

    @Test
    void everyRouteOfAReleaseHoldingARecordTheClerkMayNotReadAnswersNotFound() throws Exception {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            Client admin = vault.admin();
            Client clerk = vault.user("clerk-a", "roi");
            ChartUploads.addDocumentTypes(admin, "Psychiatry Note,28628-6,Psychotherapy Note,");
            Patient patient = new ChartGenerator().patient(5301);
            String protectedId = ChartUploads.bornDigital(admin,
                    new ChartGenerator().document(patient, 41, "PROGRESS NOTE", 1), "Psychotherapy Note");
            Response created = admin.post("/api/releases", Map.of("mrn", patient.mrn(),
                    "requester", Map.of("name", patient.printedName()), "purpose", "Personal copy",
                    "items", List.of(Map.of("documentId", protectedId))));
            assertEquals(201, created.status(), created.toString());
            String path = "/api/releases/" + created.json().get("releaseId").asText();
            assertEquals(200, clerk.get(path).status(), "a clerk who may read the record sees the release");

            String category = "/api/sensitive-categories/psychotherapy-notes";
            Map<String, Object> legalOnly = new LinkedHashMap<>(Map.of("name", "Psychotherapy notes",
                    "documentTypes", List.of("PSYCHOTHERAPY NOTE"), "aliases", List.of("psychotherapy"),
                    "readers", List.of("legal")));
            assertEquals(200, admin.send("PUT", category, "application/json", Json.bytes(legalOnly)).status());

            for (Response refused : List.of(
                    clerk.get(path),
                    clerk.get(path + "/authorization"),
                    clerk.post(path + "/authorization/revocation", Map.of("on", "2026-01-01", "receivedAs", "letter")),
                    clerk.post(path + "/packet", Map.of()),
                    clerk.get(path + "/packet"),
                    clerk.get(path + "/patient-check"),
                    clerk.post(path + "/redaction-proposals", Map.of("phrases", List.of("pain"))),
                    clerk.post(path + "/extension", Map.of("reason", "records off site")),
                    clerk.post(path + "/fee", Map.of("method", "flat")),
                    clerk.post(path + "/fee/waiver", Map.of("reason", "hardship")),
                    clerk.post(path + "/payments", Map.of("amount", "6.50", "method", "cash")),
                    clerk.get(path + "/letters"),
                    clerk.post(path + "/letters", Map.of("kind", "acknowledgement")),
                    clerk.get(path + "/letters/let_0000000000000000000000000a"))) {
                assertEquals(404, refused.status(), refused.toString());
            }
            assertEquals(200, admin.get(path).status(), "the release itself is untouched");
            assertEquals(0, admin.get(path).json().get("letters").size(), "no letter was made for the refused clerk");
        }
    }
}
