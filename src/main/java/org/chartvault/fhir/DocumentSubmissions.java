package org.chartvault.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.chartvault.Config;
import org.chartvault.Ids;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.Indexing;
import org.chartvault.ingest.Batch;
import org.chartvault.ingest.FileKind;
import org.chartvault.ingest.IngestService;
import org.chartvault.ingest.OriginalInspector;
import org.chartvault.ingest.RejectedFileException;
import org.chartvault.ingest.Upload;
import org.chartvault.security.Caller;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * IHE MHD ITI-65 Provide Document Bundle: a transaction Bundle of one List (the SubmissionSet), its
 * DocumentReferences and their Binaries is checked in full first (patient known and the same everywhere,
 * type on the list, content a readable PDF/TIFF/PNG/JPEG whose size and hash agree with what the sender
 * declared), and only then filed through the ordinary ingest path: each document is stored before the answer
 * and then OCR'd and indexed by the background workers. A bundle with any problem files nothing.
 *
 * <p>Memory stays bounded however large the documents and however many submissions arrive at once: the body is
 * read by a {@link SpoolingBundleReader}, which decodes documents into work files as they arrive, within a share
 * of the process's {@link SubmissionMemory}; documents are checked and filed from those files.
 */
public final class DocumentSubmissions {
    private static final Logger log = LoggerFactory.getLogger(DocumentSubmissions.class);
    private final FhirJson json;
    private final IngestService ingest;
    private final OriginalInspector inspector;
    private final PatientDirectory patients;
    private final DocumentTypeCodes typeCodes;
    private final DocumentSidecars sidecars;
    private final SubmissionSets submissionSets;
    private final DocumentReferenceMapper mapper;
    private final DocumentRepository documents;
    private final Config.Limits limits;
    private final FhirSettings settings;
    private final Clock clock;
    private final SubmissionMemory memory;
    private final SpoolingBundleReader reader;

    DocumentSubmissions(FhirJson json, IngestService ingest, OriginalInspector inspector, PatientDirectory patients,
                        DocumentTypeCodes typeCodes, DocumentSidecars sidecars, SubmissionSets submissionSets,
                        DocumentReferenceMapper mapper, DocumentRepository documents,
                        Config.Limits limits, Path workDir, FhirSettings settings, Clock clock, SubmissionMemory memory) {
        this.json = json;
        this.ingest = ingest;
        this.inspector = inspector;
        this.patients = patients;
        this.typeCodes = typeCodes;
        this.sidecars = sidecars;
        this.submissionSets = submissionSets;
        this.mapper = mapper;
        this.documents = documents;
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
        this.memory = memory;
        this.reader = new SpoolingBundleReader(json, workDir, settings.maxBundleBytes());
    }

    /** What was filed: the transaction-response and, for the audit trail, the patient and the documents. */
    public record Result(Bundle response, String mrn, List<String> documentIds) {
    }

    public Result provide(InputStream body, Caller caller, FhirUrls urls) throws IOException {
        try (SubmissionMemory.Reservation share = memory.reserve();
             ReceivedBundle received = reader.read(body, share)) {
            Checked checked = new Checker(received, urls).check();
            return file(checked, received.bundle(), caller);
        }
    }

    // ---- checking: everything is looked at, every problem collected, nothing stored ----

    /** One DocumentReference ready to file, with its document (a work file) and what is known about it. */
    private record Filing(int referenceEntry, int binaryEntry, DocumentReference reference, ReceivedBundle.Document document,
                          String fileName, Indexing indexing, String sha1, String sha256, String existingDocumentId) {
    }

    private record Checked(String mrn, int listEntry, ListResource list, List<Filing> filings) {
    }

    private final class Checker {
        private final ReceivedBundle received;
        private final Bundle bundle;
        private final FhirUrls urls;
        private final List<FhirException.Issue> issues = new ArrayList<>();
        private final List<Integer> statuses = new ArrayList<>();
        private final Map<String, Optional<PatientRecord>> known = new HashMap<>();

        Checker(ReceivedBundle received, FhirUrls urls) {
            this.received = received;
            this.bundle = received.bundle();
            this.urls = urls;
        }

        private void problem(int status, IssueType type, String where, String message) {
            statuses.add(status);
            issues.add(new FhirException.Issue(type, message, where));
        }

