package org.chartvault.fhir;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

import java.time.Instant;
import java.util.Date;

/**
 * What this FHIR server does, said truthfully: only what the routes implement, with the search parameters
 * they understand. Anyone may read it; everything it describes needs a bearer token.
 */
final class CapabilityStatements {
    private final Instant started;
    private final String version;

    CapabilityStatements(Instant started, String version) {
        this.started = started;
        this.version = version;
    }

    CapabilityStatement describe(FhirUrls urls, String mrnSystem) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(PublicationStatus.ACTIVE).setDate(Date.from(started)).setKind(CapabilityStatementKind.INSTANCE);
        statement.setName("ChartVaultFhir").setTitle("ChartVault scanned-record archive: FHIR R4 / IHE MHD");
        statement.setPublisher("ChartVault");
        statement.setDescription("The hospital's archive of scanned paper charts. IHE MHD Document Responder (ITI-67 Find "
                + "Document References, ITI-68 Retrieve Document) and Document Recipient (ITI-65 Provide Document Bundle), "
                + "with the patients the archive knows. Document types are LOINC codes from the archive's type list.");
        statement.getSoftware().setName("ChartVault");
        if (version != null) statement.getSoftware().setVersion(version);
        statement.getImplementation().setDescription("ChartVault FHIR face").setUrl(urls.base());
        statement.setFhirVersion(FHIRVersion._4_0_1);
        statement.addFormat("application/fhir+json").addFormat("json");

        var rest = statement.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.setDocumentation("Every interaction except this statement needs an API token of a ChartVault user "
                + "(POST /api/tokens) sent as Authorization: Bearer. Reading needs the indexer, roi, legal or admin role "
                + "(document bytes: roi, legal or admin); ITI-65 submission needs the scanner or admin role. Errors are "
                + "OperationOutcome resources. Only JSON is spoken.");
        rest.getSecurity().setCors(false).setDescription("Bearer API tokens issued by ChartVault (POST /api/tokens).");
        rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION).setDocumentation(
                "ITI-65 Provide Document Bundle: one List (SubmissionSet), its DocumentReferences and their Binaries, "
                        + "all created (POST). The documents are stored before the answer and then OCR'd and indexed; "
                        + "a bundle with any problem files nothing. Other transactions are refused.");

        CapabilityStatementRestResourceComponent patient = resource(rest.addResource(), "Patient",
                "The patients the archive knows; the logical id is the MRN. Identifier system " + mrnSystem + ".");
        patient.addInteraction().setCode(TypeRestfulInteraction.READ);
        patient.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        patient.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN)
                .setDocumentation("system|MRN, or the bare MRN.");
        patient.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);

        CapabilityStatementRestResourceComponent document = resource(rest.addResource(), "DocumentReference",
                "One archived document: content[0] is the original as uploaded (hash is its SHA-1, the SHA-256 is in an "
                        + "extension), content[1] the searchable PDF once processed. Created only through ITI-65.");
        document.addInteraction().setCode(TypeRestfulInteraction.READ);
        document.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE)
                .setDocumentation("ITI-67: newest first, _count (default 20, at most 100) with next/previous links.");
        document.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE)
                .setDocumentation("Patient/id; or chained patient.identifier=system|MRN (the bare MRN is accepted). Required.");
        document.addSearchParam().setName("status").setType(SearchParamType.TOKEN)
                .setDocumentation("Every archived document is current.");
        document.addSearchParam().setName("type").setType(SearchParamType.TOKEN)
                .setDocumentation("http://loinc.org|code, a bare LOINC code, or a document type name from the archive's list.");
        document.addSearchParam().setName("date").setType(SearchParamType.DATE)
                .setDocumentation("The date of service (the archive date when none is known); prefixes eq, gt, lt, ge, le.");

        CapabilityStatementRestResourceComponent binary = resource(rest.addResource(), "Binary",
                "ITI-68: the bytes of a DocumentReference's attachments; the original byte for byte. Sent raw unless "
                        + "the client accepts only FHIR JSON.");
        binary.addInteraction().setCode(TypeRestfulInteraction.READ);

        CapabilityStatementRestResourceComponent list = resource(rest.addResource(), "List",
                "The SubmissionSets of ITI-65 submissions, as filed.");
        list.addInteraction().setCode(TypeRestfulInteraction.READ);
        return Narratives.summarise(statement, statement.getTitle());
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatementRestResourceComponent resource,
                                                                     String type, String documentation) {
        return resource.setType(type).setDocumentation(documentation).setVersioning(ResourceVersionPolicy.NOVERSION)
                .setReadHistory(false).setUpdateCreate(false);
    }
}
