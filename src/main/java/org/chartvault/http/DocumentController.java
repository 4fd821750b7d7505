package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.Json;
import org.chartvault.access.DocumentAccess;
import org.chartvault.capture.CaptureService;
import org.chartvault.ingest.PageEditor;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentService;
import org.chartvault.document.Indexing;
import org.chartvault.document.IndexingChange;
import org.chartvault.document.PageContent;
import org.chartvault.patient.MrnCheck;
import org.chartvault.index.SearchIndex;
import org.chartvault.originals.Originals;
import org.chartvault.security.Caller;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Documents: metadata, original, pages, searchable PDF, corrections and deletion. */
final class DocumentController {
    private final DocumentService documents;
    private final SearchIndex index;
    private final DocumentTypeCatalog types;
    private final CaptureService capture;
    private final PageEditor editor;
    private final VerifiedContent content;
    private final DocumentAccess access;
    private final Originals originals;
    private final MrnCheck mrns;

    DocumentController(DocumentService documents, SearchIndex index, DocumentTypeCatalog types, CaptureService capture,
                       PageEditor editor, VerifiedContent content, DocumentAccess access, Originals originals, MrnCheck mrns) {
        this.access = access;
        this.mrns = mrns;
        this.documents = documents;
        this.originals = originals;
        this.index = index;
        this.types = types;
        this.capture = capture;
        this.editor = editor;
        this.content = content;
    }

    /** {@code {"degrees": 90|180|270}}: turn one page clockwise; it is read again. */
    void rotatePage(Context ctx) throws Exception {
        String id = visibleDocument(ctx).documentId();
        int degrees = JsonBodies.object(ctx).path("degrees").asInt(0);
        if (degrees != 90 && degrees != 180 && degrees != 270) {
            throw ApiError.badRequest("'degrees' turns the page clockwise by 90, 180 or 270.");
        }
        ctx.json(DocumentView.of(editor.rotate(id, page(ctx), degrees)));
    }

    /** {@code {"order": [3, 1, 2]}}: every page number once, in the new order. */
    void reorderPages(Context ctx) throws Exception {
        String id = visibleDocument(ctx).documentId();
        java.util.List<Integer> order = new java.util.ArrayList<>();
        for (JsonNode n : JsonBodies.object(ctx).path("order")) {
            if (!n.canConvertToInt()) throw ApiError.badRequest("'order' lists page numbers.");
            order.add(n.asInt());
        }
        ctx.json(DocumentView.of(editor.reorder(id, order)));
    }

    /** {@code {"atPage": k}}: page k and the ones after become a new document (answered with 201). */
    void split(Context ctx) throws Exception {
        String id = visibleDocument(ctx).documentId();
        int atPage = JsonBodies.object(ctx).path("atPage").asInt(0);
        if (atPage < 2) throw ApiError.badRequest("'atPage' is the page (from 2) that starts the new document.");
        ctx.status(201).json(DocumentView.of(editor.split(id, atPage)));
    }

    /**
     * {@code {"documentId": other}}: the other document's pages are appended to this one, which it then is part of.
     * The caller must be allowed to touch both: a merge reads the other document's pages and removes it.
     */
    void merge(Context ctx) throws Exception {
        String id = visibleDocument(ctx).documentId();
        String other = JsonBodies.requiredText(JsonBodies.object(ctx), "documentId");
        if (!org.chartvault.Ids.looksLike("doc", other)) throw ApiError.notFound("No document " + Params.clip(other) + " exists.");
        visibleDocument(ctx, other);
        ctx.attribute(HttpApi.AUDIT_ALSO, java.util.List.of(org.chartvault.audit.Target.document(other)));
        ctx.json(DocumentView.of(editor.merge(id, other)));
    }

