package org.chartvault.patient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvImportTest {

    @TempDir
    Path dir;

    @Test
    void goodRowsAreImportedAndBadRowsRefusedWithTheirLineAndReason() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        String csv = """
                \uFEFFmrn,last_name,first_name,birth_date,sex,ward
                00573910,Wojciechowski,Margaret,1960-01-05,F,4 West
                00573911,"O'Donnell, Jr.",Grace Anne,1971-12-31,female,
                00573912,Haddad,Yusuf,05/06/1990,M,
                00573913,,Ann,1990-01-01,F,
                00573914,Novak,Ivana,1990-01-01,X,
                ABC 12,Novak,Ivana,1990-01-01,F,
                00573910,Duplicate,Row,1960-01-05,F,
                00573915,Future,Born,2030-01-01,U,
                00573916,Short,Row
                00573917,Larkin,,1950-05-05,U,

                """;

        CsvImport.Report report = new CsvImport(registry).importCsv(new StringReader(csv), "csv import");

        assertEquals(3, report.created());
        assertEquals(List.of(
                new CsvImport.RefusedRow(4, "00573912", "birth date '05/06/1990' is not a date written YYYY-MM-DD"),
                new CsvImport.RefusedRow(5, "00573913", "has no last name"),
                new CsvImport.RefusedRow(6, "00573914", "sex 'X' is not F, M, O or U"),
                new CsvImport.RefusedRow(7, "ABC 12", "MRN 'ABC 12' is not 1-20 letters, digits or hyphens"),
                new CsvImport.RefusedRow(8, "00573910", "MRN 00573910 appears more than once in the file"),
                new CsvImport.RefusedRow(9, "00573915", "birth date 2030-01-01 is in the future"),
                new CsvImport.RefusedRow(10, "00573916", "has 3 fields; the header has 6")), report.refused());
        Patient grace = registry.find("00573911").orElseThrow();
        assertEquals("O'Donnell, Jr.", grace.familyName());
        assertEquals(List.of("Grace", "Anne"), grace.givenNames());
        assertEquals(Sex.FEMALE, grace.sex());
        assertEquals(List.of(), registry.find("00573917").orElseThrow().givenNames());
    }

    @Test
    void importingAgainUpdatesChangedPatientsOnly() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        CsvImport importer = new CsvImport(registry);
        importer.importCsv(new StringReader("sex,birth_date,first_name,last_name,mrn\nF,1960-01-05,Margaret,Larkin,1\nM,1961-01-05,Tom,Larkin,2\n"), "first");

        CsvImport.Report again = importer.importCsv(new StringReader(
                "mrn,last_name,first_name,birth_date,sex\n1,Larkin,Margaret,1960-01-05,F\n2,Larkin,Thomas,1961-01-05,M\n"), "second");

        assertEquals(0, again.created());
        assertEquals(1, again.updated());
        assertEquals(1, again.unchanged());
        assertEquals(List.of("Thomas"), registry.find("2").orElseThrow().givenNames());
        assertEquals(LocalDate.of(1960, 1, 5), registry.find("1").orElseThrow().birthDate());
    }

    @Test
    void aRowForAMergedMrnIsRefused() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        registry.save(PatientFixture.patient("2", "Larkin", "Nora", "1950-05-05", Sex.FEMALE));
        registry.merge("1", "2", "test");

        CsvImport.Report report = new CsvImport(registry).importCsv(new StringReader(
                "mrn,last_name,first_name,birth_date,sex\n1,Larkin,Nora,1950-05-05,F\n"), "csv");

        assertEquals(1, report.refused().size());
        assertTrue(report.refused().get(0).reason().contains("was merged into 2"), report.refused().toString());
    }

    @Test
    void aFileWithoutTheRequiredColumnsIsRefusedAsAWhole() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CsvImport(PatientFixture.registry(dir))
                .importCsv(new StringReader("mrn,surname,first_name,dob,sex\n1,A,B,1990-01-01,F\n"), "csv"));
        assertTrue(e.getMessage().contains("missing: last_name, birth_date"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CsvImport(PatientFixture.registry(dir)).importCsv(new StringReader(""), "csv"));
        assertThrows(IOException.class, () -> new CsvImport(PatientFixture.registry(dir))
                .importCsv(new StringReader("mrn,last_name,first_name,birth_date,sex\n1,\"Larkin,Nora,1950-05-05,F\n"), "csv"));
    }
}
