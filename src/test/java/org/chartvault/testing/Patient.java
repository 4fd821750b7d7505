package org.chartvault.testing;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * A fictional patient whose chart the {@link ChartGenerator} prints. Names are kept in mixed case;
 * charts print them as {@link #printedName()}, which is also what {@code Indexing.patientName} carries.
 *
 * @param mrn medical record number, 8 digits (leading zeros are kept, as hospitals print them)
 */
public record Patient(String lastName, String firstName, Sex sex, String mrn, LocalDate birthDate) {

    public enum Sex { FEMALE, MALE }

    public Patient {
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(birthDate, "birthDate");
        if (mrn == null || !mrn.matches("\\d{8}")) throw new IllegalArgumentException("an MRN has 8 digits, not " + mrn);
    }

    /** "LAST, FIRST", the way the chart's patient line shows it. */
    public String printedName() {
        return (lastName + ", " + firstName).toUpperCase(Locale.ROOT);
    }
}
