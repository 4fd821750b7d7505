package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.audit.Target;
import org.chartvault.savedsearch.SavedSearch;
import org.chartvault.savedsearch.SavedSearches;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each user's own saved searches: list, keep, remove. Nobody reaches another user's. */
final class SavedSearchController {
    private final SavedSearches saved;

    SavedSearchController(SavedSearches saved) {
        this.saved = saved;
    }

    void list(Context ctx) throws IOException {
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("saved-searches", Auth.caller(ctx).username()));
        ctx.json(Map.of("savedSearches", saved.list(Auth.caller(ctx).username())));
    }

    /** {@code {"name", "criteria": {"q", "mrn", "documentType", "from", "to", "sort"}}} → 201 with the saved search. */
    void create(Context ctx) throws IOException {
        JsonNode body = JsonBodies.object(ctx);
        HoldController.onlyFields(body, java.util.Set.of("name", "criteria"));
        JsonNode criteria = body.path("criteria");
        if (!criteria.isObject()) throw ApiError.badRequest("Give the search to keep as criteria: {\"q\": …, \"mrn\": …}.");
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = criteria.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isTextual() && !field.getValue().isNull()) {
                throw ApiError.badRequest(Params.clip(field.getKey()) + " must be text.");
            }
            fields.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
        }
        SavedSearch created;
        try {
            created = saved.save(Auth.caller(ctx).username(), JsonBodies.optionalText(body, "name"), fields);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("saved-search", created.savedSearchId()));
        if (created.criteria().containsKey("mrn")) ctx.attribute(HttpApi.AUDIT_MRN, created.criteria().get("mrn"));
        ctx.status(201).json(created);
    }

    void delete(Context ctx) throws IOException {
        String id = ctx.pathParam("savedSearchId");
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("saved-search", Params.clip(id)));
        if (!saved.delete(Auth.caller(ctx).username(), id)) {
            throw ApiError.notFound("You have no saved search " + Params.clip(id) + ".");
        }
        ctx.status(204);
    }
}
