package org.chartvault.http;

import org.chartvault.access.DocumentAccess;
import io.javalin.http.Context;
import org.chartvault.audit.Target;
import org.chartvault.originals.Originals;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The uploaded scans documents were cut from, kept unchanged as the system of record, for the roles that manage
 * capture: which documents were made of a scan (and which of its pages each holds), and the scan's bytes as
 * uploaded. Scanning staff reach the scans they uploaded, indexers and administrators every scan. Everyone else
 * gets a document's own original, which holds that document's pages only.
 */
final class SourceController {
    private final Originals originals;
    private final VerifiedContent content;
    private final DocumentAccess access;

    SourceController(Originals originals, VerifiedContent content, DocumentAccess access) {
        this.originals = originals;
        this.content = content;
        this.access = access;
    }

    void get(Context ctx) throws IOException {
        Originals.Source source = visibleSource(ctx);
        List<Map<String, Object>> cut = source.documents().stream().map(SourceController::cut).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sha256", source.sha256());
        answer.put("contentType", source.contentType());
        answer.put("bytes", source.bytes());
        answer.put("documents", cut);
        ctx.json(answer);
    }

    void file(Context ctx) throws IOException {
        Originals.Source source = visibleSource(ctx);
        ctx.attribute(HttpApi.AUDIT_DETAIL, "source scan");
        ctx.header("Content-Disposition", DocumentController.attachment("source-" + source.sha256().substring(0, 12)
                + extension(source.contentType())));
        content.send(ctx, source.contentType(), originals.openSource(source.sha256()));
    }

    private static Map<String, Object> cut(Originals.Source.Cut cut) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("documentId", cut.document().documentId());
        document.put("fileName", cut.document().fileName());
        document.put("status", cut.document().status().wire());
        document.put("pages", cut.pages());
        return document;
    }

    /** The scan, if it is stored and the caller manages capture for it; anything else is answered as unknown. */
    private Originals.Source visibleSource(Context ctx) throws IOException {
        String sha256 = ctx.pathParam("sha256");
        if (!sha256.matches("[0-9a-f]{64}")) throw ApiError.notFound("No source scan " + Params.clip(sha256) + " exists.");
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("source", sha256));
        Optional<Originals.Source> source = originals.source(sha256);
        Caller caller = Auth.caller(ctx);
        boolean staff = caller.hasAny(Role.INDEXER, Role.ADMIN);
        // The scan holds every page of every document cut from it: a protected record among them keeps it from
        // whoever may not read that record, like the record itself.
        if (source.isPresent() && (staff || source.get().documents().stream()
                .anyMatch(cut -> caller.username().equals(cut.document().uploadedBy())))
                && source.get().documents().stream().allMatch(cut -> readable(caller, cut))) {
            return source.get();
        }
        throw ApiError.notFound("No source scan " + sha256 + " exists.");
    }

    /** The role and ownership were checked above; this is the record's protected category. */
    private boolean readable(Caller caller, Originals.Source.Cut cut) {
        try {
            var category = access.categoryOf(cut.document().indexing().documentType());
            return category.isEmpty() || category.get().readableBy(caller.roles());
        } catch (IOException e) {
            return false;
        }
    }

    private static String extension(String contentType) {
        return switch (contentType == null ? "" : contentType) {
            case "application/pdf" -> ".pdf";
            case "image/tiff" -> ".tif";
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            default -> "";
        };
    }
}
