/**
 * Retention and destruction.
 * <p>
 * The schedule ({@link org.chartvault.retention.RetentionRules}, stored as {@code retention/rules.json}, replaced by
 * administrators) has a rule per document type and a default: N years after the date of service or, where the rule
 * says so, after the patient's most recent encounter or discharge (the latest date of service of the patient's
 * documents); for a patient who was a minor at the date of service, until the age of majority plus M years if that is
 * later (an unknown birth date counts as born on the date of service, so it never shortens retention); or permanent.
 * <p>
 * Destruction takes three steps ({@link org.chartvault.retention.RetentionService}): a dry run judges every document
 * as of a date and records a destruction list (what is eligible; what is kept, held, still processing or undated, with
 * the reason); a person approves the list; a purge carries out an approved list, destroying through
 * {@code DocumentService.delete} (storage and index) only what on it is still eligible, and writes a
 * {@link org.chartvault.retention.DestructionCertificate} as JSON and PDF under {@code retention/certificates/}, kept
 * under the store's legal hold, that names approver, destroyer, witness and method, and says what was not destroyed
 * (shared source scans, copies already released: {@link org.chartvault.retention.CopiesOutside}). Runs are kept under
 * {@code retention/runs/}. The automatic purge ({@link org.chartvault.retention.RetentionScheduler}) is off until an
 * administrator turns it on, and then only makes lists awaiting approval.
 */
package org.chartvault.retention;
