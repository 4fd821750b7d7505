package org.chartvault.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.Json;
import org.chartvault.audit.Target;
import org.chartvault.retention.RetentionRules;
import org.chartvault.retention.RetentionRun;
import org.chartvault.retention.RetentionService;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/** The retention schedule, purge runs and their certificates of destruction. */
final class RetentionController {
    private final RetentionService retention;

    RetentionController(RetentionService retention) {
        this.retention = retention;
    }

    void rules(Context ctx) throws IOException {
        ctx.json(retention.rules());
    }

    /** Replaces the whole schedule; unknown fields are refused (a misspelt period must not become zero years). */
    void updateRules(Context ctx) throws IOException {
        RetentionRules rules;
        try {
            rules = Json.mapper().readerFor(RetentionRules.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(ctx.body());
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) cause = cause.getCause();
            String why = cause instanceof IllegalArgumentException ? cause.getMessage()
                    : "The body must be the schedule as GET /api/retention/rules shows it (defaultRule, documentTypes, "
                    + "automaticPurge); " + Params.clip(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
            throw ApiError.badRequest(why);
        }
        if (rules == null) throw ApiError.badRequest("The body must be the retention schedule as JSON.");
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("retention-rules", "retention/rules.json"));
        ctx.json(retention.updateRules(Auth.caller(ctx), rules));
    }

    /**
     * Body {@code {"dryRun", "asOf"?, "note"?}} makes a destruction list (a dry run; without {@code dryRun} the run is
     * one); {@code {"dryRun": false, "list", "witness", "method"?, "note"?}} carries out an approved list.
     */
    void startRun(Context ctx) throws Exception {
        JsonNode body = ctx.body().isBlank() ? Json.mapper().createObjectNode() : JsonBodies.object(ctx);
        HoldController.onlyFields(body, Set.of("dryRun", "asOf", "note", "list", "witness", "method"));
        JsonNode dry = body.get("dryRun");
        if (dry != null && !dry.isNull() && !dry.isBoolean()) throw ApiError.badRequest("'dryRun' must be true or false.");
        boolean dryRun = dry == null || dry.isNull() || dry.asBoolean();
        LocalDate asOf = Params.date("asOf", JsonBodies.optionalText(body, "asOf"));
        String list = JsonBodies.optionalText(body, "list");
        RetentionRun run;
        try {
            if (dryRun || list == null) {
                if (list != null || body.hasNonNull("witness") || body.hasNonNull("method")) {
                    throw ApiError.badRequest("'list', 'witness' and 'method' belong to a purge (\"dryRun\": false).");
                }
                run = retention.run(Auth.caller(ctx), dryRun, asOf, JsonBodies.optionalText(body, "note"));
            } else {
                if (asOf != null) throw ApiError.badRequest("A purge is judged as of today; 'asOf' belongs to a destruction list.");
                if (!org.chartvault.Ids.looksLike("ret", list)) {
                    throw ApiError.notFound("No destruction list " + Params.clip(list) + " exists.");
                }
                run = retention.carryOut(Auth.caller(ctx), list,
                        JsonBodies.optionalText(body, "witness"), JsonBodies.optionalText(body, "method"),
                        JsonBodies.optionalText(body, "note"));
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.attribute(HttpApi.AUDIT_TARGET, runTarget(run.runId()));
        ctx.attribute(HttpApi.AUDIT_DETAIL, (dryRun ? "destruction list: " + run.eligible().size() + " eligible"
                : run.destroyed().size() + " destroyed under list " + run.listId()) + ", " + run.skipped().size() + " kept");
        ctx.status(201).json(run);
    }

    /** Body optional {@code {"note"}}: the caller signs off the destruction list. */
    void approve(Context ctx) throws Exception {
        String runId = runId(ctx);
        String note = null;
        if (!ctx.body().isBlank()) {
            JsonNode body = JsonBodies.object(ctx);
            HoldController.onlyFields(body, Set.of("note"));
            note = JsonBodies.optionalText(body, "note");
        }
        try {
            RetentionRun approved = retention.approve(Auth.caller(ctx), runId, note);
            ctx.attribute(HttpApi.AUDIT_DETAIL, approved.eligible().size() + " document(s) approved for destruction");
            ctx.json(approved);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    void listRuns(Context ctx) throws IOException {
        ctx.json(Map.of("runs", retention.runs().stream().map(RunSummary::of).toList()));
    }

    void getRun(Context ctx) throws Exception {
        ctx.json(retention.get(runId(ctx)));
    }

    void certificatePdf(Context ctx) throws Exception {
        RetentionRun run = realRun(ctx);
        ctx.header("Content-Disposition", DocumentController.attachment("certificate-of-destruction-" + run.runId() + ".pdf"));
        ctx.contentType("application/pdf").result(retention.certificatePdf(run.runId()));
    }

    void certificateJson(Context ctx) throws Exception {
        RetentionRun run = realRun(ctx);
        ctx.contentType("application/json").result(retention.certificateJson(run.runId()));
    }

    private RetentionRun realRun(Context ctx) throws Exception {
        RetentionRun run = retention.get(runId(ctx));
        if (run.dryRun()) throw ApiError.notFound("Run " + run.runId() + " was a dry run: it destroyed nothing and has no certificate.");
        if (!RetentionRun.DONE.equals(run.status())) {
            throw new ApiError(409, "not-ready", "Run " + run.runId() + " is still destroying documents; its certificate follows.");
        }
        return run;
    }

    private static String runId(Context ctx) {
        String runId = Params.id(ctx, "runId", "ret", "retention run");
        ctx.attribute(HttpApi.AUDIT_TARGET, runTarget(runId));
        return runId;
    }

    private static Target runTarget(String runId) {
        return new Target("retention-run", runId);
    }

    /** A run in the list: what it did, not every document. */
    record RunSummary(String runId, boolean dryRun, LocalDate asOf, String startedBy, Instant startedAt,
                      String approvedBy, String status, Instant finishedAt, int eligible, int destroyed, int skipped) {
        static RunSummary of(RetentionRun r) {
            return new RunSummary(r.runId(), r.dryRun(), r.asOf(), r.startedBy(), r.startedAt(), r.approvedBy(),
                    r.status(), r.finishedAt(), r.eligible().size(), r.destroyed().size(), r.skipped().size());
        }
    }
}
