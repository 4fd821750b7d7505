package org.chartvault.fhir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How ITI-67 query parameters, ids and dates are understood. */
class FhirSearchParametersTest {
    private static final FhirSettings SETTINGS = new FhirSettings("urn:oid:1.2.3.4", ZoneId.of("America/Chicago"), 20, 100, 1 << 20);
    private static final FhirUrls URLS = new FhirUrls("https://archive.example.org/fhir");
    private final DocumentTypeList types = new DocumentTypeList(List.of(
            new DocumentTypeCode("Discharge summary", "18842-5", "Discharge summary", List.of("DISCHARGE NOTE")),
            new DocumentTypeCode("Surgical operation note", "11504-8", "Operative report", List.of())));

    private DocumentSearch parse(Map<String, List<String>> query) {
        return DocumentSearch.parse(query, SETTINGS, URLS, types);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource({
            "patient.identifier, urn:oid:1.2.3.4|00123, 00123",
            "patient.identifier, 00123, 00123",
            "patient.identifier, |00123, 00123",
            "patient.identifier, urn:oid:9.9.9|00123, ",
            "patient, Patient/00123, 00123",
            "patient, 00123, 00123",
            "patient, https://archive.example.org/fhir/Patient/00123, 00123",
            "subject, Patient/x.4d524e2031, MRN 1",
    })
    void thePatientIsNamedByIdentifierOrReference(String parameter, String value, String mrn) {
        assertEquals(mrn, parse(Map.of(parameter, List.of(value))).mrn());
    }

    @Test
    void aSearchWithoutPatientIsRefused() {
        FhirException e = assertThrows(FhirException.class, () -> parse(Map.of("type", List.of("18842-5"))));
        assertEquals(400, e.status());
        assertThrows(FhirException.class, () -> parse(Map.of("patient", List.of("https://elsewhere.org/fhir/Patient/1"))));
        assertThrows(FhirException.class, () -> parse(Map.of("patient.identifier", List.of("urn:oid:1.2.3.4|"))));
    }

    @Test
    void typesAreLoincCodesOrNamesAndRepeatedTypeParametersNarrow() {
        assertEquals(Set.of("18842-5", "11504-8"), parse(Map.of("patient", List.of("1"),
                "type", List.of("http://loinc.org|18842-5,Operative report"))).loincs());
        assertEquals(Set.of("18842-5"), parse(Map.of("patient", List.of("1"), "type", List.of("discharge note"))).loincs());
        assertEquals(Set.of(), parse(Map.of("patient", List.of("1"), "type", List.of("http://snomed.info/sct|18842-5"))).loincs());
        assertEquals(Set.of("11504-8"), parse(Map.of("patient", List.of("1"),
                "type", List.of("18842-5,11504-8", "11504-8"))).loincs());
        assertNull(parse(Map.of("patient", List.of("1"))).loincs());
    }

    @Test
    void pageSizeIsLoweredToTheMaximumAndBadNumbersRefused() {
        assertEquals(100, parse(Map.of("patient", List.of("1"), "_count", List.of("5000"))).count());
        assertEquals(20, parse(Map.of("patient", List.of("1"))).count());
        assertThrows(FhirException.class, () -> parse(Map.of("patient", List.of("1"), "_count", List.of("-1"))));
        assertThrows(FhirException.class, () -> parse(Map.of("patient", List.of("1"), "_offset", List.of("x"))));
        assertThrows(FhirException.class, () -> parse(Map.of("patient", List.of("1"), "status", List.of("final"))));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "2020, 2020-12-31, true",
            "2020, 2021-01-01, false",
            "ge2020-03, 2020-03-01, true",
            "ge2020-03, 2020-02-29, false",
            "gt2020-03, 2020-03-31, false",
            "gt2020-03, 2020-04-01, true",
            "le2020-03-15, 2020-03-15, true",
            "lt2020-03-15, 2020-03-15, false",
            "eq2020-03-15, 2020-03-15, true",
            // 03:30 UTC on the 16th is still the 15th in Chicago
            "2020-03-16T03:30:00Z, 2020-03-15, true",
    })
    void dateBoundsCompareDaysAtTheirPrecision(String bound, String day, boolean matches) {
        assertEquals(matches, DateBound.parse(bound, SETTINGS.zone()).matches(LocalDate.parse(day)));
    }

    @ParameterizedTest
    @CsvSource({"ne2020-01-01", "2020-13", "yesterday", "2020-01-01T10:00"})
    void unsupportedDatesAreRefused(String bound) {
        assertThrows(FhirException.class, () -> DateBound.parse(bound, SETTINGS.zone()));
    }

    @Test
    void chartVaultIdsBecomeValidFhirIdsAndBack() {
        String documentId = org.chartvault.Ids.next("doc");
        String fhirId = FhirIds.ofDocument(documentId);
        assertTrue(fhirId.matches("[A-Za-z0-9\\-.]{1,64}"), fhirId);
        assertEquals(documentId, FhirIds.documentOf(fhirId).orElseThrow());
        assertEquals(documentId, FhirIds.documentOf(FhirIds.ofSearchablePdf(documentId).replace(FhirIds.PDF_SUFFIX, "")).orElseThrow());
        assertTrue(FhirIds.documentOf("doc-../../etc").isEmpty());
        assertEquals("00123", FhirIds.ofPatient("00123").orElseThrow());
        String odd = "MRN 1/ä";
        assertEquals(odd, FhirIds.mrnOf(FhirIds.ofPatient(odd).orElseThrow()).orElseThrow());
        assertTrue(FhirIds.ofPatient("x".repeat(40) + " ").isEmpty());
    }
}
