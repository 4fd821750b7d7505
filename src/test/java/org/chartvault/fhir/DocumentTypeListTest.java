package org.chartvault.fhir;

import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.storage.LocalDiskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentTypeListTest {
    @TempDir
    Path dir;
    private LocalDiskStore store;
    private DocumentTypeCatalog catalog;
    private DocumentTypeCodes types;

    @BeforeEach
    void open() throws IOException {
        store = new LocalDiskStore(dir.resolve("store"));
        catalog = new DocumentTypeCatalog(store, new org.chartvault.storage.InProcessLocks(), java.time.Duration.ofSeconds(1));
        types = DocumentTypeCodes.of(catalog);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void starterListHasTheTwelveLoincDocumentTypes() throws IOException {
        Map<String, String> codes = types.current().types().stream()
                .collect(Collectors.toMap(DocumentTypeCode::name, DocumentTypeCode::loinc));
        assertEquals(Map.ofEntries(
                Map.entry("Discharge summary", "18842-5"), Map.entry("History and physical note", "34117-2"),
                Map.entry("Surgical operation note", "11504-8"), Map.entry("Progress note", "11506-3"),
                Map.entry("Consult note", "11488-4"), Map.entry("Pathology study", "11526-1"),
                Map.entry("Laboratory report", "11502-2"), Map.entry("Diagnostic imaging study", "18748-4"),
                Map.entry("Consent document", "59284-0"), Map.entry("Referral note", "57133-1"),
                Map.entry("Nurse note", "34746-8"), Map.entry("Note", "34109-9")), codes);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "18842-5, 18842-5",
            "discharge summary, 18842-5",
            "'  DISCHARGE   SUMMARY ', 18842-5",
            "Operative report, 11504-8",
            "surgical operation note, 11504-8",
            "OPERATIVE NOTE, 11504-8",
            "h&p, 34117-2",
            "CONSENT FOR TREATMENT, 59284-0",
            "Nursing assessment, 34746-8",
    })
    void aTypeIsAcceptedByNameOrCodeIgnoringCase(String given, String loinc) throws IOException {
        assertEquals(loinc, types.current().resolve(given).orElseThrow().loinc());
    }

    @Test
    void anUnknownTypeResolvesToNothing() throws IOException {
        assertTrue(types.current().resolve("Birth certificate").isEmpty());
        assertTrue(types.current().resolve("99999-9").isEmpty());
        assertTrue(types.current().byLoinc("Discharge summary").isEmpty());
    }

    @Test
    void anAdministratorsListReplacesTheStarterListForEveryReader() throws Exception {
        catalog.replace("""
                name,loinc,display,keywords
                Discharge summary,18842-5,Discharge summary,DISCHARGE SUMMARY
                "Emergency department note, triage",34111-5,ED note,ED NOTE;TRIAGE NOTE
                """);
        DocumentTypeCodes anotherNode = DocumentTypeCodes.of(new DocumentTypeCatalog(store, new org.chartvault.storage.InProcessLocks(), java.time.Duration.ofSeconds(1)));
        assertEquals("34111-5", anotherNode.current().resolve("ed note").orElseThrow().loinc());
        assertEquals("Emergency department note, triage", anotherNode.current().byLoinc("34111-5").orElseThrow().name());
        assertTrue(anotherNode.current().resolve("Progress note").isEmpty());
    }
}
