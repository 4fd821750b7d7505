package org.chartvault.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The FHIR face of a real running ChartVault, used as an EHR would: HAPI's own FHIR client with a bearer token
 * finds a patient's documents, pages through them, retrieves originals and files new documents (ITI-65). Every
 * resource the server returns is parsed strictly and validated against the base R4 definitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MhdServerTest {
    private static final String MRN_SYSTEM = FhirSettings.DEFAULT_MRN_SYSTEM;
    private static final String LOINC = DocumentTypeCode.LOINC_SYSTEM;
    private static final String SUBMISSION_SET = "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes";

    private FhirConformance conformance;
    private RunningChartVault vault;
    private RunningChartVault.Client admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String roiToken, scannerToken, indexerToken;
    private IGenericClient roi, scanner;

    /** A patient whose three documents went through the real pipeline (born-digital PDFs). */
    private Patient scanned;
    private final Map<String, byte[]> uploadedOriginals = new java.util.LinkedHashMap<>();
    /** A patient with one document on file, to whom the ITI-65 test files another. */
    private Patient filer;
    /** A patient with 500 documents filed straight into store and index. */
    private static final String BUSY_MRN = "55500500";
    private List<ArchiveFixture.Filed> busy;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        conformance = new FhirConformance(); // loads the validator in the background meanwhile
        vault = RunningChartVault.start(dir.resolve("data"));
        admin = vault.admin(); // one login: each login costs a deliberately slow password hash
        roiToken = token("rita", "roi");
        scannerToken = token("sam", "scanner");
        indexerToken = token("ian", "indexer");
        roi = client(roiToken);
        scanner = client(scannerToken);

        ChartGenerator generator = new ChartGenerator(ChartPage.Typeface.DEFAULT);
        scanned = generator.patient(41);
        long started = System.nanoTime();
        List<String> batches = List.of(
                uploadBornDigital(generator.document(scanned, 1, "DISCHARGE SUMMARY", 1), "Discharge summary", "2021-03-04"),
                uploadBornDigital(generator.document(scanned, 2, "PROGRESS NOTE", 1), "Progress note", "2022-05-06"),
                uploadBornDigital(generator.document(scanned, 3, "PROGRESS NOTE", 1), "11506-3", "2023-07-08"));
        for (String batchId : batches) {
            JsonNode batch = admin.awaitBatch(batchId, Duration.ofMinutes(3));
            assertEquals("indexed", batch.get("documents").get(0).get("status").asText(), batch.toString());
        }
        long uploaded = System.nanoTime();

        filer = generator.patient(43);
        ArchiveFixture.file(vault.app(), filer.mrn(), filer.printedName(), filer.birthDate(), List.of("Consent document"),
                LocalDate.of(2019, 6, 1), 1);
        busy = ArchiveFixture.file(vault.app(), BUSY_MRN, "OKAFOR, GRACE", LocalDate.of(1961, 2, 3),
                List.of("Discharge summary", "Operative report", "Progress note", "Consultation", "Laboratory report"),
                LocalDate.of(2010, 1, 1), 500);
        long filed = System.nanoTime();
        System.out.printf("Fixture: 3 born-digital PDFs through the pipeline %d ms; 501 documents filed directly %d ms%n",
                (uploaded - started) / 1_000_000, (filed - uploaded) / 1_000_000);

        // warm the FHIR stack on another patient, then the first search of a page of this patient's documents:
        // nothing on it was rendered before, so the SHA-1 of each original on the page is computed and kept
        assertEquals(200, get("/fhir/DocumentReference?patient.identifier=" + scanned.mrn(), roiToken, null).status);
        firstPageMillis = timed(() -> assertEquals(200, get(busyQuery() + "&_offset=300", roiToken, null).status));
        samePageAgainMillis = timed(() -> assertEquals(200, get(busyQuery() + "&_offset=300", roiToken, null).status));
    }

    private long firstPageMillis, samePageAgainMillis;

    private static String busyQuery() {
        return "/fhir/DocumentReference?patient.identifier=" + encode(MRN_SYSTEM + "|" + BUSY_MRN) + "&status=current";
    }

    @AfterAll
    void stop() {
        System.out.println("FHIR validation: " + conformance.report());
        if (vault != null) vault.close();
    }

    // ---- metadata ----

    @Test
    void capabilityStatementIsReadableWithoutLoginAndSaysWhatIsSupported() {
        Raw answer = get("/fhir/metadata", null, "application/fhir+json");
        assertEquals(200, answer.status);
        assertTrue(answer.contentType.startsWith("application/fhir+json"), answer.contentType);
        CapabilityStatement statement = conformance.parseAndValidate(CapabilityStatement.class, answer.text());
        var rest = statement.getRestFirstRep();
        assertEquals("transaction", rest.getInteractionFirstRep().getCode().toCode());
        Map<String, Set<String>> interactions = new java.util.TreeMap<>();
        Map<String, Set<String>> parameters = new java.util.TreeMap<>();
        for (var resource : rest.getResource()) {
            interactions.put(resource.getType(), new java.util.TreeSet<>(resource.getInteraction().stream().map(i -> i.getCode().toCode()).toList()));
            parameters.put(resource.getType(), new java.util.TreeSet<>(resource.getSearchParam().stream().map(p -> p.getName()).toList()));
        }
        assertEquals(Map.of("Binary", Set.of("read"), "DocumentReference", Set.of("read", "search-type"),
                "List", Set.of("read"), "Patient", Set.of("read", "search-type")), interactions);
        assertEquals(Set.of("patient", "status", "type", "date"), parameters.get("DocumentReference"));
        assertEquals(List.of("application/fhir+json", "json"), statement.getFormat().stream().map(f -> f.getValue()).toList());
        System.out.println("CapabilityStatement: " + statement.getRest().get(0).getResource().stream()
                .map(r -> r.getType() + " " + interactions.get(r.getType()) + " " + parameters.get(r.getType())).toList()
                + " + system " + rest.getInteraction().stream().map(i -> i.getCode().toCode()).toList());
    }

    // ---- ITI-67 ----

    @Test
    void findsAPatientsDocumentsByIdentifierAndType() {
        Bundle all = roi.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().systemAndCode(MRN_SYSTEM, scanned.mrn()))
                .and(DocumentReference.STATUS.exactly().code("current"))
                .returnBundle(Bundle.class).execute();
        conformance.validate(all);
        assertEquals(3, all.getTotal());
        List<DocumentReference> references = resources(all, DocumentReference.class);
        assertEquals(List.of("2023-07-08", "2022-05-06", "2021-03-04"),
                references.stream().map(r -> r.getContext().getPeriod().getStartElement().getValueAsString()).toList(),
                "newest date of service first");
        for (DocumentReference reference : references) {
            assertEquals("Patient/" + scanned.mrn(), reference.getSubject().getReference());
            assertEquals(scanned.mrn(), reference.getSubject().getIdentifier().getValue());
            assertEquals(MRN_SYSTEM, reference.getSubject().getIdentifier().getSystem());
            assertEquals(DocumentReferenceStatus.CURRENT, reference.getStatus());
            assertTrue(reference.getMasterIdentifier().getValue().startsWith("urn:uuid:"));
            assertEquals(2, reference.getContent().size(), "the original and the searchable PDF");
            assertEquals("application/pdf", reference.getContent().get(1).getAttachment().getContentType());
        }

        Bundle progressNotes = roi.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().code(scanned.mrn()))
                .and(DocumentReference.TYPE.exactly().systemAndCode(LOINC, "11506-3"))
                .returnBundle(Bundle.class).execute();
        conformance.validate(progressNotes);
        assertEquals(2, progressNotes.getTotal(), "a type given by name at upload and one given by LOINC code");
        for (DocumentReference reference : resources(progressNotes, DocumentReference.class)) {
            assertEquals(LOINC, reference.getType().getCodingFirstRep().getSystem());
            assertEquals("11506-3", reference.getType().getCodingFirstRep().getCode());
            assertEquals("Progress note", reference.getType().getCodingFirstRep().getDisplay());
        }

        Bundle in2022 = roi.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasId("Patient/" + scanned.mrn()))
                .and(DocumentReference.DATE.afterOrEquals().day("2022-01-01"))
                .and(DocumentReference.DATE.beforeOrEquals().day("2022-12-31"))
                .returnBundle(Bundle.class).execute();
        assertEquals(1, in2022.getTotal());
        assertEquals("2022-05-06", resources(in2022, DocumentReference.class).get(0).getContext().getPeriod()
                .getStartElement().getValueAsString());

        Bundle otherSystem = roi.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().systemAndCode("urn:oid:9.9.9", scanned.mrn()))
                .returnBundle(Bundle.class).execute();
        assertEquals(0, otherSystem.getTotal(), "an MRN of another assigning authority is another patient");
    }

    @Test
    void pagesThroughFiveHundredDocumentsByNextLinks() {
        Bundle page = roi.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().systemAndCode(MRN_SYSTEM, BUSY_MRN))
                .count(100).returnBundle(Bundle.class).execute();
        List<String> seen = new ArrayList<>();
        int pages = 0;
        while (true) {
            // every page is parsed strictly by the client; the first and last are validated too (all 500 share one shape)
            if (pages == 0 || page.getLink("next") == null) conformance.validate(page);
            assertEquals(500, page.getTotal());
            pages++;
            for (DocumentReference reference : resources(page, DocumentReference.class)) {
                seen.add(reference.getIdentifier().stream().filter(i -> i.getSystem().equals("urn:chartvault:document"))
                        .findFirst().orElseThrow().getValue());
            }
            if (page.getLink("next") == null) break;
            page = roi.loadPage().next(page).execute();
        }
        assertEquals(5, pages);
        assertEquals(500, seen.size());
        assertEquals(500, new HashSet<>(seen).size(), "no document twice");
        List<String> newestFirst = busy.stream().sorted((a, b) -> b.serviceDate().compareTo(a.serviceDate()))
                .map(ArchiveFixture.Filed::documentId).toList();
        assertEquals(newestFirst, seen);

        Bundle operative = roi.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().code(BUSY_MRN))
                .and(DocumentReference.TYPE.exactly().code("Operative report"))
                .count(10).returnBundle(Bundle.class).execute();
        assertEquals(100, operative.getTotal(), "a type given by its name");
        assertEquals(10, operative.getEntry().size());
        assertNotNull(operative.getLink("next"));
    }

    @Test
    void measuresTheLatencyOfFindingDocumentsOfAPatientWithFiveHundred() {
        String query = busyQuery();
        List<Long> warm20 = new ArrayList<>(), warm100 = new ArrayList<>(), typed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            warm20.add(timed(() -> assertEquals(200, get(query, roiToken, null).status)));
            warm100.add(timed(() -> assertEquals(200, get(query + "&_count=100", roiToken, null).status)));
            typed.add(timed(() -> assertEquals(200, get(query + "&type=" + encode(LOINC + "|11504-8") + "&date=ge2011-01-01",
                    roiToken, null).status)));
        }
        System.out.printf("ITI-67 latency over HTTP, patient with 500 documents (load average %.1f on %d cores): a page never "
                        + "rendered before (20 SHA-1 computed) %d ms, the same page again %d ms; _count=20 median %d ms (max %d); "
                        + "_count=100 median %d ms (max %d); type+date filtered median %d ms%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), firstPageMillis, samePageAgainMillis,
                median(warm20), max(warm20), median(warm100), max(warm100), median(typed));
        // the same search in-process, with the CPU time it costs (independent of how busy the machine is)
        FhirFace face = new FhirFace(FhirContext.forR4(), FhirSettings.defaults(), vault.app().store(),
                new org.chartvault.document.DocumentRepository(vault.app().store(), new org.chartvault.storage.InProcessLocks(),
                        java.time.Clock.systemUTC()), vault.app().documents(), vault.app().originals(), vault.app().index(), vault.app().ingest(),
                (file, kind) -> 1, mrn -> java.util.Optional.empty(), DocumentTypeCodes.of(new org.chartvault.capture.DocumentTypeCatalog(vault.app().store(), new org.chartvault.storage.InProcessLocks(), java.time.Duration.ofSeconds(1))),
                DocumentAccessPolicy.allowAll(), vault.app().config().limits(), vault.app().config().dataDir().resolve("tmp"),
                java.time.Clock.systemUTC());
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        FhirUrls urls = new FhirUrls("http://localhost/fhir");
        org.chartvault.security.Caller caller = new org.chartvault.security.Caller("rita",
                Set.of(org.chartvault.security.Role.ROI), org.chartvault.security.Caller.How.TOKEN, null, null);
        List<Long> wall = new ArrayList<>(), cpu = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime(), start = System.nanoTime();
            try {
                var page = face.documentReferences().search(Map.of("patient.identifier", List.of(BUSY_MRN)), caller, urls);
                face.json().encode(page.bundle());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            wall.add((System.nanoTime() - start) / 1_000_000);
            cpu.add((threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
        }
        System.out.printf("ITI-67 in-process (search + encode, _count=20 of 500): wall median %d ms, CPU median %d ms%n",
                median(wall), median(cpu));
    }

    @Test
    void readsADocumentReferenceAndItsPatient() {
        DocumentReference reference = firstOf(scanned.mrn());
        DocumentReference read = roi.read().resource(DocumentReference.class).withId(reference.getIdPart()).execute();
        conformance.validate(read);
        assertEquals(reference.getMasterIdentifier().getValue(), read.getMasterIdentifier().getValue());

        org.hl7.fhir.r4.model.Patient patient = roi.read().resource(org.hl7.fhir.r4.model.Patient.class).withId(scanned.mrn()).execute();
        conformance.validate(patient);
        assertEquals(scanned.lastName().toUpperCase(), patient.getNameFirstRep().getFamily());
        assertEquals(scanned.birthDate().toString(), patient.getBirthDateElement().getValueAsString());

        Bundle found = roi.search().forResource(org.hl7.fhir.r4.model.Patient.class)
                .where(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly().systemAndCode(MRN_SYSTEM, BUSY_MRN))
                .returnBundle(Bundle.class).execute();
        conformance.validate(found);
        assertEquals(1, found.getTotal());
        assertEquals("OKAFOR", resources(found, org.hl7.fhir.r4.model.Patient.class).get(0).getNameFirstRep().getFamily());
        Bundle none = roi.search().forResource(org.hl7.fhir.r4.model.Patient.class)
                .where(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly().code("00000001")).returnBundle(Bundle.class).execute();
        assertEquals(0, none.getTotal());
    }

    // ---- ITI-68 ----

    @Test
    void retrievesTheOriginalByteForByteAndTheSearchablePdf() throws Exception {
        Bundle all = roi.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().code(scanned.mrn())).returnBundle(Bundle.class).execute();
        assertEquals(3, all.getEntry().size());
        for (DocumentReference reference : resources(all, DocumentReference.class)) {
            Attachment original = reference.getContent().get(0).getAttachment();
            String fileName = original.getTitle();
            byte[] uploaded = uploadedOriginals.get(fileName);
            assertNotNull(uploaded, fileName);

            Raw raw = get(original.getUrl(), roiToken, "*/*");
            assertEquals(200, raw.status);
            assertEquals("application/pdf", raw.contentType);
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.body));
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uploaded)), sha256);
            assertEquals(sha256, original.getExtensionString(DocumentReferenceMapper.SHA256_EXTENSION));
            assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(uploaded), original.getHash());
            assertEquals(uploaded.length, original.getSize());

            // the same bytes through HAPI's client, which asks for the Binary resource
            Binary binary = roi.read().resource(Binary.class).withUrl(original.getUrl()).execute();
            conformance.validate(binary);
            assertArrayEquals(uploaded, binary.getContent());

            Attachment searchable = reference.getContent().get(1).getAttachment();
            Raw pdf = get(searchable.getUrl(), roiToken, "application/pdf");
            assertEquals(200, pdf.status);
            assertEquals(searchable.getSize(), pdf.body.length);
            assertEquals("%PDF-", new String(pdf.body, 0, 5, StandardCharsets.US_ASCII));
        }
    }

    // ---- ITI-65 ----

    @Test
    void filesAProvidedDocumentBundleWhoseWordsBecomeSearchable() throws Exception {
        ChartDocument consult = new ChartGenerator(ChartPage.Typeface.DEFAULT).document(filer, 7, "CONSULTATION", 1);
        // a colour-scanner JPEG: the bundle is larger than the 1 MB the rest of the JSON API accepts
        byte[] scan = ChartFiles.jpeg(consult.pages().get(0).scan(300), 0.95f);
        int documentsBefore = archivedDocuments();

        Bundle bundle = submission(filer.mrn(), scan, "image/jpeg", "11488-4",
                b -> ((DocumentReference) b.getEntry().get(1).getResource()).getContext().getPeriod()
                        .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(consult.indexing().serviceDate().toString())));
        assertTrue(conformance.strictContext().newJsonParser().encodeResourceToString(bundle).length() > 1_000_000);
        Bundle response = scanner.transaction().withBundle(bundle).execute();
        conformance.validate(response);
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(List.of("201 Created", "201 Created", "201 Created"),
                response.getEntry().stream().map(e -> e.getResponse().getStatus()).toList());
        String listLocation = response.getEntry().get(0).getResponse().getLocation();
        String referenceLocation = response.getEntry().get(1).getResponse().getLocation();
        String binaryLocation = response.getEntry().get(2).getResponse().getLocation();
        assertTrue(listLocation.startsWith("List/sub-"), listLocation);
        assertTrue(referenceLocation.startsWith("DocumentReference/doc-"), referenceLocation);
        assertEquals(referenceLocation.replace("DocumentReference/", "Binary/"), binaryLocation);
        assertEquals(documentsBefore + 1, archivedDocuments(), "stored before the answer");

        ListResource list = roi.read().resource(ListResource.class).withId(listLocation.substring(5)).execute();
        conformance.validate(list);
        assertEquals(referenceLocation, list.getEntryFirstRep().getItem().getReference());

        // stored before the answer: the original is there byte for byte at once, OCR follows
        Raw original = get("/fhir/" + binaryLocation, roiToken, "*/*");
        assertArrayEquals(scan, original.body);

        String documentId = FhirIds.documentOf(referenceLocation.substring("DocumentReference/".length())).orElseThrow();
        assertNotEquals("failed", admin.awaitSettled(List.of(documentId), Duration.ofMinutes(2)).get(documentId));
        DocumentReference filed = roi.read().resource(DocumentReference.class).withId(referenceLocation).execute();
        conformance.validate(filed);
        assertEquals("11488-4", filed.getType().getCodingFirstRep().getCode());
        assertEquals("urn:oid:2.25.4711", filed.getMasterIdentifier().getValue(), "the sender's uniqueId is kept");
        assertEquals(consult.indexing().serviceDate().toString(), filed.getContext().getPeriod().getStartElement().getValueAsString());
        assertEquals(2, filed.getContent().size());

        // the same document again is recognised, not filed twice; for another patient it is a conflict
        Bundle again = scanner.transaction().withBundle(submission(filer.mrn(), scan, "image/jpeg", "11488-4", b -> { })).execute();
        assertEquals("200 OK", again.getEntry().get(1).getResponse().getStatus());
        assertEquals(referenceLocation, again.getEntry().get(1).getResponse().getLocation());
        refused(submission(BUSY_MRN, scan, "image/jpeg", "11488-4", b -> { }), 409, "already archived");
        assertEquals(documentsBefore + 1, archivedDocuments());

        String word = distinctiveWord(consult.pages().get(0));
        JsonNode hits = Json.mapper().readTree(get("/api/search?q=" + encode(word) + "&mrn=" + filer.mrn(), roiToken, null).body);
        List<String> found = new ArrayList<>();
        hits.get("hits").forEach(h -> found.add(h.get("documentId").asText()));
        assertTrue(found.contains(documentId), "'" + word + "' finds the filed page: " + hits);
    }

    @Test
    void refusesBrokenBundlesWithAnOperationOutcomeAndFilesNothing() throws Exception {
        byte[] pdf = ChartFiles.bornDigitalPdf(new ChartGenerator(ChartPage.Typeface.DEFAULT).document(scanned, 9, "REFERRAL", 1).pages());
        int documentsBefore = archivedDocuments();
        int submissionsBefore = vault.app().store().list(SubmissionSets.PREFIX).size();

        refused(submission(scanned.mrn(), pdf, "application/pdf", "57133-1", b -> b.getEntry().remove(2)),
                400, "no Binary in the bundle has that fullUrl");
        refused(submission("00000001", pdf, "application/pdf", "57133-1", b -> { }), 422, "not a known patient");
        refused(submission(scanned.mrn(), pdf, "application/pdf", "57133-1",
                b -> ((DocumentReference) b.getEntry().get(1).getResource()).setSubject(new Reference("Patient/" + BUSY_MRN))),
                422, "but the SubmissionSet to MRN");
        refused(submission(scanned.mrn(), pdf, "application/pdf", "99999-9", b -> { }), 422, "unknown type");
        refused(submission(scanned.mrn(), pdf, "application/pdf", "57133-1",
                b -> ((DocumentReference) b.getEntry().get(1).getResource()).getContentFirstRep().getAttachment().setSize(pdf.length + 1)),
                422, "declares " + (pdf.length + 1) + " bytes");
        refused(submission(scanned.mrn(), pdf, "application/pdf", "57133-1",
                b -> ((DocumentReference) b.getEntry().get(1).getResource()).getContentFirstRep().getAttachment().setHash(new byte[20])),
                422, "SHA-1 hash declared");
        refused(submission(scanned.mrn(), pdf, "image/png", "57133-1", b -> { }), 422, "but the bytes are application/pdf");
        refused(submission(scanned.mrn(), "not a scan".getBytes(StandardCharsets.UTF_8), "application/pdf", "57133-1", b -> { }),
                422, "is not a PDF, TIFF, PNG or JPEG");
        refused(submission(scanned.mrn(), pdf, "application/pdf", "57133-1", b -> b.setType(Bundle.BundleType.BATCH)),
                400, "Bundle of type transaction");

        // bad base64 cannot be built with the model: break the JSON on the wire
        String json = conformance.strictContext().newJsonParser().encodeResourceToString(
                submission(scanned.mrn(), pdf, "application/pdf", "57133-1", b -> { }));
        String data = Base64.getEncoder().encodeToString(pdf);
        assertTrue(json.contains(data));
        Raw badBase64 = post("/fhir", scannerToken, json.replace(data, "%%%not*base64%%%" + data.substring(20)));
        assertEquals(400, badBase64.status, badBase64.text());
        OperationOutcome outcome = conformance.parseAndValidate(OperationOutcome.class, badBase64.text());
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().toLowerCase().contains("invalid"), badBase64.text());
        assertFalse(badBase64.text().contains(data.substring(20, 60)), "the document is not echoed back");

        assertEquals(documentsBefore, archivedDocuments(), "nothing filed");
        assertEquals(submissionsBefore, vault.app().store().list(SubmissionSets.PREFIX).size());
    }

    // ---- refusals, roles and audit ----

    @Test
    void refusalsAreOperationOutcomesWithTheirStatus() {
        String search = "/fhir/DocumentReference?patient.identifier=" + scanned.mrn();
        String someBinary = firstOf(scanned.mrn()).getContent().get(0).getAttachment().getUrl();
        record Case(String path, String token, String accept, int status) {
        }
        for (Case c : List.of(
                new Case(search, null, null, 401),
                new Case(search, "not-a-token", null, 401),
                new Case(search, scannerToken, null, 403),
                new Case(someBinary, indexerToken, "*/*", 403),
                new Case("/fhir/DocumentReference/doc-00000000000000000000000000", roiToken, null, 404),
                new Case("/fhir/Patient/00000001", roiToken, null, 404),
                new Case("/fhir/Observation?patient=1", roiToken, null, 404),
                new Case("/fhir/DocumentReference?type=18842-5", roiToken, null, 400),
                new Case(search + "&date=sometime", roiToken, null, 400),
                new Case(search + "&_format=xml", roiToken, null, 406),
                new Case(search, roiToken, "application/fhir+xml", 406))) {
            Raw answer = get(c.path, c.token, c.accept);
            assertEquals(c.status, answer.status, c + " answered " + answer.text());
            assertTrue(answer.contentType.startsWith("application/fhir+json"), c + ": " + answer.contentType);
            OperationOutcome outcome = conformance.parseAndValidate(OperationOutcome.class, answer.text());
            assertFalse(outcome.getIssueFirstRep().getDiagnostics().isBlank());
        }
        Raw wrongRole = post("/fhir", roiToken, "{}");
        assertEquals(403, wrongRole.status, "filing is a scanner's work");
        Raw xml = send(HttpRequest.newBuilder(URI.create(vault.url("/fhir"))).header("Authorization", "Bearer " + scannerToken)
                .header("Content-Type", "application/fhir+xml").POST(HttpRequest.BodyPublishers.ofString("<Bundle/>")));
        assertEquals(415, xml.status);
        conformance.parseAndValidate(OperationOutcome.class, xml.text());
    }

    @Test
    void everyFhirReadAndSearchIsInTheAuditTrail() {
        String user = "audra";
        String token = token(user, "roi");
        IGenericClient client = client(token);
        DocumentReference reference = resources(client.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().code(scanned.mrn())).count(1)
                .returnBundle(Bundle.class).execute(), DocumentReference.class).get(0);
        client.read().resource(DocumentReference.class).withId(reference.getIdPart()).execute();
        client.read().resource(Binary.class).withUrl(reference.getContent().get(0).getAttachment().getUrl()).execute();
        client.read().resource(org.hl7.fhir.r4.model.Patient.class).withId(scanned.mrn()).execute();

        JsonNode entries = admin.get("/api/audit?user=" + user + "&limit=100").json().get("entries");
        List<String> actions = new ArrayList<>();
        entries.forEach(e -> actions.add(e.get("action").asText() + " " + e.get("target").get("type").asText() + " "
                + e.get("outcome").asText()));
        String documentId = FhirIds.documentOf(reference.getIdPart()).orElseThrow();
        assertTrue(actions.containsAll(List.of("search patient success", "view-document document success",
                "download-original document success", "view-patient patient success")), actions.toString());
        List<String> targets = new ArrayList<>();
        entries.forEach(e -> targets.add(e.get("target").get("id").asText()));
        assertTrue(targets.contains(documentId) && targets.contains(scanned.mrn()), targets.toString());
    }

    @Test
    void theDocumentTypeListIsReadByEveryoneAndReplacedOnlyByAnAdministrator() {
        JsonNode types = admin.get("/api/document-types").json().get("documentTypes");
        assertEquals(12, types.size(), "the starter list, Other / Unclassified included");
        String csv = admin.get("/api/document-types?format=csv").text();
        assertTrue(csv.startsWith("#") || csv.startsWith("name,"), csv);
        Raw byRoi = send(HttpRequest.newBuilder(URI.create(vault.url("/api/document-types"))).header("Authorization", "Bearer " + roiToken)
                .header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofString(csv)));
        assertEquals(403, byRoi.status);
    }

    // ---- helpers ----

    /** A minimal valid ITI-65 bundle for one document, changed by {@code breakIt} for the refusal cases. */
    private Bundle submission(String mrn, byte[] content, String contentType, String loinc, Consumer<Bundle> breakIt) {
        String listUrl = "urn:uuid:" + UUID.randomUUID(), referenceUrl = "urn:uuid:" + UUID.randomUUID();
        String binaryUrl = "urn:uuid:" + UUID.randomUUID();
        ListResource list = new ListResource().setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.WORKING);
        list.getCode().addCoding().setSystem(SUBMISSION_SET).setCode("submissionset");
        list.setSubject(new Reference("Patient/" + mrn)).setDate(new Date());
        list.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:2.25.4712");
        list.addEntry().getItem().setReference(referenceUrl);

        DocumentReference reference = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT);
        reference.getMasterIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:2.25.4711");
        reference.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue(referenceUrl);
        reference.getType().addCoding().setSystem(LOINC).setCode(loinc);
        reference.setSubject(new Reference("Patient/" + mrn));
        reference.setDate(new Date());
        reference.getContext().getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2024-02-29"));
        Attachment attachment = reference.addContent().getAttachment();
        attachment.setContentType(contentType).setUrl(binaryUrl).setSize(content.length).setTitle("mhd-" + UUID.randomUUID() + ".scan");
        try {
            attachment.setHash(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Binary binary = new Binary().setContentType(contentType);
        binary.setContent(content);

        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl(listUrl).setResource(list).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("List");
        bundle.addEntry().setFullUrl(referenceUrl).setResource(reference).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference");
        bundle.addEntry().setFullUrl(binaryUrl).setResource(binary).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Binary");
        breakIt.accept(bundle);
        return bundle;
    }

    private void refused(Bundle bundle, int status, String says) {
        try {
            scanner.transaction().withBundle(bundle).execute();
            fail("accepted a bundle that should be refused (" + says + ")");
        } catch (BaseServerResponseException e) {
            assertEquals(status, e.getStatusCode(), e.getMessage());
            OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
            assertNotNull(outcome, "an OperationOutcome comes back");
            conformance.validate(outcome);
            assertTrue(outcome.getIssue().stream().anyMatch(i -> i.getDiagnostics().contains(says)),
                    "expected '" + says + "' in " + outcome.getIssue().stream().map(i -> i.getDiagnostics()).toList());
        }
    }

    private DocumentReference firstOf(String mrn) {
        return resources(roi.search().forResource(DocumentReference.class)
                .where(new TokenClientParam("patient.identifier").exactly().code(mrn)).count(1)
                .returnBundle(Bundle.class).execute(), DocumentReference.class).get(0);
    }

    private static <T extends IBaseResource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
    }

    private String uploadBornDigital(ChartDocument document, String documentType, String serviceDate) {
        byte[] pdf = ChartFiles.bornDigitalPdf(document.pages());
        String fileName = "chart-" + serviceDate + ".pdf";
        uploadedOriginals.put(fileName, pdf);
        RunningChartVault.Client uploader = admin;
        var indexing = document.indexing();
        RunningChartVault.Response answer = uploader.upload(Map.of("mrn", indexing.mrn(), "patientName", indexing.patientName(),
                "birthDate", indexing.birthDate().toString(), "documentType", documentType, "serviceDate", serviceDate),
                new RunningChartVault.Part(fileName, pdf));
        assertEquals(202, answer.status(), answer.toString());
        return answer.json().get("batchId").asText();
    }


    /** A long word of the page that appears once in its text: what a clerk would search for. */
    private static String distinctiveWord(ChartPage page) {
        return page.words().stream().map(w -> w.replaceAll("[^A-Za-z]", "")).filter(w -> w.length() >= 9)
                .filter(w -> !w.equalsIgnoreCase("CONSULTATION")).findFirst().orElseThrow();
    }

    private int archivedDocuments() throws IOException {
        return vault.app().store().listFolders("documents/").size();
    }

    /** Creates a user with these roles and returns an API token, as an integration's administrator would. */
    private String token(String username, String... roles) {
        String password = "Pw-" + UUID.randomUUID();
        RunningChartVault.Response created = admin.post("/api/users",
                Map.of("username", username, "password", password, "roles", List.of(roles)));
        assertEquals(201, created.status(), created.toString());
        Raw session = send(HttpRequest.newBuilder(URI.create(vault.url("/api/session"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(Map.of("username", username, "password", password)))));
        String cookie = session.headers.firstValue("set-cookie").orElseThrow().split(";", 2)[0];
        String csrf = json(session).get("csrfToken").asText();
        Raw token = send(HttpRequest.newBuilder(URI.create(vault.url("/api/tokens"))).header("Content-Type", "application/json")
                .header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(Map.of("name", "ehr")))));
        assertEquals(201, token.status, token.text());
        return json(token).get("token").asText();
    }

    private IGenericClient client(String token) {
        FhirContext context = conformance.strictContext();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        context.getRestfulClientFactory().setSocketTimeout(120_000);
        IGenericClient client = context.newRestfulGenericClient(vault.url("/fhir"));
        client.setEncoding(EncodingEnum.JSON);
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    private record Raw(int status, String contentType, byte[] body, java.net.http.HttpHeaders headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Raw get(String pathOrUrl, String token, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : vault.url(pathOrUrl)));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (accept != null) b.header("Accept", accept);
        return send(b.GET());
    }

    private Raw post(String path, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(vault.url(path))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Raw send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Raw(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Raw raw) {
        try {
            return Json.mapper().readTree(raw.body);
        } catch (IOException e) {
            throw new UncheckedIOException(raw.text(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
