package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.patient.MrnCheck;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a request confirms an unusual MRN: {@code "confirmUnknownMrn": {"reason": "…"}} in a JSON body, or the query
 * parameter {@code confirmUnknownMrn=<reason>}; and how a confirmation used goes into the request's audit entry.
 */
final class MrnConfirmations {
    static final String FIELD = "confirmUnknownMrn";

    private MrnConfirmations() {
    }

    /** The body's confirmation, or null when it has none. */
    static MrnCheck.Confirmation fromBody(JsonNode body) {
        JsonNode node = body.get(FIELD);
        if (node == null || node.isNull()) return null;
        if (!node.isObject() || !node.path("reason").isTextual()) {
            throw ApiError.badRequest(FIELD + " confirms an unusual MRN with a reason: {\"reason\": \"…\"}.");
        }
        return confirmation(node.path("reason").asText());
    }

    static MrnCheck.Confirmation fromQuery(Context ctx) {
        String reason = ctx.queryParam(FIELD);
        return reason == null ? null : confirmation(reason);
    }

    private static MrnCheck.Confirmation confirmation(String reason) {
        try {
            return new MrnCheck.Confirmation(reason);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** Records in the request's audit entry every unusual MRN kept and why: "0081934 (mrn-not-in-registry): reason". */
    static void audit(Context ctx, List<MrnCheck.Accepted> accepted) {
        String kept = accepted.stream().filter(MrnCheck.Accepted::wasConfirmed)
                .map(a -> a.result().mrn() + " (" + a.result().problem().code() + "): " + a.confirmation().reason())
                .collect(java.util.stream.Collectors.joining("; "));
        if (!kept.isEmpty()) ctx.attribute(HttpApi.AUDIT_MRN_CONFIRMED, kept);
    }

    /** The answer to an MRN check: what the UI shows beside the field before anything is saved. */
    static Map<String, Object> view(MrnCheck.Result r, String pattern) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("mrn", r.mrn());
        view.put("acceptable", r.isAcceptable());
        view.put("problem", r.problem() == null ? null : r.problem().code());
        view.put("message", r.message());
        view.put("fileUnder", r.fileUnder());
        view.put("patientName", r.name().orElse(null));
        view.put("birthDate", r.birthDate().orElse(null));
        view.put("registryEmpty", r.registryEmpty());
        view.put("pattern", pattern);
        return view;
    }
}