    /** The review queue: documents waiting for a person, oldest first. */
    void reviewQueue(Context ctx) throws IOException {
        int offset = Params.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Params.queryInt(ctx, "limit", 20, 1, 100);
        java.util.List<DocumentView> waiting = new java.util.ArrayList<>();
        Caller caller = Auth.caller(ctx);
        for (Document d : documents.reviewQueue(d -> access.maySee(caller, d), offset, limit)) {
            waiting.add(DocumentView.of(d, capture.record(d.documentId())));
        }
        ctx.json(Map.of("documents", waiting, "offset", offset, "limit", limit));
    }

    /** A patient's documents (by MRN), newest service date first: what a clerk opens a request with. */
    void listByPatient(Context ctx) throws Exception {
        String mrn = Params.text(ctx.queryParam("mrn"));
        if (mrn == null) throw ApiError.badRequest("Give the patient's MRN as mrn.");
        Caller caller = Auth.caller(ctx);
        java.util.List<Document> found = new java.util.ArrayList<>();
        org.chartvault.index.SearchQuery byPatient = new org.chartvault.index.SearchQuery(null, mrn, null, null, null, 0, 1)
                .hiding(access.hiddenTypeKeys(caller));
        for (String id : index.matchingDocuments(byPatient)) {
            try {
                Document document = documents.get(id);
                if (access.maySee(caller, document)) found.add(document);
            } catch (DocumentNotFoundException e) {
                // deleted since it was indexed
            }
        }
        found.sort(java.util.Comparator.comparing((Document d) -> d.indexing().serviceDate(),
                java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
        ctx.json(Map.of("mrn", mrn, "documents", found.stream().map(DocumentView::of).toList()));
    }

    void get(Context ctx) throws Exception {
        Document document = originals.settled(visibleDocument(ctx));
        ctx.header("ETag", etag(document));
        ctx.json(DocumentView.of(document, capture.record(document.documentId())));
    }

    void history(Context ctx) throws Exception {
        Document document = visibleDocument(ctx);
        ctx.json(Map.of("documentId", document.documentId(),
                "versions", documents.history(document.documentId()).stream().map(DocumentView::of).toList()));
    }

    /** The upload as it came when the document is that file whole; else a file of the document's own pages only. */
    void original(Context ctx) throws Exception {
        Document document = originals.settled(visibleDocument(ctx));
        ctx.header("Content-Disposition", attachment(document.fileName()));
        send(ctx, document.contentType(), originals.open(document));
    }

    void searchablePdf(Context ctx) throws Exception {
        sendSearchablePdf(ctx, "The searchable PDF is made", d -> attachment(baseName(d.fileName()) + ".searchable.pdf"));
    }

    /**
     * The document's own pages as a PDF the browser opens to print (inline, not saved): the searchable PDF, so
     * nothing of another document is printed. Audited as a print, a disclosure risk like a download.
     */
    void print(Context ctx) throws Exception {
        sendSearchablePdf(ctx, "The document can be printed", d -> disposition("inline", baseName(d.fileName()) + ".pdf"));
    }

    /** The searchable PDF of a processed document, saved or shown as its {@code contentDisposition} says. */
    private void sendSearchablePdf(Context ctx, String whatWaits,
                                   java.util.function.Function<Document, String> contentDisposition) throws Exception {
        Document document = visibleDocument(ctx);
        if (!document.status().isProcessed()) {
            throw new ApiError(409, "not-ready", whatWaits + " once the document has been processed; "
                    + "its status is " + document.status().wire() + ".");
        }
        ctx.header("Content-Disposition", contentDisposition.apply(document));
        send(ctx, "application/pdf", documents.searchablePdf(document));
    }

    /** {@code {"reason"}}: back into the review queue, for an indexer to look at again. */
    void sendToReview(Context ctx) throws Exception {
        String id = visibleDocument(ctx).documentId();
        String reason = JsonBodies.optionalText(JsonBodies.object(ctx), "reason");
        if (reason == null || reason.isBlank()) {
            throw ApiError.badRequest("Say why the document goes back to indexing (reason), so the reviewer knows what to check.");
        }
        if (reason.length() > 500) throw ApiError.badRequest("Keep the reason under 500 characters.");
        ctx.attribute(HttpApi.AUDIT_DETAIL, reason.strip());
        ctx.json(DocumentView.of(documents.sendToReview(id, reason)));
    }

    void pageImage(Context ctx) throws Exception {
        Document document = visibleDocument(ctx);
        send(ctx, "image/png", documents.pageImage(document, page(ctx)));
    }

    void pageThumbnail(Context ctx) throws Exception {
        Document document = visibleDocument(ctx);
        send(ctx, "image/png", documents.pageThumbnail(document, page(ctx)));
    }

    void pageText(Context ctx) throws Exception {
        Document document = visibleDocument(ctx);
        ctx.contentType("text/plain; charset=utf-8").result(documents.pageContent(document, page(ctx)).text());
    }

    /** The page's words with their boxes: what the viewer needs to draw highlights and select text. */
    void pageWords(Context ctx) throws Exception {
        Document document = visibleDocument(ctx);
        ctx.json(documents.pageContent(document, page(ctx)));
    }

    /** Boxes of the words on the page that match {@code q}, in page-image pixels. */
    void pageHits(Context ctx) throws Exception {
        Document document = visibleDocument(ctx);
        PageContent page = documents.pageContent(document, page(ctx));
        String q = Params.text(ctx.queryParam("q"));
        if (q == null) throw new ApiError(400, "bad-query", "Give the search words as q.");
        ctx.json(Map.of("page", page.number(), "width", page.width(), "height", page.height(),
                "boxes", index.hitBoxes(q, page)));
    }

    /**
     * A correction. A typed MRN is checked ({@link MrnCheck}) and brings its patient's name and birth date from the
     * registry; an unusual one is kept only with {@code confirmUnknownMrn}, and the document then stays in review
     * with the reason.
     */
    void correct(Context ctx) throws Exception {
        Document current = visibleDocument(ctx);
        String documentId = current.documentId();
        JsonNode body = body(ctx.body());
        MrnCheck.Confirmation confirmation = MrnConfirmations.fromBody(body);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove(MrnConfirmations.FIELD);
        IndexingChange change = parseChange(body);
        if (change.fields().contains(IndexingChange.Field.DOCUMENT_TYPE) && change.values().documentType() != null) {
            Indexing v = change.values();
            String kept = current.indexing().documentType();
            // a form sending back the type the document already has (perhaps one retired since) keeps it as it is
            String type = kept != null && v.documentType().strip().equalsIgnoreCase(kept) ? kept
                    : DocumentTypesController.canonical(types, v.documentType());
            change = new IndexingChange(new Indexing(v.mrn(), v.patientName(), v.birthDate(),
                    type, v.serviceDate(), v.encounter()), change.fields());
        }
        MrnCheck.Filing filing = mrns.file(change, confirmation);
        MrnConfirmations.audit(ctx, filing.checked());
        Document corrected = documents.correct(documentId, filing.change(), expectedVersion(ctx), filing.stillToReview());
        ctx.header("ETag", etag(corrected));
        ctx.json(DocumentView.of(corrected));
    }

    /** "Confirm as is": the document's values are right though unusual; it leaves the review queue. */
    void confirmAsIs(Context ctx) throws Exception {
        String documentId = visibleDocument(ctx).documentId();
        Document confirmed = documents.confirmAsIs(documentId, expectedVersion(ctx));
        ctx.header("ETag", etag(confirmed));
        ctx.json(DocumentView.of(confirmed));
    }

    void delete(Context ctx) throws Exception {
        documents.delete(visibleDocument(ctx).documentId());
        ctx.status(204);
    }

    /** The record's version as an entity tag: what a change sends back as {@code If-Match}. */
    static String etag(Document document) {
        return "\"" + document.version() + "\"";
    }

    /** The version a change was made against: {@code If-Match: "7"} (null when the caller sent none). */
    private static Long expectedVersion(Context ctx) {
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) return null;
        String value = ifMatch.strip();
        if (value.startsWith("W/")) value = value.substring(2);
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("If-Match names the document version the change was made against, e.g. \"7\" "
                    + "(the ETag of GET /api/documents/{id}).");
        }
    }

