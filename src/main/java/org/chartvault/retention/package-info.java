/**
 * Retention and destruction.
 * <p>
 * The schedule ({@link org.chartvault.retention.RetentionRules}, stored as {@code retention/rules.json}, replaced by
 * administrators) has a rule per document type and a default: N years after the date of service, and for a patient
 * who was a minor at the date of service, until the age of majority plus M years if that is later (an unknown birth
 * date counts as born on the date of service, so it never shortens retention). A purge run
 * ({@link org.chartvault.retention.RetentionService#run}) judges every document as of a date, skips the ones under a
 * legal hold, still being processed or without a date of service (each listed with the reason), and, unless it is a
 * dry run, deletes the eligible ones through {@code DocumentService.delete} (storage and index) and writes a
 * {@link org.chartvault.retention.DestructionCertificate} as JSON and PDF under {@code retention/certificates/},
 * kept under the store's legal hold. Runs are kept under {@code retention/runs/}. An automatic purge
 * ({@link org.chartvault.retention.RetentionScheduler}) is off until an administrator turns it on in the schedule.
 */
package org.chartvault.retention;
