package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reading JSON request bodies field by field, with a 400 that names the field when one is wrong. */
final class JsonBodies {
    private JsonBodies() {
    }

    static JsonNode object(Context ctx) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(ctx.body());
        } catch (IOException e) {
            throw ApiError.badRequest("The body must be a JSON object.");
        }
        if (json == null || !json.isObject()) throw ApiError.badRequest("The body must be a JSON object.");
        return json;
    }

    static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isEmpty()) throw ApiError.badRequest("'" + field + "' is required.");
        return value;
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw ApiError.badRequest("'" + field + "' must be a string.");
        return node.asText();
    }

    static List<String> textList(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) throw ApiError.badRequest("'" + field + "' must be a list of strings.");
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) throw ApiError.badRequest("'" + field + "' must be a list of strings.");
            values.add(item.asText());
        }
        return values;
    }
}
