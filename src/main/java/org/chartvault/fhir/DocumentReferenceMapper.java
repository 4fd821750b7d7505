package org.chartvault.fhir;

import org.chartvault.document.DocumentService;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.chartvault.document.Document;
import org.chartvault.document.Indexing;
import org.chartvault.document.SourceScan;
import org.chartvault.document.DocumentFiles;
import org.chartvault.originals.Originals;
import org.chartvault.storage.ObjectInfo;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;

/**
 * One archived document as an IHE MHD DocumentReference: the patient, the type as a LOINC coding, the date of
 * service, and two content entries, the document's original and the searchable PDF made from it. Each entry
 * describes what its Binary returns: the original is the upload itself only while the document is that file whole;
 * a document cut from a larger scan or joined from several has a PDF of its own pages, and its entry says so.
 */
final class DocumentReferenceMapper {
    /** Where a document's own id is kept as a FHIR identifier (the id /api uses). */
    static final String DOCUMENT_ID_SYSTEM = "urn:chartvault:document";
    /** Any URI: used for the masterIdentifier and entryUUID of documents that had no sender to name them. */
    static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    /** FHIR's Attachment.hash is SHA-1; ChartVault's own fingerprint of a file is SHA-256, carried here. */
    static final String SHA256_EXTENSION = "https://chartvault.org/fhir/StructureDefinition/attachment-sha256";
    static final String FORMAT_SYSTEM = "http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode";
    /** Scans and PDFs are understood from their content type alone. */
    static final String FORMAT_MIME_SUFFICIENT = "urn:ihe:iti:xds:2017:mimeTypeSufficient";
    static final String IDENTIFIER_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private final FhirSettings settings;
    private final DocumentFiles files;
    private final DocumentSidecars sidecars;
    private final Originals originals;

    private final DocumentService documents;

    DocumentReferenceMapper(FhirSettings settings, DocumentFiles files, DocumentSidecars sidecars, Originals originals,
                            DocumentService documents) {
        this.documents = documents;
        this.settings = settings;
        this.files = files;
        this.sidecars = sidecars;
        this.originals = originals;
    }

    /** The day a document is dated by: its date of service, or the day it was archived when that is unknown. */
    LocalDate effectiveDate(Document document) {
        LocalDate service = document.indexing().serviceDate();
        if (service != null) return service;
        return document.uploadedAt() == null ? null : LocalDate.ofInstant(document.uploadedAt(), settings.zone());
    }

