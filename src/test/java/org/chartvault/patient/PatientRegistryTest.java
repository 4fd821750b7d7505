package org.chartvault.patient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.chartvault.patient.PatientFixture.patient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatientRegistryTest {

    @TempDir
    Path dir;

    @Test
    void aSavedPatientIsReadBackFromStorage() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        Patient saved = registry.save(patient("00573910", "O'Donnell", "Grace A", "1960-01-05", Sex.FEMALE));

        PatientRegistry reopened = PatientFixture.registry(dir);
        Patient read = reopened.find("00573910").orElseThrow();

        assertEquals(saved, read);
        assertEquals(List.of("Grace", "A"), read.givenNames());
        assertEquals("O'DONNELL, GRACE A", read.displayName());
        assertEquals(List.of("00573910"), reopened.mrns());
        assertTrue(reopened.find("99999999").isEmpty());
        assertTrue(reopened.find("../etc/passwd").isEmpty());
    }

    @Test
    void patientsAreFoundByNameAndBirthDateInAnyWriting() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(patient("00573910", "Wojciechowski", "Margaret", "1960-01-05", Sex.FEMALE));
        registry.save(patient("00573911", "Whitcombe", "Arthur", "1960-01-05", Sex.MALE));
        registry.save(patient("00573912", "Wojciechowski", "Margaret", "1961-01-05", Sex.FEMALE));

        for (String written : List.of("WOJCIECHOWSKI, MARGARET", "Margaret Wojciechowski", "wojciechowski, m.", "WOJCIECHOWSKl, MARGARET")) {
            assertEquals(List.of("00573910"), registry.findByNameAndBirthDate(written, LocalDate.of(1960, 1, 5))
                    .stream().map(Patient::mrn).toList(), written);
        }
        assertTrue(registry.findByNameAndBirthDate("SMITH, JOHN", LocalDate.of(1960, 1, 5)).isEmpty());
    }

    @Test
    void aCorrectedBirthDateMovesThePatientInTheBirthDateLookup() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(patient("1234567", "Novak", "Ivana", "1970-02-03", Sex.FEMALE));
        registry.save(patient("1234567", "Novak", "Ivana", "1970-03-02", Sex.FEMALE));

        assertTrue(registry.bornOn(LocalDate.of(1970, 2, 3)).isEmpty());
        assertEquals(1, registry.bornOn(LocalDate.of(1970, 3, 2)).size());
    }

    @Test
    void aMergeRetiresThePriorRecordAndLookupsFollowIt() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(patient("1000001", "Larkin", "Nora", "1950-05-05", Sex.FEMALE));
        registry.save(patient("1000002", "Larkin", "Nora", "1950-05-05", Sex.FEMALE));
        registry.save(patient("1000003", "Larkin", "Nora", "1950-05-05", Sex.FEMALE));

        assertEquals(PatientRegistry.MergeOutcome.MERGED, registry.merge("1000001", "1000002", "test"));
        assertEquals(PatientRegistry.MergeOutcome.ALREADY_MERGED, registry.merge("1000001", "1000002", "test"));
        assertEquals(PatientRegistry.MergeOutcome.MERGED, registry.merge("1000002", "1000003", "test"));

        Patient retired = registry.find("1000001").orElseThrow();
        assertFalse(retired.isActive());
        assertEquals("1000002", retired.mergedInto());
        assertEquals("1000003", registry.current("1000001").orElseThrow().mrn());
        assertEquals(List.of("1000003"), registry.findByNameAndBirthDate("Nora Larkin", LocalDate.of(1950, 5, 5))
                .stream().map(Patient::mrn).toList());
    }

    @Test
    void mergesThatCannotBeAreRefusedWithAReason() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(patient("1000001", "Larkin", "Nora", "1950-05-05", Sex.FEMALE));
        registry.save(patient("1000002", "Larkin", "Nora", "1950-05-05", Sex.FEMALE));
        registry.save(patient("1000003", "Larkin", "Nora", "1950-05-05", Sex.FEMALE));
        registry.merge("1000001", "1000002", "test");

        assertThrows(IllegalArgumentException.class, () -> registry.merge("1000002", "1000002", "test"));
        assertTrue(assertThrows(IllegalStateException.class, () -> registry.merge("1000003", "1000001", "test"))
                .getMessage().contains("was itself merged into 1000002"));
        assertTrue(assertThrows(IllegalStateException.class, () -> registry.merge("1000001", "1000003", "test"))
                .getMessage().contains("already merged into 1000002"));
        assertTrue(assertThrows(IllegalStateException.class, () -> registry.merge("1000003", "7777777", "test"))
                .getMessage().contains("not registered"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> registry.save(patient("1000001", "Larkin", "Nora", "1950-05-05", Sex.FEMALE)))
                .getMessage().contains("was merged into 1000002"));
    }

    @Test
    void aPriorMrnTheRegistryNeverKnewIsRecordedAsMerged() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(patient("2000002", "Haddad", "Yusuf", "1988-11-30", Sex.MALE));

        registry.merge("2000001", "2000002", "test");

        Patient stub = registry.find("2000001").orElseThrow();
        assertEquals("2000002", stub.mergedInto());
        assertEquals("Haddad", stub.familyName());
        assertEquals("2000002", registry.current("2000001").orElseThrow().mrn());
    }

    @Test
    void recordsAreCheckedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> patient("12 34", "A", "B", "1990-01-01", Sex.MALE));
        assertThrows(IllegalArgumentException.class, () -> patient("1234", " ", "B", "1990-01-01", Sex.MALE));
        assertThrows(IllegalArgumentException.class, () -> new Patient("1234", "A", List.of(), null, Sex.MALE,
                PatientStatus.MERGED, null, "t", PatientFixture.CLOCK.instant()));
    }
}
