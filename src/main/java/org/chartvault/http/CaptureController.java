package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import org.chartvault.Json;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.capture.SeparatorSheet;
import org.chartvault.capture.SeparatorSheets;
import org.chartvault.document.Indexing;
import org.chartvault.patient.MrnCheck;
import org.chartvault.ingest.Batch;
import org.chartvault.ingest.BatchEvents;
import org.chartvault.ingest.BatchProgress;
import org.chartvault.access.DocumentAccess;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentService;
import org.chartvault.ingest.BatchService;
import org.chartvault.ingest.IngestService;
import org.chartvault.ingest.Upload;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Capture: uploading batches and following their progress. */
final class CaptureController {
    private final IngestService ingest;
    private final BatchService batches;
    private final BatchEvents events;
    private final DocumentTypeCatalog types;
    private final SeparatorSheets sheets = new SeparatorSheets();
    private final DocumentService documents;
    private final DocumentAccess access;
    private final MrnCheck mrns;

    CaptureController(IngestService ingest, BatchService batches, BatchEvents events, DocumentTypeCatalog types,
                      DocumentService documents, DocumentAccess access, MrnCheck mrns) {
        this.documents = documents;
        this.mrns = mrns;
        this.access = access;
        this.ingest = ingest;
        this.batches = batches;
        this.events = events;
        this.types = types;
    }

