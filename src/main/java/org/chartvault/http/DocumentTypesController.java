package org.chartvault.http;

import io.javalin.http.Context;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.capture.DocumentType;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.capture.DocumentTypes;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The list of document types (name, LOINC code, display): read by everyone; an administrator adds, renames and
 * retires types one at a time (keyed by LOINC code), or replaces the whole list as CSV.
 */
final class DocumentTypesController {
    private final DocumentTypeCatalog catalog;
    private final AuditLog audit;

    DocumentTypesController(DocumentTypeCatalog catalog, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
    }

    void list(Context ctx) throws IOException {
        if ("csv".equals(ctx.queryParam("format"))) {
            ctx.contentType("text/csv; charset=utf-8").result(catalog.csv());
            return;
        }
        ctx.json(Map.of("documentTypes", catalog.current().all()));
    }

    /** Replaces the list with the CSV in the body ({@code name,loinc,display,keywords}). */
    void replace(Context ctx) throws IOException, DocumentTypeCatalog.InvalidTypeListException {
        DocumentTypes replaced = catalog.replace(ctx.body());
        audit.append(Auth.caller(ctx).event(AuditActions.DOCUMENT_TYPES_UPDATE, Target.path("document-types"))
                .with("types", replaced.all().size()));
        ctx.json(Map.of("documentTypes", replaced.all()));
    }

    /** {@code POST /api/document-types} {"display","loinc","name"?,"keywords"?}: a new type in use. */
    void add(Context ctx) throws IOException, DocumentTypeCatalog.TypeExistsException {
        JsonNode body = JsonBodies.object(ctx);
        String display = JsonBodies.requiredText(body, "display").strip();
        String loinc = JsonBodies.requiredText(body, "loinc").strip();
        String name = JsonBodies.optionalText(body, "name");
        DocumentType added;
        try {
            List<String> keywords = keywords(body);
            added = catalog.add(new DocumentType(name == null || name.isBlank() ? display : name, loinc, display,
                    keywords == null ? List.of() : keywords));
        } catch (IllegalArgumentException | DocumentTypeCatalog.InvalidTypeListException e) {
            throw ApiError.badRequest("The type was not added: " + e.getMessage());
        }
        audited(ctx, "add", added);
        ctx.status(201).json(added);
    }

    /** {@code PATCH|PUT /api/document-types/{loinc}} with any of display, name, keywords, retired. */
    void change(Context ctx) throws IOException, DocumentTypeCatalog.TypeExistsException {
        JsonNode body = JsonBodies.object(ctx);
        JsonNode retired = body.get("retired");
        if (retired != null && !retired.isNull() && !retired.isBoolean()) throw ApiError.badRequest("'retired' must be true or false.");
        String display = JsonBodies.optionalText(body, "display");
        if (display != null && display.isBlank()) throw ApiError.badRequest("A document type needs a name to show.");
        change(ctx, new DocumentTypeCatalog.Change(JsonBodies.optionalText(body, "name"), display, keywords(body),
                retired == null || retired.isNull() ? null : retired.asBoolean()));
    }

    /** {@code POST /api/document-types/{loinc}/retire}: no longer given to new documents. */
    void retire(Context ctx) throws IOException, DocumentTypeCatalog.TypeExistsException {
        change(ctx, new DocumentTypeCatalog.Change(null, null, null, true));
    }

    /** {@code POST /api/document-types/{loinc}/restore}: in use again. */
    void restore(Context ctx) throws IOException, DocumentTypeCatalog.TypeExistsException {
        change(ctx, new DocumentTypeCatalog.Change(null, null, null, false));
    }

    private void change(Context ctx, DocumentTypeCatalog.Change change) throws IOException, DocumentTypeCatalog.TypeExistsException {
        String loinc = ctx.pathParam("loinc");
        DocumentType changed;
        try {
            changed = catalog.change(loinc, change).orElseThrow(() -> new ApiError(404, "not-found",
                    "There is no document type with the LOINC code '" + Params.clip(loinc) + "'."));
        } catch (DocumentTypeCatalog.InvalidTypeListException e) {
            throw ApiError.badRequest("The type was not changed: " + e.getMessage());
        }
        audited(ctx, change.retired() == null ? "change" : change.retired() ? "retire" : "restore", changed);
        ctx.json(changed);
    }

    /** Keywords as a list of strings or one string separated by ';'; null when not given. */
    private static List<String> keywords(JsonNode body) {
        JsonNode node = body.get("keywords");
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return DocumentTypes.keywords(node.asText());
        List<String> listed = JsonBodies.textList(body, "keywords");
        return DocumentTypes.keywords(String.join(";", listed));
    }

    private void audited(Context ctx, String what, DocumentType type) throws IOException {
        audit.append(Auth.caller(ctx).event(AuditActions.DOCUMENT_TYPES_UPDATE, Target.path("document-types/" + type.loinc()))
                .with("change", what).with("display", type.display()).with("retired", type.retired()));
    }

    /**
     * The display name a type given by a person or a script is filed under: accepted by its name (any case) or
     * its LOINC code; anything else is a 400 listing the known types.
     */
    static String canonical(DocumentTypeCatalog catalog, String value) throws IOException {
        if (value == null) return null;
        DocumentTypes list = catalog.current();
        return list.resolve(value).map(DocumentType::display).orElseThrow(() -> {
            var retired = list.resolveIncludingRetired(value);
            if (retired.isPresent()) {
                return new ApiError(400, "retired-document-type", "The document type '" + retired.get().display()
                        + "' is retired and is no longer given to new documents; pick another type.");
            }
            String known = list.inUse().stream().map(t -> t.display() + " (" + t.loinc() + ")")
                    .collect(Collectors.joining(", "));
            return new ApiError(400, "unknown-document-type", "'" + Params.clip(value)
                    + "' is not a document type. Use one of: " + known + ".");
        });
    }
}
