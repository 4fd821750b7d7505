package org.chartvault.capture;

import org.chartvault.Json;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.document.ReviewReason;
import org.chartvault.document.DocumentFiles;
import org.chartvault.patient.PatientRegistry;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Capture as the ingest pipeline uses it: read a page's barcodes, cut a scanned stream at its separator
 * sheets, and decide a document's indexing from what was typed, the barcodes, the OCR text and the patient
 * registry, with the reasons a person must look at it.
 */
public final class CaptureService {
    /** Text values below this confidence are not taken: {@link TextIndexer}'s scale (0.6 = a labelled field). */
    static final double TEXT_CONFIDENCE = 0.6;

    private final DocumentFiles files;
    private final DocumentTypeCatalog types;
    private final PatientRegistry registry;
    private final RegistryCheck registryCheck;
    private final Clock clock;
    private final BarcodeScanner scanner = new BarcodeScanner();
    private final StreamSplitter splitter = new StreamSplitter();

    public CaptureService(DocumentFiles files, DocumentTypeCatalog types, PatientRegistry registry, Clock clock) {
        this.files = files;
        this.types = types;
        this.registry = registry;
        this.registryCheck = new RegistryCheck(registry);
        this.clock = clock;
    }

    /** The indexing decided for one document, where each value came from, and why it needs review (if it does). */
    public record Decision(Indexing indexing, Map<String, String> sources, List<ReviewReason> reasons) {
    }

    public PageBarcodes scan(BufferedImage page) {
        return scanner.scan(page);
    }

    /** The documents of a stream whose pages carry these barcodes (separator sheets left out). */
    public List<StreamSplitter.Part> split(List<PageBarcodes> pages) {
        return splitter.split(pages);
    }

    /**
     * Decides one document's indexing: what the uploader typed wins, then barcodes (its stream part, or null),
     * then the text of its first pages; then the registry confirms the patient (when the hospital keeps one).
     */
    public Decision decide(Indexing typed, StreamSplitter.Part part, List<PageContent> pages) throws IOException {
        DocumentTypes current = types.current();
        TextFindings text = new TextIndexer(current, clock).index(pages);
        AutoIndexing.Decision auto = new AutoIndexing(current, TEXT_CONFIDENCE).decide(typed, part, text);
        Indexing indexing = auto.indexing();
        Map<String, String> sources = new LinkedHashMap<>();
        auto.sources().forEach((field, source) -> sources.put(field, source.wire()));
        List<ReviewReason> reasons = new ArrayList<>(auto.reasons());
        if (!registry.isEmpty()) {
            if (indexing.mrn() == null) {
                Optional<Finding<String>> suggested = registryCheck.suggest(indexing.patientName(), indexing.birthDate());
                if (suggested.isPresent()) {
                    indexing = indexing.overriddenBy(new Indexing(suggested.get().value(), null, null, null, null, null));
                    sources.put("mrn", Source.REGISTRY.wire());
                    reasons.removeIf(r -> r.isAbout("mrn"));
                    reasons.add(ReviewReason.about("mrn", ReviewReason.Kind.MRN_FROM_REGISTRY, "The MRN "
                            + suggested.get().value() + " was taken from the patient registry ("
                            + suggested.get().evidence() + "); confirm it."));
                }
            } else {
                RegistryCheck.Verdict verdict = registryCheck.check(indexing.mrn(), indexing.patientName(), indexing.birthDate());
                if (verdict.needsReview()) {
                    ReviewReason.Kind kind = verdict.agreement() == RegistryCheck.Agreement.UNKNOWN_MRN
                            ? ReviewReason.Kind.MRN_NOT_IN_REGISTRY : ReviewReason.Kind.PATIENT_MISMATCH;
                    for (String reason : verdict.reasons()) reasons.add(ReviewReason.about("mrn", kind, reason));
                }
                if (verdict.survivingMrn().isPresent()) {
                    indexing = indexing.overriddenBy(new Indexing(verdict.survivingMrn().get(), null, null, null, null, null));
                    sources.put("mrn", Source.REGISTRY.wire());
                }
                if (verdict.patient() != null && !verdict.needsReview()) {
                    // the registry's spelling of the name and its birth date fill what the pages did not say
                    Indexing known = new Indexing(null, indexing.patientName() == null ? verdict.patient().displayName() : null,
                            indexing.birthDate() == null ? verdict.patient().birthDate() : null, null, null, null);
                    if (known.patientName() != null) sources.put("patientName", Source.REGISTRY.wire());
                    if (known.birthDate() != null) sources.put("birthDate", Source.REGISTRY.wire());
                    indexing = indexing.overriddenBy(known);
                }
            }
        }
        return new Decision(indexing, sources, reasons);
    }

    public CaptureRecord record(String documentId) throws IOException {
        Optional<byte[]> stored = files.captureRecord(documentId);
        return stored.isEmpty() ? CaptureRecord.DEFAULT : Json.read(stored.get(), CaptureRecord.class);
    }

    public void save(String documentId, CaptureRecord record) throws IOException {
        files.saveCaptureRecord(documentId, Json.bytes(record));
    }

    /** Kept beside the page, written before the page's JSON, so a rerun after a crash need not scan again. */
    public void saveBarcodes(String documentId, int page, PageBarcodes barcodes) throws IOException {
        files.savePageBarcodes(documentId, page, Json.bytes(barcodes));
    }

    public PageBarcodes barcodes(String documentId, int page) throws IOException {
        Optional<byte[]> stored = files.pageBarcodes(documentId, page);
        return stored.isEmpty() ? PageBarcodes.NONE : Json.read(stored.get(), PageBarcodes.class);
    }
}
