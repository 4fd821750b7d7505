/**
 * The archive's FHIR R4 face, following IHE MHD: a clinician's EHR finds and opens a patient's scanned charts, and
 * other systems file documents, without a second archive. Everything is built on HAPI FHIR's R4 model and parser.
 *
 * <ul>
 *   <li>{@code GET /fhir/metadata}: the CapabilityStatement ({@link org.chartvault.fhir.CapabilityStatements}).</li>
 *   <li>{@code GET /fhir/Patient?identifier=}, {@code GET /fhir/Patient/{id}} ({@link org.chartvault.fhir.Patients}).</li>
 *   <li>ITI-67 {@code GET /fhir/DocumentReference?patient.identifier=&status=&type=&date=&_count=} and
 *       {@code GET /fhir/DocumentReference/{id}}; ITI-68 {@code GET /fhir/Binary/{id}}
 *       ({@link org.chartvault.fhir.DocumentReferences}).</li>
 *   <li>ITI-65 {@code POST /fhir} with a transaction Bundle ({@link org.chartvault.fhir.DocumentSubmissions}); the
 *       SubmissionSet filed is readable at {@code GET /fhir/List/{id}} ({@link org.chartvault.fhir.SubmissionSets}).</li>
 * </ul>
 *
 * Three seams connect it to the rest of the archive, wired in App: {@link org.chartvault.fhir.PatientDirectory}
 * (the patient registry, falling back to patients as the archive's documents know them when the hospital keeps no
 * registry here), {@link org.chartvault.fhir.DocumentTypeCodes} (capture's admin-editable document-type catalog) and
 * {@link org.chartvault.fhir.DocumentAccessPolicy} (which documents a caller may see: the archive's one access rule,
 * with the protected categories' reader lists).
 */
package org.chartvault.fhir;
