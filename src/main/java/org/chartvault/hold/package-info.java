/**
 * Legal holds and production exports.
 * <p>
 * <b>Holds.</b> {@link org.chartvault.hold.HoldService} places a {@link org.chartvault.hold.Hold} (stored as
 * {@code holds/<id>.json}) on every document its {@link org.chartvault.hold.HoldCriteria} cover: patients by MRN,
 * optionally a full-text query and a service-date range (an unknown date is held). A held document carries the hold id
 * in its record ({@code Document.holds}), which deletion and retention check, and its original, pages, page text,
 * thumbnails and searchable PDF carry the object store's legal hold (on MinIO: the S3 object legal hold), so the store
 * refuses to replace or delete them. The document record is not locked: metadata corrections are versioned instead.
 * The service listens to {@code DocumentEvents}: a document that arrives, finishes processing or is corrected and then
 * matches an active hold is held at that moment. Releasing records who, when and why, and lifts the store's hold from
 * documents no other active hold covers. Placing and releasing are finished at start if a crash interrupted them.
 * <p>
 * <b>Production exports.</b> {@link org.chartvault.hold.ExportService} records an export of a hold's documents and
 * builds it as a durable job ({@code produce-export}): a ZIP written to a temporary file and stored streamed under
 * {@code exports/<id>/production.zip}, with
 * <pre>
 *   NATIVES/&lt;BEGBATES&gt;.&lt;ext&gt;   originals as uploaded
 *   IMAGES/&lt;BEGBATES&gt;.pdf       searchable PDFs, every page stamped with its Bates number (slip sheet if none)
 *   TEXT/&lt;BEGBATES&gt;.txt         page text
 *   DATA/production.dat        Concordance load file (þ quotes, ASCII 20 delimiters; CUSTODIAN: the hospital)
 *   DATA/production.opt        Opticon image cross-reference, one line per page
 *   manifest.csv               path, sha256, bytes, documentId, batesRange (+ batesBegin, batesEnd, kind)
 *   chain-of-custody.pdf       what, from which hold, requested by whom and when, every file's SHA-256, the manifest's
 * </pre>
 * Building the same export again gives the same bytes. Bates numbers continue the matter's one sequence
 * ({@link org.chartvault.matter.BatesLedger}), claimed when the production is first built. Records of a protected
 * category ({@code release.SensitiveCategories}) are produced only under a legal basis the request gives for that
 * category ({@link org.chartvault.hold.ProductionTerms}), and withheld with the reason otherwise; a production to a
 * non-party is written to the patients' disclosure log. The custody report names recipient, delivery and scan
 * provenance, and ends with the custodian's FRE 902(11) certification.
 */
package org.chartvault.hold;
