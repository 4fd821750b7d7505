package org.chartvault.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A patient as the hospital's registration system (the master patient index) knows them.
 * Stored as {@code patients/<mrn>.json}.
 *
 * @param mrn         medical record number, as registration prints it (leading zeros kept)
 * @param familyName  last name
 * @param givenNames  first name, then middle names or initials; may be empty
 * @param birthDate   may be unknown (null)
 * @param status      active, or merged into {@code mergedInto}
 * @param mergedInto  the surviving MRN of a merged record; null while active
 * @param source      what last changed the record ("csv import", "HL7 ADT^A08 MSG00042")
 */
public record Patient(String mrn, String familyName, List<String> givenNames, LocalDate birthDate, Sex sex,
                      PatientStatus status, String mergedInto, String source, Instant updatedAt) {

    /** MRNs are letters, digits and hyphens: they are storage keys and barcode values. */
    public static final String MRN_PATTERN = "[A-Za-z0-9-]{1,20}";

    public Patient {
        if (mrn == null || !mrn.matches(MRN_PATTERN)) {
            throw new IllegalArgumentException("An MRN is 1-20 letters, digits or hyphens, not '" + mrn + "'.");
        }
        if (familyName == null || familyName.isBlank()) {
            throw new IllegalArgumentException("Patient " + mrn + " needs a family name.");
        }
        familyName = familyName.strip();
        givenNames = givenNames == null ? List.of()
                : givenNames.stream().filter(g -> g != null && !g.isBlank()).map(String::strip).toList();
        sex = sex == null ? Sex.UNKNOWN : sex;
        status = status == null ? PatientStatus.ACTIVE : status;
        if ((status == PatientStatus.MERGED) != (mergedInto != null)) {
            throw new IllegalArgumentException("A merged patient names the MRN it was merged into, and only a merged one does.");
        }
        if (mrn.equals(mergedInto)) throw new IllegalArgumentException("Patient " + mrn + " cannot be merged into itself.");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new active patient. */
    public static Patient active(String mrn, String familyName, List<String> givenNames, LocalDate birthDate, Sex sex,
                                 String source, Instant at) {
        return new Patient(mrn, familyName, givenNames, birthDate, sex, PatientStatus.ACTIVE, null, source, at);
    }

    public boolean isActive() {
        return status == PatientStatus.ACTIVE;
    }

    public PersonName name() {
        return new PersonName(familyName, givenNames);
    }

    /** "FAMILY, GIVEN MIDDLE" as charts print it. */
    public String displayName() {
        return name().display();
    }

    /** The same demographics (ignoring who changed them when). */
    public boolean sameAs(Patient other) {
        return mrn.equals(other.mrn) && familyName.equals(other.familyName) && givenNames.equals(other.givenNames)
                && Objects.equals(birthDate, other.birthDate) && sex == other.sex && status == other.status
                && Objects.equals(mergedInto, other.mergedInto);
    }

    Patient mergedInto(String survivingMrn, String newSource, Instant at) {
        return new Patient(mrn, familyName, givenNames, birthDate, sex, PatientStatus.MERGED, survivingMrn, newSource, at);
    }
}