    void upload(Context ctx) throws IOException {
        List<UploadedFile> files = ctx.uploadedFiles("file");
        if (files.isEmpty()) {
            throw new ApiError(400, "no-files", "Send the scans as one or more multipart parts named 'file'.");
        }
        Indexing indexing = new Indexing(
                Params.text(ctx.formParam("mrn")),
                Params.text(ctx.formParam("patientName")),
                Params.date("birthDate", ctx.formParam("birthDate")),
                DocumentTypesController.canonical(types, Params.text(ctx.formParam("documentType"))),
                Params.date("serviceDate", ctx.formParam("serviceDate")),
                Params.text(ctx.formParam("encounter")));
        List<Upload> uploads = files.stream().map(f -> new Upload(f.filename(), f::content)).toList();
        Batch batch;
        try {
            batch = ingest.receive(uploads, indexing, Auth.caller(ctx).username(), splitOption(ctx.formParam("split")),
                    ctx.formParam("name"));
        } catch (IllegalArgumentException e) { // the name: checked before anything is stored
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.attribute(HttpApi.AUDIT_TARGET, org.chartvault.audit.Target.batch(batch.batchId()));
        ctx.attribute(HttpApi.AUDIT_DETAIL, batch.entries().size() + " file(s)");
        // the documents this upload created, so each one's trail starts with its upload
        ctx.attribute(HttpApi.AUDIT_DOCUMENTS, batch.entries().stream()
                .filter(e -> "queued".equals(e.outcome())).map(e -> e.documentId()).toList());
        if (indexing.mrn() != null) ctx.attribute(HttpApi.AUDIT_MRN, indexing.mrn());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("batchId", batch.batchId());
        answer.put("name", batch.name());
        Caller caller = Auth.caller(ctx);
        answer.put("documents", batch.entries().stream()
                .map(e -> visibleDuplicate(caller, e.documentId(), e.outcome())
                        ? new ReceiptEntry(e.documentId(), e.file(), e.outcome(), e.error())
                        : new ReceiptEntry(null, e.file(), e.outcome(), OTHERS_DUPLICATE)).toList());
        ctx.status(202).json(answer);
    }

    /** What a duplicate of someone else's document says instead of naming it. */
    private static final String OTHERS_DUPLICATE = "These bytes are archived already, in a document you did not upload; "
            + "an indexer can find it for you.";

    /**
     * Whether the caller may be told which document a file duplicates: naming another user's document would hand
     * out an id to try elsewhere, and tell that the file (a patient's record) is in the archive.
     */
    private boolean visibleDuplicate(Caller caller, String documentId, String status) {
        if (documentId == null || !"duplicate".equals(status)) return true;
        try {
            return access.maySee(caller, documents.get(documentId));
        } catch (DocumentNotFoundException | IOException e) {
            return false;
        }
    }

    /** One file in the answer to an upload: {@code documentId} is null (not left out) for a rejected file. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ReceiptEntry(String documentId, String file, String status,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /** {@code split}: {@code separators} (the default) cuts files at ChartVault separator sheets; {@code none} keeps each whole. */
    private static boolean splitOption(String value) {
        if (value == null || value.isBlank() || value.equals("separators") || value.equals("auto")) return true;
        if (value.equals("none")) return false;
        throw ApiError.badRequest("split must be 'separators' (cut files at ChartVault separator sheets) or 'none'.");
    }

    /**
     * A separator sheet to print and put in front of a document: with indexing values (mrn, documentType,
     * serviceDate, patientName, encounter) or, with none, a blank "next document" sheet. Its MRN is checked like a
     * typed one (an unusual MRN needs {@code confirmUnknownMrn=<reason>}); a retired MRN is printed as the one it
     * was merged into.
     */
    void separatorSheet(Context ctx) throws IOException {
        String mrn = Params.text(ctx.queryParam("mrn"));
        String patientName = Params.text(ctx.queryParam("patientName"));
        if (mrn != null) {
            MrnCheck.Accepted accepted = mrns.require(mrn, MrnConfirmations.fromQuery(ctx));
            MrnConfirmations.audit(ctx, java.util.List.of(accepted));
            mrn = accepted.result().fileUnder();
            if (patientName == null) patientName = accepted.result().name().orElse(null); // printed as registered
        }
        Indexing values = new Indexing(mrn, patientName, null,
                DocumentTypesController.canonical(types, Params.text(ctx.queryParam("documentType"))),
                Params.date("serviceDate", ctx.queryParam("serviceDate")), Params.text(ctx.queryParam("encounter")));
        SeparatorSheet sheet;
        try {
            sheet = values.equals(Indexing.EMPTY) ? SeparatorSheet.nextDocument() : SeparatorSheet.of(values);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.header("Content-Disposition", "inline; filename=\"separator-sheet.pdf\"");
        ctx.contentType("application/pdf").result(sheets.pdf(sheet));
    }

    void list(Context ctx) throws IOException {
        Caller caller = Auth.caller(ctx);
        String owner = caller.has(Role.ADMIN) ? null : caller.username();
        int offset = Params.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Params.queryInt(ctx, "limit", 20, 1, 100);
        List<BatchProgress> page = batches.list(owner, offset, limit).stream()
                .map(b -> withoutOthersDocuments(caller, progressOf(b))).toList();
        ctx.json(Map.of("batches", page, "offset", offset, "limit", limit));
    }

    /** {@code PATCH /api/batches/{id}} {"name"}: the scanner who sent the batch names it (or clears the name). */
    void rename(Context ctx) throws IOException {
        Batch batch = visibleBatch(ctx);
        JsonNode body = JsonBodies.object(ctx);
        if (!body.has("name")) throw ApiError.badRequest("Give the batch's new 'name' (or null to clear it).");
        Batch renamed;
        try {
            renamed = batches.rename(batch.batchId(), JsonBodies.optionalText(body, "name"))
                    .orElseThrow(() -> ApiError.notFound("No batch " + batch.batchId() + " exists."));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.attribute(HttpApi.AUDIT_DETAIL, renamed.name() == null ? "name cleared" : "named");
        ctx.json(withoutOthersDocuments(Auth.caller(ctx), progressOf(renamed)));
    }

    void get(Context ctx) throws IOException {
        Caller caller = Auth.caller(ctx);
        ctx.json(withoutOthersDocuments(caller, progressOf(visibleBatch(ctx))));
    }

    private BatchProgress withoutOthersDocuments(Caller caller, BatchProgress progress) {
        return progress.withDocuments(progress.documents().stream()
                .map(d -> visibleDuplicate(caller, d.documentId(), d.status()) ? d
                        : new BatchProgress.DocumentProgress(null, d.file(), d.status(), d.pages(), d.pagesTotal(), OTHERS_DUPLICATE))
                .toList());
    }

    /**
     * The batch's progress as Server-Sent Events: one event at once, then one each time it moves, until it is done.
     * Whether the batch exists and may be seen is decided before the stream starts, so a wrong id is a 404 (an
     * EventSource stops on it) rather than an event stream holding an error that the browser retries for ever; a
     * request that does not accept an event stream is told what to ask for instead of getting an empty answer.
     */
    void events(Context ctx) throws Exception {
        Batch batch = visibleBatch(ctx);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiError(406, "not-acceptable", "This is an event stream: ask with 'Accept: text/event-stream' "
                    + "(as EventSource does), or GET /api/batches/" + batch.batchId() + " for the current state.");
        }
        Caller caller = Auth.caller(ctx);
        new SseHandler(0, client -> stream(client, batch, caller)).handle(ctx);
    }

    private void stream(SseClient client, Batch batch, Caller caller) {
        // Held open first, then watched, then the first event: a batch finishing in between still ends the stream
        // (close() completes the held future) and never leaves a watcher behind.
        client.keepAlive();
        AtomicBoolean finished = new AtomicBoolean(false);
        Runnable push = () -> {
            if (finished.get()) return;
            synchronized (finished) {
                if (finished.get() || client.terminated()) return;
                BatchProgress progress = withoutOthersDocuments(caller, progressOf(batch));
                client.sendEvent("progress", Json.mapper().valueToTree(progress));
                if (BatchProgress.DONE.equals(progress.status()) && finished.compareAndSet(false, true)) client.close();
            }
        };
        AutoCloseable watch = events.watch(batch.batchId(), push);
        client.onClose(() -> close(watch));
        if (client.terminated()) close(watch);
        push.run();
    }

    private Batch visibleBatch(Context ctx) throws IOException {
        String batchId = Params.id(ctx, "batchId", "bat", "batch");
        Caller caller = Auth.caller(ctx);
        return batches.find(batchId)
                .filter(b -> caller.has(Role.ADMIN) || b.createdBy().equals(caller.username()))
                .orElseThrow(() -> ApiError.notFound("No batch " + batchId + " exists."));
    }

    private BatchProgress progressOf(Batch batch) {
        try {
            return batches.progress(batch);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void close(AutoCloseable watch) {
        try {
            watch.close();
        } catch (Exception ignored) {
            // removing a watcher cannot fail in a way anyone could act on
        }
    }
}
