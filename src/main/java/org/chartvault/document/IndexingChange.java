package org.chartvault.document;

import java.util.EnumSet;
import java.util.Set;

/**
 * A correction of a document's indexing values as a reviewer sends it: only the {@code fields} named are
 * changed, each to its value in {@code values} (null clears it); the others stay as they are.
 */
public record IndexingChange(Indexing values, Set<Field> fields) {

    public enum Field {
        MRN("mrn"), PATIENT_NAME("patientName"), BIRTH_DATE("birthDate"), DOCUMENT_TYPE("documentType"),
        SERVICE_DATE("serviceDate"), ENCOUNTER("encounter");

        private final String wire;

        Field(String wire) {
            this.wire = wire;
        }

        /** The name of the field in the API and the document JSON. */
        public String wire() {
            return wire;
        }
    }

    public IndexingChange {
        fields = fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
    }

    /**
     * This change filing the document under {@code mrn}, a registered patient's, with the registry's
     * {@code patientName} and {@code birthDate} (null: the registry does not know it, and an earlier value is cleared)
     * where the change does not name them itself: a typed MRN brings its patient along, so the document is found by
     * the patient's name and never keeps another patient's name or birth date.
     */
    public IndexingChange filedUnder(String mrn, String patientName, java.time.LocalDate birthDate) {
        Set<Field> named = EnumSet.noneOf(Field.class);
        named.addAll(fields);
        named.add(Field.MRN);
        boolean keepName = fields.contains(Field.PATIENT_NAME), keepBirth = fields.contains(Field.BIRTH_DATE);
        named.add(Field.PATIENT_NAME);
        named.add(Field.BIRTH_DATE);
        return new IndexingChange(new Indexing(mrn, keepName ? values.patientName() : patientName,
                keepBirth ? values.birthDate() : birthDate, values.documentType(), values.serviceDate(), values.encounter()),
                named);
    }

    public Indexing applyTo(Indexing current) {
        return new Indexing(
                fields.contains(Field.MRN) ? values.mrn() : current.mrn(),
                fields.contains(Field.PATIENT_NAME) ? values.patientName() : current.patientName(),
                fields.contains(Field.BIRTH_DATE) ? values.birthDate() : current.birthDate(),
                fields.contains(Field.DOCUMENT_TYPE) ? values.documentType() : current.documentType(),
                fields.contains(Field.SERVICE_DATE) ? values.serviceDate() : current.serviceDate(),
                fields.contains(Field.ENCOUNTER) ? values.encounter() : current.encounter());
    }
}