        private void stopIfProblems() {
            if (issues.isEmpty()) return;
            // Malformed input first; then too large; then a clash with what is archived; else the content is wrong.
            int status = statuses.contains(400) ? 400 : statuses.contains(413) ? 413 : statuses.contains(409) ? 409 : 422;
            throw new FhirException(status, issues);
        }

        Checked check() throws IOException {
            if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
                problem(400, IssueType.INVALID, "Bundle.type", "ITI-65 Provide Document Bundle takes a Bundle of type transaction, not "
                        + (bundle.getType() == null ? "one without a type" : bundle.getType().toCode()) + ".");
            }
            List<BundleEntryComponent> entries = bundle.getEntry();
            if (entries.isEmpty()) problem(400, IssueType.REQUIRED, "Bundle.entry", "The bundle has no entries.");
            int listEntry = -1;
            List<Integer> referenceEntries = new ArrayList<>();
            Map<String, Integer> binaries = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                BundleEntryComponent entry = entries.get(i);
                String where = "Bundle.entry[" + i + "]";
                Resource resource = entry.getResource();
                if (resource == null) {
                    problem(400, IssueType.REQUIRED, where, "Entry " + i + " has no resource.");
                    continue;
                }
                if (!entry.hasRequest() || entry.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                    problem(400, IssueType.INVALID, where + ".request", "Entry " + i + " must be a create (request.method POST).");
                }
                switch (resource) {
                    case ListResource ignored -> {
                        if (listEntry >= 0) problem(400, IssueType.INVALID, where, "The bundle has more than one List; ITI-65 sends one SubmissionSet.");
                        listEntry = i;
                    }
                    case DocumentReference ignored -> referenceEntries.add(i);
                    case Binary ignored -> {
                        if (entry.hasFullUrl()) binaries.put(entry.getFullUrl(), i);
                        if (resource.getIdElement().hasIdPart()) binaries.putIfAbsent("Binary/" + resource.getIdElement().getIdPart(), i);
                    }
                    default -> problem(400, IssueType.NOTSUPPORTED, where + ".resource", "ITI-65 files a List, DocumentReferences and "
                            + "Binaries; a " + resource.fhirType() + " is not accepted here.");
                }
            }
            if (listEntry < 0 && !entries.isEmpty()) {
                problem(400, IssueType.REQUIRED, "Bundle.entry", "The bundle has no List: ITI-65 needs the SubmissionSet.");
            }
            if (referenceEntries.isEmpty() && !entries.isEmpty()) {
                problem(400, IssueType.REQUIRED, "Bundle.entry", "The bundle has no DocumentReference: there is nothing to file.");
            }
            stopIfProblems();

