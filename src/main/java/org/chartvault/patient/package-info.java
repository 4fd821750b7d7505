/**
 * The patient registry: who the hospital's patients are, as its registration system says.
 * <ul>
 *   <li>{@link org.chartvault.patient.PatientRegistry} keeps {@link org.chartvault.patient.Patient} records in the
 *       object store ({@code patients/<mrn>.json}) and finds them by MRN, or by name and birth date;</li>
 *   <li>{@link org.chartvault.patient.CsvImport} loads a registration export, refusing bad rows with reasons;</li>
 *   <li>{@link org.chartvault.patient.AdtReceiver} applies HL7 v2 ADT messages (A04, A08, A40 merge) and answers
 *       each with an ACK; a merge calls the {@link org.chartvault.patient.MergeListener}, where the pipeline moves
 *       and audits the retired MRN's documents;</li>
 *   <li>{@link org.chartvault.capture.RegistryCheck} tells capture whether what a page says agrees with the
 *       registry, using {@link org.chartvault.patient.PersonName}'s clerk-like name comparison.</li>
 * </ul>
 */
package org.chartvault.patient;
