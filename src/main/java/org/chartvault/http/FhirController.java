package org.chartvault.http;

import io.javalin.http.Context;
import org.chartvault.audit.Target;
import org.chartvault.fhir.DocumentReferences;
import org.chartvault.fhir.DocumentSubmissions;
import org.chartvault.fhir.FhirException;
import org.chartvault.fhir.FhirFace;
import org.chartvault.fhir.FhirIds;
import org.chartvault.fhir.FhirJson;
import org.chartvault.fhir.FhirUrls;
import org.chartvault.fhir.Patients;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.OperationOutcome;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The FHIR R4 / IHE MHD routes under {@code /fhir} (and the document type list under {@code /api}): parse the
 * request, call {@link FhirFace}, answer FHIR JSON. Every refusal is an OperationOutcome, also those raised
 * before a handler runs (see {@link HttpApi}'s error mapping for {@code /fhir} paths).
 */
public final class FhirController {
    private static final String FHIR_JSON = FhirJson.MEDIA_TYPE + "; charset=utf-8";

    private final FhirFace fhir;
    /** The base every absolute URL is built on: the configured public URL, never the request's Host header. */
    private final Supplier<FhirUrls> urls;

    public FhirController(FhirFace fhir, Supplier<FhirUrls> urls) {
        this.fhir = fhir;
        this.urls = urls;
    }

    /** True for the paths whose errors are OperationOutcomes. */
    static boolean isFhirPath(Context ctx) {
        return ctx.path().equals("/fhir") || ctx.path().startsWith("/fhir/");
    }

    /** True once a FHIR handler wrote its own answer (a 404 OperationOutcome of its own must not be replaced). */
    static boolean answered(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(FhirJson.MEDIA_TYPE);
    }

    void metadata(Context ctx) throws IOException {
        answer(ctx, () -> fhir.capabilityStatement(urls.get()));
    }

    void searchPatients(Context ctx) throws IOException {
        answer(ctx, () -> {
            Patients.SearchResult result = fhir.patients().search(ctx.queryParamMap(), urls.get());
            if (result.mrn() != null) ctx.attribute(HttpApi.AUDIT_TARGET, Target.patient(result.mrn()));
            ctx.attribute(HttpApi.AUDIT_DETAIL, "FHIR Patient search, " + result.bundle().getTotal() + " found");
            return result.bundle();
        });
    }

    void readPatient(Context ctx) throws IOException {
        answer(ctx, () -> {
            FhirIds.mrnOf(ctx.pathParam("patientId")).ifPresent(mrn -> ctx.attribute(HttpApi.AUDIT_TARGET, Target.patient(mrn)));
            return fhir.patients().read(ctx.pathParam("patientId"));
        });
    }

    void searchDocumentReferences(Context ctx) throws IOException {
        answer(ctx, () -> {
            DocumentReferences.SearchPage page = fhir.documentReferences().search(ctx.queryParamMap(), Auth.caller(ctx), urls.get());
            if (page.mrn() != null) ctx.attribute(HttpApi.AUDIT_TARGET, Target.patient(page.mrn()));
            ctx.attribute(HttpApi.AUDIT_DETAIL, "FHIR ITI-67 " + ctx.queryString() + "; " + page.total() + " found, shown: "
                    + String.join(" ", page.documentIds()));
            return page.bundle();
        });
    }

    void readDocumentReference(Context ctx) throws IOException {
        answer(ctx, () -> {
            FhirIds.documentOf(ctx.pathParam("documentReferenceId"))
                    .ifPresent(id -> ctx.attribute(HttpApi.AUDIT_TARGET, Target.document(id)));
            return fhir.documentReferences().read(ctx.pathParam("documentReferenceId"), Auth.caller(ctx), urls.get());
        });
    }

    /** True when a Binary request is for a searchable PDF (audited as such), not an original. */
    static boolean asksForSearchablePdf(Context ctx) {
        return ctx.pathParam("binaryId").endsWith(FhirIds.PDF_SUFFIX);
    }

    /**
     * ITI-68: the bytes as stored, with their own content type; a client that accepts only FHIR gets them
     * wrapped in a Binary resource instead, as FHIR's Binary read asks.
     */
    void readBinary(Context ctx) throws IOException {
        try {
            DocumentReferences.Content content = fhir.documentReferences().content(ctx.pathParam("binaryId"), Auth.caller(ctx));
            ctx.attribute(HttpApi.AUDIT_TARGET, Target.document(content.documentId()));
            ctx.attribute(HttpApi.AUDIT_DETAIL, content.searchablePdf() ? "FHIR ITI-68 searchable PDF" : "FHIR ITI-68 original");
            if (wantsBinaryResource(ctx, content.contentType())) {
                if (content.size() > fhir.settings().maxBundleBytes() / 2) {
                    throw new FhirException(406, OperationOutcome.IssueType.TOOCOSTLY, "This document is too large to send as base64 "
                            + "in a Binary resource; ask for its own type (Accept: " + content.contentType() + " or */*).");
                }
                Binary binary = new Binary().setContentType(content.contentType());
                binary.setId(ctx.pathParam("binaryId"));
                try (InputStream in = content.opener().open()) {
                    binary.setContent(in.readAllBytes());
                }
                write(ctx, 200, binary);
                return;
            }
            InputStream bytes = content.opener().open(); // first: a missing object must not leave these headers behind
            ctx.header("Content-Disposition", DocumentController.attachment(content.fileName()));
            if (content.size() >= 0) ctx.header("Content-Length", Long.toString(content.size()));
            ctx.contentType(content.contentType()).result(bytes);
        } catch (FhirException e) {
            refuse(ctx, e);
        }
    }

    void readList(Context ctx) throws IOException {
        answer(ctx, () -> fhir.submissionSets().read(ctx.pathParam("listId"), Auth.caller(ctx)));
    }

    /** ITI-65 Provide Document Bundle (the only transaction this server takes). */
    void transaction(Context ctx) throws IOException {
        try {
            requireJsonBody(ctx);
            requireJsonAnswer(ctx);
            DocumentSubmissions.Result result = fhir.submissions().provide(ctx.bodyInputStream(), Auth.caller(ctx), urls.get());
            ctx.attribute(HttpApi.AUDIT_TARGET, Target.patient(result.mrn()));
            ctx.attribute(HttpApi.AUDIT_DETAIL, "FHIR ITI-65 filed " + String.join(" ", result.documentIds()));
            write(ctx, 200, result.response());
        } catch (FhirException e) {
            refuse(ctx, e);
        }
    }

    // ---- answering ----

    /** Writes the OperationOutcome of a refusal raised outside the handlers (login, role, unknown path, crash). */
    void refuse(Context ctx, int status, String message) {
        if (status == 401) ctx.header("WWW-Authenticate", "Bearer");
        refuse(ctx, new FhirException(status, FhirJson.issueTypeOf(status), message));
    }

    private void refuse(Context ctx, FhirException e) {
        if (e.retryAfter() != null) ctx.header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
        write(ctx, e.status(), fhir.json().outcome(e.issues()));
    }

    @FunctionalInterface
    private interface Producer {
        IBaseResource get() throws IOException;
    }

    /** Storage errors go on to the HTTP layer's mapping (a missing object is a 404 OperationOutcome there too). */
    private void answer(Context ctx, Producer producer) throws IOException {
        try {
            requireJsonAnswer(ctx);
            write(ctx, 200, producer.get());
        } catch (FhirException e) {
            refuse(ctx, e);
        }
    }

    private void write(Context ctx, int status, IBaseResource resource) {
        ctx.status(status).contentType(FHIR_JSON).result(fhir.json().encode(resource));
    }

    /** Only JSON is spoken: a client asking for XML alone is told so (406). */
    private static void requireJsonAnswer(Context ctx) {
        String format = ctx.queryParam("_format");
        if (format != null && !format.toLowerCase(Locale.ROOT).contains("json")) {
            throw new FhirException(406, OperationOutcome.IssueType.NOTSUPPORTED, "This server speaks FHIR JSON only (_format=json).");
        }
        String accept = ctx.header("Accept");
        if (accept != null && !accept.isBlank() && !accept.contains("json") && !accept.contains("*/*")) {
            throw new FhirException(406, OperationOutcome.IssueType.NOTSUPPORTED,
                    "This server speaks FHIR JSON only; accept application/fhir+json.");
        }
    }

    private static void requireJsonBody(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
            throw new FhirException(415, OperationOutcome.IssueType.NOTSUPPORTED,
                    "Send the Bundle as application/fhir+json; this server does not read " + (type == null ? "a body without a Content-Type" : type) + ".");
        }
    }

    /** A FHIR client asking for a Binary (and not for the document's own type) wants the resource, not raw bytes. */
    private static boolean wantsBinaryResource(Context ctx, String contentType) {
        String format = ctx.queryParam("_format");
        if (format != null) return format.toLowerCase(Locale.ROOT).contains("json");
        String accept = ctx.header("Accept");
        if (accept == null) return false;
        String a = accept.toLowerCase(Locale.ROOT);
        boolean fhirJson = a.contains("application/fhir+json") || a.contains("application/json+fhir");
        return fhirJson && !a.contains(contentType.toLowerCase(Locale.ROOT)) && !a.contains("*/*");
    }
}