    DocumentReference toFhir(Document stored, DocumentTypeList types, FhirUrls urls) throws IOException {
        Document document = originals.settled(stored); // its original as Binary will return it
        String id = FhirIds.ofDocument(document.documentId());
        Indexing indexing = document.indexing();
        DocumentReference reference = new DocumentReference();
        reference.setId(id);
        reference.getMeta().setVersionId(Long.toString(document.version()));
        if (document.updatedAt() != null) reference.getMeta().setLastUpdated(Date.from(document.updatedAt()));

        Optional<DocumentSidecars.Submitted> submitted = sidecars.submission(document.documentId());
        if (submitted.isPresent() && submitted.get().masterIdentifierValue() != null) {
            reference.getMasterIdentifier().setSystem(submitted.get().masterIdentifierSystem())
                    .setValue(submitted.get().masterIdentifierValue());
        } else {
            reference.getMasterIdentifier().setSystem(URI_SYSTEM).setValue(derivedUuid("uniqueId", document));
        }
        reference.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(URI_SYSTEM)
                .setValue(submitted.map(DocumentSidecars.Submitted::entryUuid).orElse(derivedUuid("entryUUID", document)));
        reference.addIdentifier().setUse(Identifier.IdentifierUse.SECONDARY).setSystem(DOCUMENT_ID_SYSTEM)
                .setValue(document.documentId());
        // Every archived document is the current version of itself: corrections change its metadata, not its content.
        reference.setStatus(DocumentReferenceStatus.CURRENT);

        if (indexing.documentType() != null) {
            Optional<DocumentTypeCode> type = types.resolve(indexing.documentType());
            CodeableConcept concept = new CodeableConcept();
            type.ifPresent(t -> concept.addCoding(new Coding(DocumentTypeCode.LOINC_SYSTEM, t.loinc(), t.name())));
            concept.setText(type.map(DocumentTypeCode::display).orElse(indexing.documentType()));
            reference.setType(concept);
        }
        if (indexing.mrn() != null) reference.setSubject(patientReference(indexing.mrn(), indexing.patientName()));

        if (indexing.serviceDate() != null) {
            Date midnight = Date.from(indexing.serviceDate().atStartOfDay(settings.zone()).toInstant());
            reference.setDateElement(new InstantType(midnight, TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(settings.zone())));
            DateTimeType day = new DateTimeType(indexing.serviceDate().toString());
            reference.getContext().setPeriod(new Period().setStartElement(day).setEndElement(day.copy()));
        } else if (document.uploadedAt() != null) {
            reference.setDateElement(new InstantType(Date.from(document.uploadedAt()), TemporalPrecisionEnum.SECOND,
                    TimeZone.getTimeZone(settings.zone())));
        }
        if (indexing.encounter() != null) {
            // the visit number as the hospital prints it; no identifier type fits (v2 "VN" is not in FHIR's value set)
            reference.getContext().addEncounter(new Reference().setIdentifier(new Identifier().setValue(indexing.encounter())));
        }

        Attachment original = reference.addContent().setFormat(mimeTypeSufficient()).getAttachment();
        original.setContentType(document.contentType()).setUrl(urls.resource("Binary", id)).setTitle(document.fileName());
        original.setSize(Math.toIntExact(document.bytes()));
        original.setHash(Base64.getDecoder().decode(sidecars.originalSha1(document, originals)));
        original.addExtension(SHA256_EXTENSION, new StringType(document.sha256()));
        if (!document.isWholeUpload()) {
            original.setTitle(document.fileName() + " (this document's pages only)");
            reference.setDescription("Pages " + describe(document.sourceScans()) + ".");
        }

        if (document.status().isProcessed()) {
            // made here if the document was filed without it: the reference states its size and hash
            documents.hasSearchablePdf(document);
            Optional<ObjectInfo> pdf = files.searchablePdf(document.documentId());
            if (pdf.isPresent()) {
                Attachment searchable = reference.addContent().setFormat(mimeTypeSufficient()).getAttachment();
                searchable.setContentType("application/pdf")
                        .setUrl(urls.resource("Binary", FhirIds.ofSearchablePdf(document.documentId())))
                        .setTitle("Searchable PDF of " + document.fileName());
                searchable.setSize(Math.toIntExact(pdf.get().size()));
                if (pdf.get().sha256() != null) searchable.addExtension(SHA256_EXTENSION, new StringType(pdf.get().sha256()));
            }
        }
        return Narratives.summarise(reference, reference.getType().getText(),
                indexing.serviceDate() == null ? null : "date of service " + indexing.serviceDate(),
                indexing.mrn() == null ? null : "patient " + (indexing.patientName() == null ? "" : indexing.patientName() + " ")
                        + "MRN " + indexing.mrn(),
                document.pagesTotal() + " page(s)", document.fileName());
    }

    /** "2-3 of scan 4f…(SHA-256)": where a document's pages came from, for a person reading the reference. */
    private static String describe(List<SourceScan> scans) {
        List<String> runs = new ArrayList<>();
        for (SourceScan scan : scans) {
            String pages = scan.pages() == null ? "(not recorded)" : scan.pages().stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "));
            runs.add(pages + " of the scan with SHA-256 " + (scan.sha256() == null ? "(not recorded)" : scan.sha256()));
        }
        return String.join("; ", runs);
    }

    /** {@code Patient/<id>} with the MRN as identifier, so a client can match the patient without reading them. */
    Reference patientReference(String mrn, String patientName) {
        Reference reference = new Reference();
        FhirIds.ofPatient(mrn).ifPresent(id -> reference.setReference("Patient/" + id));
        reference.setIdentifier(mrnIdentifier(mrn));
        if (patientName != null) reference.setDisplay(patientName);
        return reference;
    }

    Identifier mrnIdentifier(String mrn) {
        Identifier identifier = new Identifier().setUse(Identifier.IdentifierUse.USUAL).setSystem(settings.mrnSystem()).setValue(mrn);
        identifier.getType().addCoding(new Coding(IDENTIFIER_TYPE_SYSTEM, "MR", "Medical record number"));
        return identifier;
    }

    private static Coding mimeTypeSufficient() {
        return new Coding(FORMAT_SYSTEM, FORMAT_MIME_SUFFICIENT, "mimeType Sufficient");
    }

    /** A stable urn:uuid for a document that no sender named: the same document always gets the same one. */
    private static String derivedUuid(String purpose, Document document) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes((purpose + ":" + document.documentId()).getBytes(StandardCharsets.UTF_8));
    }
}
