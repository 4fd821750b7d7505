package org.chartvault.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code Patient} reads and searches by identifier, from the {@link PatientDirectory}. */
public final class Patients {
    private final PatientDirectory directory;
    private final DocumentReferenceMapper mapper;
    private final FhirSettings settings;

    Patients(PatientDirectory directory, DocumentReferenceMapper mapper, FhirSettings settings) {
        this.directory = directory;
        this.mapper = mapper;
        this.settings = settings;
    }

    public Patient read(String patientId) throws IOException {
        Optional<PatientRecord> found = FhirIds.mrnOf(patientId).isEmpty() ? Optional.empty()
                : directory.byMrn(FhirIds.mrnOf(patientId).get());
        if (found.isEmpty() || FhirIds.ofPatient(found.get().mrn()).isEmpty()) {
            throw new FhirException(404, IssueType.NOTFOUND, "There is no Patient/" + FhirJson.clip(patientId) + ".");
        }
        return toFhir(found.get());
    }

    /** {@code identifier=system|MRN} (or the bare MRN), or {@code _id}: a searchset of zero or one patient. */
    public SearchResult search(Map<String, List<String>> query, FhirUrls urls) throws IOException {
        List<String> identifiers = query.getOrDefault("identifier", List.of());
        List<String> ids = query.getOrDefault("_id", List.of());
        if (identifiers.size() + ids.size() != 1) {
            throw FhirException.badRequest("Search patients by one identifier=system|MRN (the bare MRN is accepted) or by _id.");
        }
        String mrn;
        String parameter;
        String value;
        if (!identifiers.isEmpty()) {
            parameter = "identifier";
            value = identifiers.get(0).strip();
            if (value.contains(",")) throw FhirException.badRequest("Search one patient at a time.");
            mrn = DocumentSearch.mrnOfIdentifier(value, settings);
        } else {
            parameter = "_id";
            value = ids.get(0).strip();
            mrn = FhirIds.mrnOf(value).orElse(null);
        }
        Optional<PatientRecord> found = mrn == null ? Optional.empty() : directory.byMrn(mrn);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.addLink().setRelation("self").setUrl(urls.search("Patient", List.of(Map.entry(parameter, value))));
        if (found.isPresent() && FhirIds.ofPatient(found.get().mrn()).isPresent()) {
            Patient patient = toFhir(found.get());
            bundle.addEntry().setFullUrl(urls.resource("Patient", patient.getIdPart())).setResource(patient)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        bundle.setTotal(bundle.getEntry().size());
        return new SearchResult(bundle, mrn);
    }

    public record SearchResult(Bundle bundle, String mrn) {
    }

    Patient toFhir(PatientRecord record) {
        Patient patient = new Patient();
        patient.setId(FhirIds.ofPatient(record.mrn()).orElseThrow());
        patient.addIdentifier(mapper.mrnIdentifier(record.mrn()));
        patient.setActive(true);
        if (record.familyName() != null || !record.givenNames().isEmpty()) {
            HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL);
            if (record.familyName() != null) name.setFamily(record.familyName());
            record.givenNames().forEach(name::addGiven);
        }
        if (record.birthDate() != null) patient.setBirthDateElement(new DateType(record.birthDate().toString()));
        if (record.gender() != null) patient.setGender(AdministrativeGender.fromCode(record.gender()));
        return Narratives.summarise(patient, patient.hasName() ? patient.getNameFirstRep().getNameAsSingleString() : null,
                "MRN " + record.mrn(), record.birthDate() == null ? null : "born " + record.birthDate());
    }
}
