package org.chartvault.http;

import io.javalin.http.Context;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.capture.DocumentType;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.capture.DocumentTypes;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/** The list of document types (name, LOINC code, display): read by everyone, replaced by an administrator. */
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

    /**
     * The display name a type given by a person or a script is filed under: accepted by its name (any case) or
     * its LOINC code; anything else is a 400 listing the known types.
     */
    static String canonical(DocumentTypeCatalog catalog, String value) throws IOException {
        if (value == null) return null;
        return catalog.resolve(value).map(DocumentType::display).orElseThrow(() -> {
            String known;
            try {
                known = catalog.current().all().stream().map(t -> t.display() + " (" + t.loinc() + ")")
                        .collect(Collectors.joining(", "));
            } catch (IOException e) {
                known = "see GET /api/document-types";
            }
            return new ApiError(400, "unknown-document-type", "'" + Params.clip(value)
                    + "' is not a document type. Use one of: " + known + ".");
        });
    }
}
