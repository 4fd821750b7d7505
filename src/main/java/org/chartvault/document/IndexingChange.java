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
