package org.chartvault.capture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentTypesTest {

    private final DocumentTypes types = DocumentTypes.standard();

    @Test
    void starterListCarriesTheHospitalsTypesWithTheirLoincCodes() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("Discharge summary", "18842-5"), Map.entry("History and physical note", "34117-2"),
                Map.entry("Surgical operation note", "11504-8"), Map.entry("Progress note", "11506-3"),
                Map.entry("Consult note", "11488-4"), Map.entry("Pathology study", "11526-1"),
                Map.entry("Laboratory report", "11502-2"), Map.entry("Diagnostic imaging study", "18748-4"),
                Map.entry("Consent document", "59284-0"), Map.entry("Referral note", "57133-1"),
                Map.entry("Nurse note", "34746-8"), Map.entry("Note", "34109-9"));
        assertEquals(expected.size(), types.all().size());
        for (DocumentType type : types.all()) assertEquals(expected.get(type.name()), type.loinc(), type.name());
    }

    @Test
    void aTypeIsFoundByDisplayNameLoincNameCodeOrKeyword() {
        for (String asked : List.of("Operative report", "operative  REPORT", "Surgical operation note", "11504-8", "OPERATIVE NOTE")) {
            assertEquals("11504-8", types.resolve(asked).orElseThrow().loinc(), asked);
        }
        assertTrue(types.resolve("Ballet programme").isEmpty());
        assertTrue(types.resolve(" ").isEmpty());
    }

    @Test
    void everyHeadingTheGeneratorPrintsIsAKeyword() {
        for (String heading : org.chartvault.testing.ChartGenerator.DOCUMENT_TYPES) {
            assertTrue(types.resolve(heading).isPresent(), heading);
        }
    }

    @Test
    void anAdministratorsListIsReadAndItsMistakesNamed() throws IOException {
        DocumentTypes own = DocumentTypes.read(new StringReader("""
                # our own list
                name,loinc,display,keywords
                Discharge summary,18842-5,"Discharge summary, final",DISCHARGE SUMMARY; FINAL SUMMARY
                """));
        assertEquals("Discharge summary, final", own.all().get(0).display());
        assertEquals(List.of("DISCHARGE SUMMARY", "FINAL SUMMARY"), own.all().get(0).keywords());

        IOException badCode = assertThrows(IOException.class, () -> DocumentTypes.read(new StringReader(
                "name,loinc,display,keywords\nX,18842,X,X\n")));
        assertTrue(badCode.getMessage().startsWith("line 2:"), badCode.getMessage());
        IOException twice = assertThrows(IOException.class, () -> DocumentTypes.read(new StringReader(
                "name,loinc,display,keywords\nA,1-1,Same,A\nB,2-2,same,B\n")));
        assertTrue(twice.getMessage().contains("Two document types are called"), twice.getMessage());
        assertThrows(IOException.class, () -> DocumentTypes.read(new StringReader("code,display\n")));
    }
}
