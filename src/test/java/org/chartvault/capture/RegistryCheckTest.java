package org.chartvault.capture;

import org.chartvault.capture.RegistryCheck.Agreement;
import org.chartvault.patient.PatientFixture;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.patient.Sex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.chartvault.patient.PatientFixture.patient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryCheckTest {

    @TempDir
    Path dir;

    private PatientRegistry registry;
    private RegistryCheck check;

    @BeforeEach
    void registry() throws IOException {
        registry = PatientFixture.registry(dir);
        registry.save(patient("00573910", "Wojciechowski", "Margaret A", "1960-01-05", Sex.FEMALE));
        registry.save(patient("00440001", "Haddad", "Yusuf", "1988-11-30", Sex.MALE));
        registry.save(patient("00440002", "Haddad", "Yusuf", "1988-11-30", Sex.MALE));
        registry.merge("00440001", "00440002", "test");
        check = new RegistryCheck(registry);
    }

    @Test
    void whatThePageSaysIsComparedWithTheRegistry() throws IOException {
        record Case(String mrn, String name, LocalDate born, Agreement expected, String reason) {
        }
        LocalDate born = LocalDate.of(1960, 1, 5);
        for (Case c : new Case[] {
                new Case("00573910", "WOJCIECHOWSKI, MARGARET", born, Agreement.AGREES, null),
                new Case("00573910", "Margaret A. Wojciechowski", null, Agreement.AGREES, null),
                new Case("00573910", "WOJCIECHOWSKl, MARGARET", born, Agreement.AGREES, "nearly matches"),
                new Case("00573910", null, LocalDate.of(1960, 5, 1), Agreement.AGREES, "day and month swapped"),
                new Case("00573910", null, null, Agreement.MRN_ONLY, null),
                new Case("00573910", "HADDAD, YUSUF", born, Agreement.CONTRADICTS, "is not the registry's WOJCIECHOWSKI, MARGARET A"),
                new Case("00573910", "WOJCIECHOWSKI, MARGARET", LocalDate.of(1961, 1, 5), Agreement.CONTRADICTS, "birth date on the document, 1961-01-05"),
                new Case("12345678", "WOJCIECHOWSKI, MARGARET", born, Agreement.UNKNOWN_MRN, "not in the patient registry")}) {
            RegistryCheck.Verdict v = check.check(c.mrn(), c.name(), c.born());
            assertEquals(c.expected(), v.agreement(), c.toString() + " " + v.reasons());
            if (c.reason() == null) {
                assertTrue(v.reasons().isEmpty(), v.reasons().toString());
            } else {
                assertTrue(v.reasons().stream().anyMatch(r -> r.contains(c.reason())), v.reasons().toString());
            }
            assertEquals(c.expected() == Agreement.CONTRADICTS || c.expected() == Agreement.UNKNOWN_MRN, v.needsReview());
        }
    }

    @Test
    void aRetiredMrnPointsToTheSurvivingPatient() throws IOException {
        RegistryCheck.Verdict v = check.check("00440001", "HADDAD, YUSUF", LocalDate.of(1988, 11, 30));

        assertEquals(Agreement.AGREES, v.agreement());
        assertEquals("00440002", v.survivingMrn().orElseThrow());
        assertTrue(v.reasons().contains("MRN 00440001 was merged into 00440002."));
    }

    @Test
    void ofTwoMrnsOnAPageTheRegistryPicksTheOneThatBelongsToTheName() throws IOException {
        TextIndexer indexer = new TextIndexer(DocumentTypes.standard(), PatientFixture.CLOCK);
        TextFindings found = indexer.index("""
                PROGRESS NOTE
                Patient: WOJCIECHOWSKI, MARGARET    MRN: 00573910    DOB: 01/05/1960
                Seen with her husband, MRN: 77777777, who is not registered here.
                """);
        assertTrue(found.mrn().isAmbiguous());

        Finding<String> confirmed = check.confirm(found.mrn(), found.indexing(0.6).patientName(), found.indexing(0.6).birthDate()).orElseThrow();

        assertEquals("00573910", confirmed.value());
        assertEquals(Source.REGISTRY, confirmed.source());
        assertTrue(confirmed.confidence() >= 0.9);
        assertTrue(confirmed.evidence().startsWith("registry: WOJCIECHOWSKI, MARGARET A born 1960-01-05 agrees"), confirmed.evidence());
    }

    @Test
    void theRegistryDoesNotChooseWhenBothMrnsFitOrNeither() throws IOException {
        Candidates<String> both = Candidates.of(List.of(
                new Finding<>("00440002", Source.TEXT, 0.9, "a"), new Finding<>("00573910", Source.TEXT, 0.9, "b")), v -> v);
        assertTrue(check.confirm(both, null, null).isEmpty());
        Candidates<String> neither = Candidates.of(List.of(
                new Finding<>("1111111", Source.TEXT, 0.9, "a"), new Finding<>("2222222", Source.TEXT, 0.9, "b")), v -> v);
        assertTrue(check.confirm(neither, null, null).isEmpty());
    }

    @Test
    void aNameAndBirthDateWithoutMrnSuggestTheOnlyMatchingPatient() throws IOException {
        Finding<String> suggested = check.suggest("Margaret Wojciechowski", LocalDate.of(1960, 1, 5)).orElseThrow();

        assertEquals("00573910", suggested.value());
        assertEquals(Source.REGISTRY, suggested.source());
        assertTrue(suggested.confidence() < 0.9, "a person should still confirm it");
        assertTrue(check.suggest("Margaret Wojciechowski", LocalDate.of(1970, 1, 5)).isEmpty());
        assertTrue(check.suggest("Margaret Wojciechowski", null).isEmpty());
        assertFalse(check.suggest("YUSUF HADDAD", LocalDate.of(1988, 11, 30)).isEmpty(), "the merged record is not offered, the survivor is");
        assertEquals("00440002", check.suggest("YUSUF HADDAD", LocalDate.of(1988, 11, 30)).orElseThrow().value());
    }
}
