package org.chartvault.fhir;

import java.io.IOException;
import java.util.Optional;

/**
 * The patients the FHIR face can name: {@code Patient} reads and searches, and the check that a submitted
 * document belongs to a known patient. Today {@link IndexedPatientDirectory} answers from the archive's own
 * documents; once the patient registry is on main it answers instead, through a lambda over
 * {@code PatientRegistry.current(mrn)}.
 */
@FunctionalInterface
public interface PatientDirectory {

    /** The patient with this MRN, if ChartVault knows them. */
    Optional<PatientRecord> byMrn(String mrn) throws IOException;
}
