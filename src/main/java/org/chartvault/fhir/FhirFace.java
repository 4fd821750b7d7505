package org.chartvault.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.chartvault.Config;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentService;
import org.chartvault.index.SearchIndex;
import org.chartvault.ingest.IngestService;
import org.chartvault.ingest.OriginalInspector;
import org.chartvault.originals.Originals;
import org.chartvault.storage.ObjectStore;
import org.hl7.fhir.r4.model.CapabilityStatement;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The archive's FHIR R4 face (IHE MHD): built once by the App from the archive's own components and the
 * three seams that other work will fill (who the patients are, which document types exist, who may see which
 * document). The HTTP layer calls the services it hands out; none of them knows about HTTP.
 */
public final class FhirFace {
    private final FhirSettings settings;
    private final FhirJson json;
    private final CapabilityStatements capabilities;
    private final Patients patients;
    private final DocumentReferences documentReferences;
    private final DocumentSubmissions submissions;
    private final SubmissionSets submissionSets;
    private final SubmissionMemory submissionMemory;

    public FhirFace(FhirContext context, FhirSettings settings, ObjectStore store, DocumentRepository repository,
                    DocumentService documents, Originals originals, SearchIndex index, IngestService ingest,
                    OriginalInspector inspector,
                    PatientDirectory patientDirectory, DocumentTypeCodes types, DocumentAccessPolicy access,
                    Config.Limits limits, Path workDir, Clock clock) {
        this.settings = settings;
        this.json = new FhirJson(context);
        DocumentSidecars sidecars = new DocumentSidecars(repository.files());
        DocumentReferenceMapper mapper = new DocumentReferenceMapper(settings, repository.files(), sidecars, originals, documents);
        this.capabilities = new CapabilityStatements(clock.instant(), FhirFace.class.getPackage().getImplementationVersion());
        this.patients = new Patients(patientDirectory, mapper, settings);
        this.documentReferences = new DocumentReferences(documents, originals, repository, index, types, access, mapper,
                settings);
        this.submissionSets = new SubmissionSets(store, json, repository, access);
        this.submissionMemory = new SubmissionMemory(limits.fhirMemoryBytes()); // one per process: FhirFace is built once
        this.submissions = new DocumentSubmissions(json, ingest, inspector, patientDirectory, types, sidecars, submissionSets,
                mapper, repository, limits, workDir, settings, clock, submissionMemory);
    }

    public FhirSettings settings() {
        return settings;
    }

    public FhirJson json() {
        return json;
    }

    public CapabilityStatement capabilityStatement(FhirUrls urls) {
        return capabilities.describe(urls, settings.mrnSystem());
    }

    public Patients patients() {
        return patients;
    }

    public DocumentReferences documentReferences() {
        return documentReferences;
    }

    public DocumentSubmissions submissions() {
        return submissions;
    }

    public SubmissionSets submissionSets() {
        return submissionSets;
    }

    /** What ITI-65 submissions hold in memory, all together. */
    public SubmissionMemory submissionMemory() {
        return submissionMemory;
    }
}