            ListResource list = (ListResource) entries.get(listEntry).getResource();
            String mrn = patientOf(list.getSubject(), "Bundle.entry[" + listEntry + "].resource.subject", "The SubmissionSet");
            DocumentTypeList types = typeCodes.current();
            List<Filing> filings = new ArrayList<>();
            Map<Integer, Integer> binaryUse = new HashMap<>();
            Map<String, Integer> sameBytes = new HashMap<>();
            for (int i : referenceEntries) {
                Filing filing = document(i, (DocumentReference) entries.get(i).getResource(), mrn, types, binaries, binaryUse);
                if (filing == null) continue;
                Integer earlier = sameBytes.putIfAbsent(filing.sha256(), i);
                if (earlier != null) {
                    problem(400, IssueType.DUPLICATE, "Bundle.entry[" + i + "]", "Entries " + earlier + " and " + i
                            + " carry the same document; send it once.");
                }
                filings.add(filing);
            }
            boolean referencesReadable = issues.isEmpty(); // otherwise a Binary may only look unused
            for (int entry : new java.util.TreeSet<>(binaries.values())) {
                if (referencesReadable && !binaryUse.containsKey(entry)) {
                    problem(400, IssueType.INVALID, "Bundle.entry[" + entry + "]", "Binary " + entry
                            + " is not the content of any DocumentReference in the bundle.");
                }
            }
            stopIfProblems();
            return new Checked(mrn, listEntry, list, filings);
        }

        private Filing document(int i, DocumentReference reference, String listMrn, DocumentTypeList types,
                                Map<String, Integer> binaries, Map<Integer, Integer> binaryUse) throws IOException {
            String where = "Bundle.entry[" + i + "].resource";
            int before = issues.size();
            String mrn = patientOf(reference.getSubject(), where + ".subject", "DocumentReference " + i);
            if (mrn != null && listMrn != null && !mrn.equals(listMrn)) {
                problem(422, IssueType.PROCESSING, where + ".subject", "DocumentReference " + i + " belongs to patient MRN "
                        + mrn + " but the SubmissionSet to MRN " + listMrn + ": one submission is for one patient.");
            }
            if (!reference.hasStatus()) {
                problem(400, IssueType.REQUIRED, where + ".status", "DocumentReference " + i + " has no status; send current.");
            } else if (reference.getStatus() != DocumentReferenceStatus.CURRENT) {
                problem(422, IssueType.BUSINESSRULE, where + ".status", "DocumentReference " + i + " is "
                        + reference.getStatus().toCode() + "; only current documents are filed.");
            }
            DocumentTypeCode type = typeOf(reference, types, where + ".type", i);

            if (reference.getContent().size() != 1) {
                problem(400, IssueType.INVALID, where + ".content", "DocumentReference " + i + " must have exactly one content "
                        + "(the document); it has " + reference.getContent().size() + ".");
                return null;
            }
            Attachment attachment = reference.getContentFirstRep().getAttachment();
            String attachmentWhere = where + ".content[0].attachment";
            Optional<ReceivedBundle.Document> inline = received.document(ReceivedBundle.attachmentData(i, 0));
            ReceivedBundle.Document document;
            String declaredType = attachment.getContentType();
            int binaryEntry = -1;
            if (inline.isPresent()) {
                document = inline.get();
            } else if (attachment.hasUrl()) {
                String url = attachment.getUrl();
                Integer found = binaries.get(url);
                if (found == null && urls.localPart(url) != null) found = binaries.get(urls.localPart(url));
                if (found == null) {
                    problem(400, IssueType.NOTFOUND, attachmentWhere + ".url", "DocumentReference " + i + " points to "
                            + FhirJson.clip(url) + ", but no Binary in the bundle has that fullUrl: the document itself is missing.");
                    return null;
                }
                Integer other = binaryUse.putIfAbsent(found, i);
                if (other != null) {
                    problem(400, IssueType.INVALID, attachmentWhere + ".url", "DocumentReferences " + other + " and " + i
                            + " point to the same Binary; each document needs its own.");
                    return null;
                }
                binaryEntry = found;
                Binary binary = (Binary) bundle.getEntry().get(found).getResource();
                String binaryWhere = "Bundle.entry[" + found + "].resource";
                if (!binary.hasContentType()) problem(400, IssueType.REQUIRED, binaryWhere + ".contentType", "Binary " + found + " has no contentType.");
                Optional<ReceivedBundle.Document> data = received.document(ReceivedBundle.binaryData(found));
                if (data.isEmpty()) {
                    problem(400, IssueType.REQUIRED, binaryWhere + ".data", "Binary " + found + " has no data: the document itself is missing.");
                    return null;
                }
                if (declaredType == null) declaredType = binary.getContentType();
                else if (binary.hasContentType() && !sameType(declaredType, binary.getContentType())) {
                    problem(422, IssueType.VALUE, binaryWhere + ".contentType", "Binary " + found + " says " + binary.getContentType()
                            + " but DocumentReference " + i + " says " + declaredType + ".");
                }
                document = data.get();
            } else {
                problem(400, IssueType.REQUIRED, attachmentWhere, "DocumentReference " + i
                        + " has no attachment url pointing to a Binary of the bundle: the document itself is missing.");
                return null;
            }

            if (document.size() == 0) {
                problem(422, IssueType.VALUE, attachmentWhere, "The document of DocumentReference " + i + " is empty.");
                return null;
            }
            if (document.size() > limits.maxFileBytes()) {
                problem(413, IssueType.TOOCOSTLY, attachmentWhere, "The document of DocumentReference " + i + " is larger than "
                        + limits.maxFileBytes() / (1024 * 1024) + " MiB, the most accepted for one file.");
                return null;
            }
            Optional<FileKind> kind = sniff(document);
            if (kind.isEmpty() || kind.get() == FileKind.ZIP) {
                problem(422, IssueType.NOTSUPPORTED, attachmentWhere, "The document of DocumentReference " + i
                        + " is not a PDF, TIFF, PNG or JPEG" + (kind.isPresent() ? " (a ZIP is not a document)" : "") + ".");
                return null;
            }
            if (declaredType != null && !sameType(declaredType, kind.get().contentType())) {
                problem(422, IssueType.VALUE, attachmentWhere + ".contentType", "DocumentReference " + i + " declares "
                        + FhirJson.clip(declaredType) + " but the bytes are " + kind.get().contentType() + ".");
            }
            MessageDigest sha1Digest = digest("SHA-1"), sha256Digest = digest("SHA-256");
            try (InputStream in = Files.newInputStream(document.file())) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha1Digest.update(buffer, 0, n);
                    sha256Digest.update(buffer, 0, n);
                }
            }
            byte[] sha1 = sha1Digest.digest();
            String sha256 = HexFormat.of().formatHex(sha256Digest.digest());
            if (attachment.hasSize() && attachment.getSize() != document.size()) {
                problem(422, IssueType.VALUE, attachmentWhere + ".size", "DocumentReference " + i + " declares " + attachment.getSize()
                        + " bytes but the document has " + document.size() + ".");
            }
            if (attachment.hasHash() && !Arrays.equals(attachment.getHash(), sha1)) {
                problem(422, IssueType.VALUE, attachmentWhere + ".hash", "The SHA-1 hash declared for DocumentReference " + i
                        + " does not match its document: it was changed or damaged on the way.");
            }
            String existing = archivedAs(sha256);
            if (existing != null && mrn != null) {
                Optional<Document> archived = documents.find(existing);
                if (archived.isPresent() && !mrn.equals(archived.get().indexing().mrn())) {
                    problem(409, IssueType.CONFLICT, attachmentWhere, "The document of DocumentReference " + i
                            + " is already archived, filed under another patient; ask Health Information Management to check it.");
                }
            }
            if (existing == null) pageCheck(document.file(), kind.get(), attachmentWhere, i);
            if (issues.size() > before || mrn == null || type == null) return null;

            PatientRecord patient = known.get(mrn).orElseThrow();
            Indexing indexing = new Indexing(mrn, printedName(patient), patient.birthDate(), type.display(),
                    serviceDate(reference), null);
            String fileName = attachment.hasTitle() ? attachment.getTitle()
                    : "mhd-document-" + (i + 1) + "." + kind.get().name().toLowerCase(Locale.ROOT);
            return new Filing(i, binaryEntry, reference, document, fileName, indexing, Base64.getEncoder().encodeToString(sha1),
                    sha256, existing);
        }

        /** The MRN of a known patient the reference names, or null with the problem recorded. */
        private String patientOf(Reference subject, String where, String who) throws IOException {
            if (subject == null || subject.isEmpty()) {
                problem(400, IssueType.REQUIRED, where, who + " names no patient (subject).");
                return null;
            }
            String mrn;
            if (subject.hasReference()) {
                String reference = subject.getReference();
                String local = urls.localPart(reference) != null ? urls.localPart(reference) : reference;
                if (!local.startsWith("Patient/") || local.substring(8).isEmpty()) {
                    problem(422, IssueType.PROCESSING, where, who + " refers to the patient " + FhirJson.clip(reference)
                            + "; refer to a Patient of this server (Patient/id) or give the MRN as identifier.");
                    return null;
                }
                String id = local.substring(8);
                if (id.contains("/_history/")) id = id.substring(0, id.indexOf("/_history/"));
                mrn = FhirIds.mrnOf(id).orElse(null);
                if (mrn == null) {
                    problem(422, IssueType.NOTFOUND, where, who + " refers to " + FhirJson.clip(local) + ", which is not a patient here.");
                    return null;
                }
            } else if (subject.hasIdentifier() && subject.getIdentifier().hasValue()) {
                Identifier identifier = subject.getIdentifier();
                if (identifier.hasSystem() && !identifier.getSystem().equals(settings.mrnSystem())) {
                    problem(422, IssueType.PROCESSING, where, who + " identifies the patient in " + FhirJson.clip(identifier.getSystem())
                            + ", not in this hospital's MRN system " + settings.mrnSystem() + ".");
                    return null;
                }
                mrn = identifier.getValue().strip();
            } else {
                problem(400, IssueType.REQUIRED, where, who + " names no patient (subject has neither reference nor identifier).");
                return null;
            }
            Optional<PatientRecord> patient = known.get(mrn);
            if (patient == null) {
                patient = patients.byMrn(mrn);
                known.put(mrn, patient);
            }
            if (patient.isEmpty()) {
                problem(422, IssueType.NOTFOUND, where, who + " is for MRN " + FhirJson.clip(mrn)
                        + ", which is not a known patient; documents are filed only for registered patients.");
                return null;
            }
            // a directory that follows merges answers with the surviving record: file under its MRN
            known.putIfAbsent(patient.get().mrn(), patient);
            return patient.get().mrn();
        }

        private DocumentTypeCode typeOf(DocumentReference reference, DocumentTypeList types, String where, int i) {
            if (!reference.hasType()) {
                problem(400, IssueType.REQUIRED, where, "DocumentReference " + i + " has no type; give its LOINC code.");
                return null;
            }
            List<String> tried = new ArrayList<>();
            for (Coding coding : reference.getType().getCoding()) {
                if (DocumentTypeCode.LOINC_SYSTEM.equals(coding.getSystem()) && coding.hasCode()) {
                    Optional<DocumentTypeCode> type = types.byLoinc(coding.getCode());
                    if (type.isPresent()) return type.get();
                    tried.add("LOINC " + coding.getCode());
                } else if (coding.hasDisplay()) {
                    Optional<DocumentTypeCode> type = types.resolve(coding.getDisplay());
                    if (type.isPresent()) return type.get();
                    tried.add("'" + coding.getDisplay() + "'");
                }
            }
            if (reference.getType().hasText()) {
                Optional<DocumentTypeCode> type = types.resolve(reference.getType().getText());
                if (type.isPresent()) return type.get();
                tried.add("'" + reference.getType().getText() + "'");
            }
            problem(422, IssueType.CODEINVALID, where, "DocumentReference " + i + " has an unknown type"
                    + (tried.isEmpty() ? "" : " (" + FhirJson.clip(String.join(", ", tried)) + ")") + "; the types filed here are "
                    + types.types().stream().map(t -> t.loinc() + " " + t.name()).collect(Collectors.joining(", ")) + ".");
            return null;
        }

        /** Opens the document as the pipeline will (page count, limits, encryption), so a bad file is refused now. */
        private void pageCheck(Path file, FileKind kind, String where, int i) throws IOException {
            try {
                inspector.pageCount(file, kind);
            } catch (RejectedFileException e) {
                problem(422, IssueType.VALUE, where, "The document of DocumentReference " + i + " cannot be archived: " + e.getMessage());
            }
        }
    }

    // ---- filing: only after every check passed ----

    private Result file(Checked checked, Bundle request, Caller caller) throws IOException {
        String submissionId = Ids.next("sub");
        Map<Integer, String> locations = new HashMap<>();
        Map<Integer, String> statuses = new HashMap<>();
        List<String> filed = new ArrayList<>();
        ListResource list = checked.list().copy();
        list.setId(FhirIds.ofSubmission(submissionId));
        list.getEntry().clear();
        for (Filing filing : checked.filings()) {
            String documentId = filing.existingDocumentId();
            boolean created = false;
            if (documentId == null) {
                Path file = filing.document().file();
                Batch batch = ingest.receive(List.of(new Upload(filing.fileName(), () -> Files.newInputStream(file))),
                        filing.indexing(), caller.username());
                Batch.Entry entry = batch.entries().get(0);
                if (Batch.Entry.REJECTED.equals(entry.outcome())) {
                    throw new FhirException(422, List.of(new FhirException.Issue(IssueType.PROCESSING,
                            "The document of DocumentReference " + filing.referenceEntry() + " was refused: " + entry.error()
                                    + (filed.isEmpty() ? "" : " Documents filed before it: " + String.join(", ", filed) + "."),
                            "Bundle.entry[" + filing.referenceEntry() + "]")));
                }
                documentId = entry.documentId();
                created = Batch.Entry.QUEUED.equals(entry.outcome());
            }
            if (created) {
                sidecars.rememberSha1(documentId, filing.sha1());
                Identifier master = filing.reference().getMasterIdentifier();
                String entryUuid = entryUuidOf(filing.reference(), request.getEntry().get(filing.referenceEntry()));
                sidecars.saveSubmission(documentId, new DocumentSidecars.Submitted(
                        master.hasValue() ? master.getSystem() : null, master.hasValue() ? master.getValue() : null,
                        entryUuid, submissionId));
            }
            filed.add(documentId);
            String fhirId = FhirIds.ofDocument(documentId);
            String status = created ? "201 Created" : "200 OK";
            locations.put(filing.referenceEntry(), "DocumentReference/" + fhirId);
            statuses.put(filing.referenceEntry(), status);
            if (filing.binaryEntry() >= 0) {
                locations.put(filing.binaryEntry(), "Binary/" + fhirId);
                statuses.put(filing.binaryEntry(), status);
            }
            list.addEntry().getItem().setReference("DocumentReference/" + fhirId);
        }
        Optional<PatientRecord> patient = patients.byMrn(checked.mrn());
        list.setSubject(mapper.patientReference(checked.mrn(), patient.map(DocumentSubmissions::printedName).orElse(null)));
        Narratives.summarise(list, "Submission set of " + list.getEntry().size() + " document(s)", "patient MRN " + checked.mrn());
        list.getMeta().setVersionId("1").setLastUpdated(Date.from(clock.instant()));
        submissionSets.save(submissionId, list);
        locations.put(checked.listEntry(), "List/" + list.getIdElement().getIdPart());
        statuses.put(checked.listEntry(), "201 Created");

        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        Date now = Date.from(clock.instant());
        for (int i = 0; i < request.getEntry().size(); i++) {
            response.addEntry().getResponse().setStatus(statuses.get(i)).setLocation(locations.get(i)).setLastModified(now);
        }
        log.info("ITI-65 submission {} from {}: {} document(s) filed: {}", submissionId, caller.username(), filed.size(),
                String.join(" ", filed));
        return new Result(response, checked.mrn(), filed);
    }

    /** The sender's entryUUID: an identifier that is a urn:uuid, else the entry's fullUrl when it is one. */
    private static String entryUuidOf(DocumentReference reference, BundleEntryComponent entry) {
        for (Identifier identifier : reference.getIdentifier()) {
            if (identifier.hasValue() && identifier.getValue().startsWith("urn:uuid:")) return identifier.getValue();
        }
        return entry.hasFullUrl() && entry.getFullUrl().startsWith("urn:uuid:") ? entry.getFullUrl() : null;
    }

    /** The document that already holds these bytes (ingest would answer "duplicate"), if any: ingest's own check. */
    private String archivedAs(String sha256) throws IOException {
        return documents.files().archivedAs(sha256).orElse(null);
    }

    /** The date of service: the clinical period's start, else the DocumentReference's date, as a day in the hospital's zone. */
    private LocalDate serviceDate(DocumentReference reference) {
        if (reference.hasContext() && reference.getContext().hasPeriod() && reference.getContext().getPeriod().hasStart()) {
            return dayOf(reference.getContext().getPeriod().getStartElement());
        }
        return reference.hasDate() ? dayOf(reference.getDateElement()) : null;
    }

    private LocalDate dayOf(BaseDateTimeType value) {
        if (value == null || !value.hasValue()) return null;
        if (value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) return null; // a year or month is no day
        if (value.getPrecision() == TemporalPrecisionEnum.DAY) return LocalDate.parse(value.getValueAsString().substring(0, 10));
        return value.getValue().toInstant().atZone(settings.zone()).toLocalDate();
    }

    /** "FAMILY, GIVEN MIDDLE" as charts print it and as documents carry it. */
    private static String printedName(PatientRecord patient) {
        if (patient.familyName() == null) return null;
        return patient.givenNames().isEmpty() ? patient.familyName()
                : patient.familyName() + ", " + String.join(" ", patient.givenNames());
    }

    private static boolean sameType(String declared, String actual) {
        String normal = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        normal = switch (normal) {
            case "image/jpg", "image/pjpeg" -> "image/jpeg";
            case "image/tif" -> "image/tiff";
            default -> normal;
        };
        String other = actual.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return normal.equals(other) || normal.equals("application/octet-stream");
    }

    /** The first bytes of a document, enough to tell its kind. */
    private static Optional<FileKind> sniff(ReceivedBundle.Document document) throws IOException {
        try (InputStream in = Files.newInputStream(document.file())) {
            byte[] head = in.readNBytes(FileKind.SNIFF_BYTES);
            return FileKind.sniff(head, head.length);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
