package org.chartvault.fhir;

import org.chartvault.patient.Patient;
import org.chartvault.patient.PatientRegistry;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Patients as FHIR shows them: from the registry when ChartVault keeps one (the registration system's
 * demographics), else from what the documents filed under the MRN say (a hospital that keeps no registry here).
 */
public final class RegistryPatientDirectory implements PatientDirectory {
    private final PatientRegistry registry;
    private final PatientDirectory fromDocuments;

    public RegistryPatientDirectory(PatientRegistry registry, PatientDirectory fromDocuments) {
        this.registry = registry;
        this.fromDocuments = fromDocuments;
    }

    @Override
    public Optional<PatientRecord> byMrn(String mrn) throws IOException {
        Optional<Patient> known = registry.current(mrn);
        if (known.isEmpty()) return fromDocuments.byMrn(mrn);
        Patient p = known.get();
        return Optional.of(new PatientRecord(p.mrn(), p.familyName(), p.givenNames(), p.birthDate(),
                p.sex().name().toLowerCase(Locale.ROOT)));
    }
}
