package org.chartvault.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A patient as the FHIR face shows them: the MRN and the demographics ChartVault knows.
 *
 * @param familyName  may be null when only the MRN is known
 * @param givenNames  first name, then middle names; may be empty
 * @param birthDate   may be null
 * @param gender      FHIR administrative gender (male, female, other, unknown), or null when not known
 */
public record PatientRecord(String mrn, String familyName, List<String> givenNames, LocalDate birthDate, String gender) {

    public PatientRecord {
        Objects.requireNonNull(mrn, "mrn");
        familyName = familyName == null || familyName.isBlank() ? null : familyName.strip();
        givenNames = givenNames == null ? List.of() : List.copyOf(givenNames);
        if (gender != null && !List.of("male", "female", "other", "unknown").contains(gender)) {
            throw new IllegalArgumentException("'" + gender + "' is not a FHIR administrative gender");
        }
    }

    /**
     * A patient known only from a name as a document carries it: "LAST, FIRST MIDDLE" (family name first, as
     * charts print it) or "First Middle Last".
     */
    public static PatientRecord fromPrintedName(String mrn, String printedName, LocalDate birthDate) {
        if (printedName == null || printedName.isBlank()) return new PatientRecord(mrn, null, List.of(), birthDate, null);
        String name = printedName.strip().replaceAll("\\s+", " ");
        int comma = name.indexOf(',');
        if (comma >= 0) {
            String family = name.substring(0, comma).strip();
            List<String> given = words(name.substring(comma + 1));
            return new PatientRecord(mrn, family.isEmpty() ? null : family, given, birthDate, null);
        }
        List<String> words = words(name);
        return new PatientRecord(mrn, words.getLast(), words.subList(0, words.size() - 1), birthDate, null);
    }

    private static List<String> words(String text) {
        return new ArrayList<>(Arrays.stream(text.strip().split(" ")).filter(w -> !w.isBlank()).toList());
    }
}
