package org.chartvault.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chartvault.Json;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.RunningChartVault;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FHIR face against what an attacker controls: the request's headers, its query and its body. Requests go
 * over a plain socket, so that headers an HTTP client would refuse to forge (Host) and bytes it would refuse to
 * send (a broken escape in a query) reach the server as an attacker sends them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UntrustedFhirInputTest {
    private static final String PUBLIC_URL = "https://archive.northgate.example/chartvault";
    private static final String MRN = "61000061";

    private RunningChartVault vault;
    private String token;
    /** A well-formed ITI-65 Provide Document Bundle for the fixture's patient, as JSON; the cases break copies of it. */
    private ObjectNode wellFormed;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // 3 MiB for all FHIR submissions together: two at a time, each holding a small part of its bundle
        vault = RunningChartVault.start(dir.resolve("data"), Map.of("CHARTVAULT_PUBLIC_URL", PUBLIC_URL + "/",
                "CHARTVAULT_FHIR_MEMORY_MB", "3"));
        token = vault.admin().token(); // a token cannot make tokens: the administrator's own is the one to send
        ArchiveFixture.file(vault.app(), MRN, "QUIGLEY, ROSA", LocalDate.of(1970, 4, 5), List.of("Discharge summary"),
                LocalDate.of(2020, 1, 1), 3);
        byte[] pdf = ChartFiles.bornDigitalPdf(new ChartGenerator(ChartPage.Typeface.DEFAULT).document(61, "REFERRAL", 1).pages());
        wellFormed = (ObjectNode) Json.mapper().readTree(FhirJsonTest.R4.newJsonParser().encodeResourceToString(submission(pdf)));
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    // ---- the request's Host header ----

    @Test
    void forgedHostHeaderDoesNotSteerFhirLinks() throws IOException {
        Map<String, String> forged = Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "http");
        Raw search = send("GET", "/fhir/DocumentReference?patient.identifier=" + MRN + "&_count=1", forged, null);
        assertEquals(200, search.status, search.text());
        assertFalse(search.text().contains("evil.example"), search.text());
        JsonNode bundle = search.json();
        List<String> urls = new ArrayList<>();
        bundle.get("link").forEach(link -> urls.add(link.get("url").asText()));
        assertEquals(2, urls.size(), "self and next: " + urls);
        bundle.get("entry").forEach(entry -> {
            urls.add(entry.get("fullUrl").asText());
            entry.get("resource").get("content").forEach(content -> urls.add(content.get("attachment").get("url").asText()));
        });
        for (String url : urls) assertTrue(url.startsWith(PUBLIC_URL + "/fhir/"), url);

        Raw metadata = send("GET", "/fhir/metadata", forged, null);
        assertEquals(PUBLIC_URL + "/fhir", metadata.json().get("implementation").get("url").asText());
        Raw patients = send("GET", "/fhir/Patient?identifier=" + MRN, forged, null);
        assertEquals(PUBLIC_URL + "/fhir/Patient/" + MRN, patients.json().get("entry").get(0).get("fullUrl").asText());
        assertFalse(patients.text().contains("evil.example"));
    }

    // ---- malformed bodies and queries ----

    /** One malformed ITI-65 body: what is wrong, the body, and the status it is answered with. */
    private record Malformed(String wrong, byte[] body, int status) {
        @Override
        public String toString() {
            return wrong;
        }
    }

    private Malformed broken(String wrong, int status, Consumer<ObjectNode> breakIt) {
        ObjectNode bundle = wellFormed.deepCopy();
        breakIt.accept(bundle);
        return new Malformed(wrong, bundle.toString().getBytes(StandardCharsets.UTF_8), status);
    }

    private static Malformed raw(String wrong, int status, String body) {
        return new Malformed(wrong, body.getBytes(StandardCharsets.UTF_8), status);
    }

    private static ObjectNode entry(ObjectNode bundle, int i) {
        return (ObjectNode) bundle.get("entry").get(i).get("resource");
    }

    private static ObjectNode list(ObjectNode bundle) {
        return entry(bundle, 0);
    }

    private static ObjectNode reference(ObjectNode bundle) {
        return entry(bundle, 1);
    }

    private static ObjectNode binary(ObjectNode bundle) {
        return entry(bundle, 2);
    }

    private static ObjectNode attachment(ObjectNode bundle) {
        return (ObjectNode) reference(bundle).get("content").get(0).get("attachment");
    }

    private static void narrative(ObjectNode resource, String div) {
        ObjectNode text = resource.putObject("text").put("status", "generated");
        text.put("div", div);
    }

    @Test
    void malformedNarrativeAnswers400OperationOutcome() throws IOException {
        String xhtml = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
        String valid = wellFormed.toString();
        String deep = "{\"url\":\"urn:x\",\"extension\":[".repeat(3000);
        List<Malformed> cases = List.of(
                broken("a narrative that is not an XHTML div", 400, b -> narrative(reference(b), "<p>not a div</p>")),
                broken("a narrative with an unclosed element", 400, b -> narrative(reference(b), xhtml + "<p>unclosed</div>")),
                broken("a narrative with an undeclared entity", 400, b -> narrative(list(b), xhtml + "&bogus;</div>")),
                broken("a narrative that is cut off", 400, b -> narrative(reference(b), xhtml + "<")),
                broken("a narrative with a script", 400, b -> narrative(list(b), xhtml + "<p>Submission</p><script>steal()</script></div>")),
                broken("a narrative with an event handler", 400, b -> narrative(list(b), xhtml + "<img src=\"x\" onerror=\"steal()\"/></div>")),
                broken("a narrative with a script link", 400, b -> narrative(list(b), xhtml + "<a href=\" JavaScript:steal()\">open</a></div>")),
                broken("an empty narrative", 400, b -> narrative(reference(b), xhtml + "  </div>")),
                broken("a narrative that is plain text", 400, b -> narrative(list(b), "Submission set")),
                broken("a narrative that is a number", 400, b -> ((ObjectNode) reference(b).putObject("text").put("status", "generated"))
                        .put("div", 42)),
                raw("no body", 400, ""),
                raw("not JSON", 400, valid.substring(0, valid.length() / 2)),
                raw("a JSON array", 400, "[" + valid + "]"),
                raw("more after the Bundle", 400, valid + "{\"resourceType\":\"Bundle\"}"),
                new Malformed("bytes that are not UTF-8", concat(valid.substring(0, valid.indexOf("\"current\"") + 2),
                        new byte[] {(byte) 0xC3, (byte) 0x28}, valid.substring(valid.indexOf("\"current\"") + 2)), 400),
                raw("a key given twice", 400, valid.replace("{\"resourceType\":\"Binary\",", "{\"resourceType\":\"Binary\",\"data\":\"JVBERi0=\",")),
                raw("nesting deeper than any resource", 400, valid.replace("\"status\":\"current\"",
                        "\"status\":\"current\",\"extension\":[" + deep + "]")),
                broken("no resourceType", 400, b -> b.remove("resourceType")),
                broken("an unknown resourceType", 400, b -> b.put("resourceType", "Bundel")),
                broken("a Patient, not a Bundle", 400, b -> { b.removeAll(); b.put("resourceType", "Patient"); }),
                broken("a resource of an unknown type in an entry", 400, b -> reference(b).put("resourceType", "DocumentRefrence")),
                broken("a batch, not a transaction", 400, b -> b.put("type", "batch")),
                broken("entries that are not an array", 400, b -> b.putObject("entry")),
                broken("an entry that is not an object", 400, b -> ((ArrayNode) b.get("entry")).insert(0, 7)),
                broken("an unknown element", 400, b -> reference(b).put("colour", "blue")),
                broken("an unknown status code", 400, b -> reference(b).put("status", "approved")),
                broken("a date that does not exist", 400, b -> reference(b).put("date", "2024-02-30T10:00:00Z")),
                broken("an instant without its time zone", 400, b -> reference(b).put("date", "2024-02-29T10:00:00")),
                broken("an instant without a time", 400, b -> reference(b).put("date", "2024-02-29")),
                broken("a time of service without its time zone", 400, b -> ((ObjectNode) reference(b).get("context").get("period"))
                        .put("start", "2024-02-29T10:00:00")),
                broken("a period start that is no date", 400, b -> ((ObjectNode) reference(b).get("context").get("period"))
                        .put("start", "yesterday")),
                broken("a number where a date goes", 400, b -> reference(b).put("date", 20240229)),
                broken("an attachment size that is text", 400, b -> attachment(b).put("size", "large")),
                broken("a number too long to read", 400, b -> attachment(b).put("size", new java.math.BigInteger("9".repeat(2000)))),
                broken("a hash that is not base64", 400, b -> attachment(b).put("hash", "*** not base64 ***")),
                broken("Binary data that is not base64", 400, b -> binary(b).put("data", "%%%" + binary(b).get("data").asText())),
                broken("Binary data that is an object", 400, b -> binary(b).putObject("data").put("base64", "JVBERi0=")),
                broken("Binary data that is a number", 400, b -> binary(b).put("data", 12345)),
                broken("Binary data without its padding", 400, b -> binary(b).put("data", "JVBERi0")),
                broken("document data where no document goes", 400, b -> list(b).put("data", "JVBERi0=")),
                broken("inline attachment data that is not base64", 400, b -> {
                    attachment(b).remove("url");
                    attachment(b).put("data", "!!" + binary(b).get("data").asText());
                    ((ArrayNode) b.get("entry")).remove(2);
                }),
                broken("an attachment that points to no Binary", 400, b -> attachment(b).put("url", "urn:uuid:00000000-0000-0000-0000-000000000000")),
                broken("a Binary no DocumentReference points to", 400, b -> ((ArrayNode) b.get("entry")).add(((ObjectNode) b.get("entry").get(2).deepCopy())
                        .put("fullUrl", "urn:uuid:11111111-1111-1111-1111-111111111111"))),
                broken("a subject reference that names no patient", 422, b -> ((ObjectNode) reference(b).get("subject")).put("reference", "Patient/")),
                broken("a subject reference to a contained resource that is not there", 400,
                        b -> ((ObjectNode) reference(b).get("subject")).put("reference", "#nobody")),
                broken("a SubmissionSet without a subject", 400, b -> list(b).remove("subject")),
                broken("a contained resource without an id", 400, b -> reference(b).putArray("contained").addObject()
                        .put("resourceType", "Patient")),
                broken("an extension with a value and extensions", 400, b -> reference(b).putArray("extension").addObject()
                        .put("url", "urn:x").put("valueString", "v").putArray("extension").addObject().put("url", "urn:y").put("valueString", "w")),
                broken("an entry whose request is a read", 400, b -> ((ObjectNode) b.get("entry").get(1).get("request")).put("method", "GET")));

        int documentsBefore = archivedDocuments();
        List<String> wrong = new ArrayList<>();
        for (Malformed c : cases) {
            Raw answer = send("POST", "/fhir", Map.of("Content-Type", "application/fhir+json"), c.body());
            String outcome = answer.headers().getOrDefault("content-type", "").startsWith("application/fhir+json")
                    && answer.json().path("resourceType").asText().equals("OperationOutcome")
                    && answer.json().path("issue").size() > 0 ? "an OperationOutcome" : "no OperationOutcome: " + answer.text();
            if (answer.status() != c.status() || !outcome.equals("an OperationOutcome")) {
                wrong.add(c + ": " + answer.status() + " (expected " + c.status() + "), " + outcome);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(documentsBefore, archivedDocuments(), "nothing filed");

        Raw accepted = send("POST", "/fhir", Map.of("Content-Type", "application/fhir+json"), valid.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, accepted.status(), "the bundle the cases break is itself well-formed: " + accepted.text());
    }

    @Test
    void badSearchParametersAnswer400OperationOutcome() throws IOException {
        String search = "/fhir/DocumentReference?patient.identifier=" + MRN;
        List<String> wrong = new ArrayList<>();
        for (String target : List.of(
                "/fhir/DocumentReference?patient=%zz",
                "/fhir/DocumentReference?patient.identifier=6100%",
                "/fhir/DocumentReference?patient.identifier=%E0%A4%A",
                search + "&date=2020-02-30",
                search + "&date=2020-01-01T25:00:00Z",
                search + "&date=ge",
                search + "&date=ge2020-01-01,le2020-12-31",
                search + "&_count=1e3",
                search + "&_count=99999999999",
                search + "&_offset=-1",
                search + "&_offset=99999999999",
                search + "&status=",
                search + "&type=%7C",
                "/fhir/Patient?identifier=%7C",
                "/fhir/Patient?identifier=" + MRN + "&_id=" + MRN,
                "/fhir/Patient?identifier=%zz")) {
            Raw answer = send("GET", target, Map.of(), null);
            boolean outcome = answer.headers().getOrDefault("content-type", "").startsWith("application/fhir+json")
                    && answer.json().path("resourceType").asText().equals("OperationOutcome");
            if (answer.status() != 400 || !outcome) wrong.add(target + ": " + answer.status() + " " + answer.text());
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));

        // the largest offset there is: an empty page whose links go back, not past the end or below zero
        Raw last = send("GET", search + "&_count=100&_offset=2147483647", Map.of(), null);
        assertEquals(200, last.status(), last.text());
        assertEquals(0, last.json().path("entry").size());
        last.json().get("link").forEach(link -> assertFalse(link.get("url").asText().matches(".*_offset=-.*"), link.toString()));
        assertTrue(last.json().get("link").findValuesAsText("relation").stream().noneMatch("next"::equals), last.text());
    }

    // ---- memory ----

    @Test
    void concurrentLargeSubmissionsStayWithinTheMemoryBudget() throws Exception {
        SubmissionMemory memory = vault.app().fhir().submissionMemory();
        assertEquals(3 * 1024 * 1024, memory.capacity());
        int submissions = 4;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < submissions; i++) {
            byte[] pdf = largePdf(100 + i, 2_500_000);
            bodies.add(FhirJsonTest.R4.newJsonParser().encodeResourceToString(submission(pdf)).getBytes(StandardCharsets.UTF_8));
        }
        long sent = bodies.stream().mapToLong(b -> b.length).sum();
        assertTrue(bodies.stream().allMatch(b -> b.length > memory.capacity()), "each bundle alone is larger than the budget");

        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(submissions);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Raw>> answers = new ArrayList<>();
            for (byte[] body : bodies) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return send("POST", "/fhir", Map.of("Content-Type", "application/fhir+json"), body);
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Raw> answer : answers) {
                Raw raw = answer.get(3, java.util.concurrent.TimeUnit.MINUTES);
                assertEquals(200, raw.status(), raw.text());
                assertEquals("201 Created", raw.json().get("entry").get(1).get("response").get("status").asText());
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(memory.peak() <= memory.capacity(), "held " + memory.peak() + " of " + memory.capacity());
        assertEquals(0, memory.inUse(), "every share was given back");
        System.out.printf("%d concurrent ITI-65 submissions, %.1f MiB of bundles: at most %.1f MiB held at once (budget %.1f MiB)%n",
                submissions, sent / 1048576.0, memory.peak() / 1048576.0, memory.capacity() / 1048576.0);
    }

    /**
     * A PDF of a chart page with its text layer (so the pipeline does not OCR it) and an image of noise that no
     * compression shrinks, about {@code bytes} long; each seed makes another document.
     */
    private static byte[] largePdf(int seed, int bytes) throws IOException {
        byte[] page = ChartFiles.bornDigitalPdf(new ChartGenerator(ChartPage.Typeface.DEFAULT).document(seed, "REFERRAL", 1).pages());
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(page)) {
            int side = (int) Math.sqrt(bytes / 3.0);
            java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.util.Random random = new java.util.Random(seed);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) noise.setRGB(x, y, random.nextInt(1 << 24));
            }
            var image = org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory.createFromImage(pdf, noise);
            try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(pdf, pdf.getPage(0),
                    org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode.APPEND, true)) {
                content.drawImage(image, 540, 20, 36, 36); // a small stamp in the corner
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        }
    }

    private int archivedDocuments() throws IOException {
        return vault.app().store().listFolders("documents/").size();
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** An ITI-65 bundle of one document for the fixture's patient: List, DocumentReference, Binary. */
    private static Bundle submission(byte[] pdf) throws java.security.NoSuchAlgorithmException {
        String listUrl = "urn:uuid:" + java.util.UUID.randomUUID(), referenceUrl = "urn:uuid:" + java.util.UUID.randomUUID();
        String binaryUrl = "urn:uuid:" + java.util.UUID.randomUUID();
        ListResource list = new ListResource().setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.WORKING);
        list.getCode().addCoding().setSystem("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes").setCode("submissionset");
        list.setSubject(new Reference("Patient/" + MRN));
        list.addEntry().getItem().setReference(referenceUrl);
        DocumentReference reference = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT);
        reference.getType().addCoding().setSystem(DocumentTypeCode.LOINC_SYSTEM).setCode("57133-1");
        reference.setSubject(new Reference("Patient/" + MRN));
        reference.setDate(new java.util.Date());
        reference.getContext().getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2024-02-29"));
        Attachment attachment = reference.addContent().getAttachment();
        attachment.setContentType("application/pdf").setUrl(binaryUrl).setSize(pdf.length)
                .setHash(java.security.MessageDigest.getInstance("SHA-1").digest(pdf));
        Binary binary = new Binary().setContentType("application/pdf");
        binary.setContent(pdf);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl(listUrl).setResource(list).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("List");
        bundle.addEntry().setFullUrl(referenceUrl).setResource(reference).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference");
        bundle.addEntry().setFullUrl(binaryUrl).setResource(binary).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Binary");
        return bundle;
    }

    // ---- raw HTTP ----

    private record Raw(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
            }
        }
    }

    /**
     * One HTTP/1.0 request as written here, byte for byte (the answer then comes without chunking and the
     * connection closes after it). A bearer token is added unless the headers carry their own Authorization.
     */
    private Raw send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "localhost:" + vault.app().port());
        all.put("Authorization", "Bearer " + token);
        all.putAll(headers);
        if (body != null) all.put("Content-Length", Integer.toString(body.length));
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.0\r\n");
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", vault.app().port())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Raw parse(byte[] response) {
        int end = 0;
        while (end + 3 < response.length && !(response[end] == '\r' && response[end + 1] == '\n'
                && response[end + 2] == '\r' && response[end + 3] == '\n')) end++;
        String[] head = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(response, Math.min(end + 4, response.length), response.length);
        return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, body);
    }
}
