/**
 * Capture: turning a scanned stream into indexed documents, as plain services the ingest pipeline and the HTTP
 * layer call (nothing here knows about HTTP or jobs).
 * <ul>
 *   <li>{@link org.chartvault.capture.SeparatorSheets} prints separator sheets (PDF, a QR code twice) carrying a
 *       {@link org.chartvault.capture.SeparatorSheet}'s values in a {@link org.chartvault.capture.SeparatorPayload};</li>
 *   <li>{@link org.chartvault.capture.BarcodeScanner} reads a page image: separator sheet and
 *       {@link org.chartvault.capture.PatientLabel}s, as {@link org.chartvault.capture.PageBarcodes};</li>
 *   <li>{@link org.chartvault.capture.StreamSplitter} cuts a stream into documents at the sheets;</li>
 *   <li>{@link org.chartvault.capture.TextIndexer} finds MRN, name, birth date, date of service, encounter and
 *       {@link org.chartvault.capture.DocumentType} in the OCR text, every value a
 *       {@link org.chartvault.capture.Finding} with source, confidence and evidence;</li>
 *   <li>{@link org.chartvault.capture.AutoIndexing} decides the document's values from typed, barcode and text
 *       findings and says why it needs review; {@code patient.RegistryCheck} then checks the patient.</li>
 * </ul>
 * <pre>{@code
 * BarcodeScanner scanner = new BarcodeScanner();
 * List<PageBarcodes> codes = pageImages.stream().map(scanner::scan).toList();
 * for (StreamSplitter.Part part : new StreamSplitter().split(codes)) {
 *     // imaging + OCR the part's pages (blank pages dropped), then:
 *     TextFindings text = new TextIndexer(DocumentTypes.standard(), clock).index(pageContents);
 *     AutoIndexing.Decision decision = new AutoIndexing(types, 0.6).decide(typedValues, part, text);
 *     RegistryCheck.Verdict verdict = registryCheck.check(decision.indexing().mrn(), ...);   // if an MRN was decided
 *     // needs-review when decision.needsReview() || verdict.needsReview(), with both lists of reasons
 * }
 * }</pre>
 */
package org.chartvault.capture;
