/**
 * Shared test data. {@link org.chartvault.testing.Corpus} finds the files in the shared corpus; the rest
 * generates chart pages with known text, so tests need no downloaded files:
 * <ul>
 *   <li>{@link org.chartvault.testing.ChartGenerator} prints fictional {@link org.chartvault.testing.ChartDocument}s
 *       of {@link org.chartvault.testing.ChartPage}s with their ground truth and indexing values;</li>
 *   <li>{@link org.chartvault.testing.ChartPage#scan(int)} renders one as a {@link org.chartvault.testing.ScannedPage},
 *       which {@link org.chartvault.testing.Degradation}s turn, skew, soil, binarise, fax or JPEG;</li>
 *   <li>{@link org.chartvault.testing.BlankPages} makes the blank and nearly blank backs of sheets;</li>
 *   <li>{@link org.chartvault.testing.ScanStream} runs several documents through a scanner as one batch;</li>
 *   <li>{@link org.chartvault.testing.ChartFiles} writes PNG, JPEG, TIFF (G4, LZW, Deflate), scanned and
 *       born-digital PDF, and the ground-truth text;</li>
 *   <li>for capture: {@link org.chartvault.testing.SeparatorScans} (ChartVault's separator sheets printed and scanned),
 *       {@link org.chartvault.testing.LabelStickers} (Code 128 / DataMatrix patient labels on a page),
 *       {@link org.chartvault.testing.CaptureStream} (a scanning-room batch with sheets, labels, blank backs and its
 *       ground truth) and {@link org.chartvault.testing.HeaderVariants} (the same documents in other hospitals'
 *       labels, date formats and titles).</li>
 * </ul>
 * <pre>{@code
 * ChartDocument note = new ChartGenerator().document(42, "PROGRESS NOTE", 2);
 * List<ScannedPage> scans = note.pages().stream()
 *         .map(p -> p.scan(300).apply(Degradation.skew(1.5).then(Degradation.binarize(150))))
 *         .toList();
 * Files.write(dir.resolve("note.tif"), ChartFiles.tiff(scans, ChartFiles.TiffCompression.CCITT_G4));
 * // then: OCR the file and compare with note.pages().get(i).groundTruth(); auto-index and compare with note.indexing()
 * }</pre>
 */
package org.chartvault.testing;