    /** The path's document, if it exists and the caller may see it (see {@link DocumentAccess}). */
    private Document visibleDocument(Context ctx) throws IOException, DocumentNotFoundException {
        return visibleDocument(ctx, Params.id(ctx, "documentId", "doc", "document"));
    }

    /**
     * The document, if it exists and the caller may see it; otherwise the same 404 as for a document that does not
     * exist. A protected record's category goes into the request's audit entry.
     */
    private Document visibleDocument(Context ctx, String documentId) throws IOException, DocumentNotFoundException {
        Document document = documents.get(documentId);
        DocumentAccess.Decision decision = access.require(Auth.caller(ctx), document);
        decision.category().ifPresent(c -> ctx.attribute(HttpApi.AUDIT_PROTECTED_CATEGORY, c.category()));
        // the patient as filed at the time: the trail by patient keeps it after the document is refiled or deleted
        if (document.indexing().mrn() != null) ctx.attribute(HttpApi.AUDIT_MRN, document.indexing().mrn());
        return document;
    }

    private static int page(Context ctx) {
        return Params.positiveInt(ctx, "page", ctx.pathParam("page"));
    }

    private static JsonNode body(String body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("The body must be a JSON object of the fields to change.");
        }
        if (json == null || !json.isObject()) throw ApiError.badRequest("The body must be a JSON object of the fields to change.");
        return json;
    }

    static IndexingChange parseChange(JsonNode json) {
        Set<IndexingChange.Field> fields = EnumSet.noneOf(IndexingChange.Field.class);
        String mrn = null, patientName = null, documentType = null, encounter = null;
        LocalDate birthDate = null, serviceDate = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String value = field.getValue().isNull() ? null : field.getValue().asText();
            if (!field.getValue().isNull() && !field.getValue().isTextual()) {
                throw ApiError.badRequest(field.getKey() + " must be a string (or null to clear it).");
            }
            switch (field.getKey()) {
                case "mrn" -> { mrn = value; fields.add(IndexingChange.Field.MRN); }
                case "patientName" -> { patientName = value; fields.add(IndexingChange.Field.PATIENT_NAME); }
                case "birthDate" -> { birthDate = Params.date("birthDate", value); fields.add(IndexingChange.Field.BIRTH_DATE); }
                case "documentType" -> { documentType = value; fields.add(IndexingChange.Field.DOCUMENT_TYPE); }
                case "serviceDate" -> { serviceDate = Params.date("serviceDate", value); fields.add(IndexingChange.Field.SERVICE_DATE); }
                case "encounter" -> { encounter = value; fields.add(IndexingChange.Field.ENCOUNTER); }
                default -> throw ApiError.badRequest("Unknown field '" + Params.clip(field.getKey())
                        + "'; a document's mrn, patientName, birthDate, documentType, serviceDate and encounter can be changed"
                        + " (and an unusual MRN confirmed with confirmUnknownMrn).");
            }
        }
        if (fields.isEmpty()) throw ApiError.badRequest("Name at least one field to change.");
        return new IndexingChange(new Indexing(mrn, patientName, birthDate, documentType, serviceDate, encounter), fields);
    }

    /** Stored bytes go out only once read whole and verified: a damaged or broken-off read is an error, not a part. */
    private void send(Context ctx, String contentType, InputStream stored) throws IOException {
        content.send(ctx, contentType, stored);
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** A Content-Disposition that is safe whatever the uploaded file was called (RFC 6266 with RFC 5987 name). */
    static String attachment(String fileName) {
        return disposition("attachment", fileName);
    }

    /** A Content-Disposition of {@code type} (attachment or inline) naming the file in ASCII and in UTF-8. */
    private static String disposition(String type, String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = java.net.URLEncoder.encode(fileName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
