package org.chartvault.http;

import io.javalin.http.Context;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.AuditPage;
import org.chartvault.audit.AuditQuery;
import org.chartvault.audit.Checkpoint;
import org.chartvault.audit.Target;
import org.chartvault.audit.Verification;
import org.chartvault.chart.PatientChart;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail: searching it, exporting it, verifying its seals, and its checkpoints. Reading it is itself
 * audited.
 */
final class AuditController {
    private final AuditLog audit;
    private final PatientChart patients;

    AuditController(AuditLog audit, PatientChart patients) {
        this.audit = audit;
        this.patients = patients;
    }

    /** The actions a person can pick from, with their labels: {@code {"actions":[{"action","label"}]}}. */
    void actions(Context ctx) {
        ctx.json(Map.of("actions", AuditActions.LABELS.entrySet().stream()
                .map(e -> Map.of("action", e.getKey(), "label", e.getValue())).toList()));
    }

    void search(Context ctx) throws IOException {
        AuditQuery query = queryOf(ctx, Params.queryInt(ctx, "limit", AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT));
        audit.append(Auth.caller(ctx).event(AuditActions.AUDIT_VIEW, Target.path(ctx.queryString() == null ? "" : ctx.queryString())));
        AuditPage page = audit.query(query);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", page.entries());
        answer.put("offset", query.offset());
        answer.put("limit", query.limit());
        answer.put("more", page.more());
        ctx.json(answer);
    }

    void exportCsv(Context ctx) throws IOException {
        AuditQuery query = queryOf(ctx, AuditQuery.MAX_LIMIT);
        audit.append(Auth.caller(ctx).event(AuditActions.AUDIT_EXPORT, Target.path(ctx.queryString() == null ? "" : ctx.queryString())));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"chartvault-audit.csv\"");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            audit.exportCsv(query, out);
        }
    }

    void verify(Context ctx) throws IOException {
        Verification result = audit.verify();
        audit.append(Auth.caller(ctx).event(AuditActions.AUDIT_VERIFY, Target.path("audit"))
                .with("valid", result.valid()));
        ctx.json(result);
    }

    void checkpoints(Context ctx) throws IOException {
        int limit = Params.queryInt(ctx, "limit", AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT);
        audit.append(Auth.caller(ctx).event(AuditActions.AUDIT_VIEW, Target.path("audit-checkpoints")));
        ctx.json(Map.of("checkpoints", audit.checkpoints(limit)));
    }

    /** Records the request first, so the checkpoint anchors the trail up to and with this very entry. */
    void createCheckpoint(Context ctx) throws IOException {
        audit.append(Auth.caller(ctx).event(AuditActions.AUDIT_CHECKPOINT, Target.path("audit-checkpoints")));
        Checkpoint checkpoint = audit.checkpoint().orElseThrow(() -> new ApiError(409, "unauthenticated",
                "The newest entry of the audit trail does not authenticate with a configured audit key, so no "
                        + "checkpoint may vouch for it. Verify the trail to see where it breaks."));
        ctx.status(201).json(checkpoint.summary());
    }

    /**
     * The query of the request. A document ({@code documentId}) is looked for with its upload (the batch it came in);
     * a patient ({@code mrn}) with their merged MRNs, their documents and those documents' uploads.
     */
    private AuditQuery queryOf(Context ctx, int limit) throws IOException {
        String mrn = Params.text(ctx.queryParam("mrn"));
        String documentId = Params.text(ctx.queryParam("documentId"));
        if (mrn != null && documentId != null) {
            throw ApiError.badRequest("Filter by a patient (mrn) or by one document (documentId), not both.");
        }
        AuditQuery.Records records = null;
        if (mrn != null) {
            records = patients.records(Params.mrn(mrn));
        } else if (documentId != null) {
            records = patients.documentRecords(documentId);
        }
        try {
            // a document's trail is its records' (target, named in details, its upload), so no separate id filter
            return new AuditQuery(time("from", ctx.queryParam("from"), false), time("to", ctx.queryParam("to"), true),
                    ctx.queryParam("user"), null, ctx.queryParam("action"),
                    Params.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE), limit, records);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** A time as an ISO instant, or a day (YYYY-MM-DD, UTC; as the end of a range it includes the whole day). */
    private static Instant time(String name, String value, boolean endOfRange) {
        if (value == null || value.isBlank()) return null;
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfRange ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be a day (YYYY-MM-DD) or a time (2026-01-31T12:00:00Z).");
        }
    }
}
