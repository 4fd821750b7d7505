/**
 * The audit trail: {@link org.chartvault.audit.AuditLog#append} records one
 * {@link org.chartvault.audit.AuditEvent} as a numbered, hash-chained entry in the object store, sealed with the
 * newest {@link org.chartvault.audit.AuditKeys audit key} (HMAC-SHA256; the key never lives in the store);
 * {@link org.chartvault.audit.AuditLog#checkpoint} anchors it with a sealed {@link org.chartvault.audit.Checkpoint};
 * {@link org.chartvault.audit.AuditLog#verify()} checks all of it; {@link org.chartvault.audit.AuditLog#query}
 * and {@link org.chartvault.audit.AuditLog#exportCsv} serve the audit screen ({@code GET /api/audit},
 * {@code GET /api/audit/verify}, {@code GET|POST /api/audit/checkpoints}). The action names in use are listed in
 * {@link org.chartvault.audit.AuditActions}.
 *
 * <p>Audit before you answer: when {@code append} fails, refuse the request (a view that cannot be recorded
 * must not happen). Record document views, page views and downloads with {@code Target.document(id)} and the
 * page number in the details, so that filtering by document finds them.
 *
 * <p>Appends group commit: concurrent appends are numbered and claimed together as one batch (the first number's
 * record carries the batch's other links) and their entries stored side by side; see {@link
 * org.chartvault.audit.AuditLog#append}.
 *
 * <p>Storage layout: entries at {@code audit/<yyyy>/<mm>/<dd>/<seq>.json} (UTC day of the entry); the number
 * records at {@code audit-chain/<seq>.json} and the head (a hint, moved every 32 entries) at
 * {@code audit-chain/head.json}; checkpoints at
 * {@code audit-checkpoints/<seq>.json}.
 */
package org.chartvault.audit;
