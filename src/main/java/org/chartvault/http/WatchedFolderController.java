package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.audit.Target;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.watch.FolderStatus;
import org.chartvault.watch.WatchedFolder;
import org.chartvault.watch.WatchedFolders;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Watched folders, for administrators: list them with how each is doing, add or change one, stop watching one. */
final class WatchedFolderController {
    private final WatchedFolders folders;
    private final DocumentTypeCatalog types;

    WatchedFolderController(WatchedFolders folders, DocumentTypeCatalog types) {
        this.folders = folders;
        this.types = types;
    }

    /** A folder as the API shows it: its settings, and its status as the node watching it last saved it. */
    record View(String id, String path, String account, String documentType, WatchedFolder.ServiceDate serviceDate,
                WatchedFolder.Split split, WatchedFolder.AfterArchiving afterArchiving, int settleSeconds,
                FolderStatus status) {
        static View of(WatchedFolder f, FolderStatus status) {
            return new View(f.id(), f.path(), f.account(), f.documentType(), f.serviceDate(), f.split(),
                    f.afterArchiving(), f.settleSeconds(), status);
        }
    }

    void list(Context ctx) throws IOException {
        List<View> views = new ArrayList<>();
        for (WatchedFolder folder : folders.list()) views.add(View.of(folder, folders.status(folder.id())));
        ctx.json(Map.of("folders", views));
    }

    void get(Context ctx) throws IOException {
        WatchedFolder folder = folders.find(ctx.pathParam("folderId")).orElseThrow(() -> unknown(ctx));
        ctx.json(View.of(folder, folders.status(folder.id())));
    }

    /** Adds or replaces the folder of that id; the document type is accepted by name or LOINC code, as on uploads. */
    void put(Context ctx) throws IOException {
        String id = ctx.pathParam("folderId");
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("watched-folder", id));
        JsonNode body = JsonBodies.object(ctx);
        WatchedFolder folder = new WatchedFolder(id,
                JsonBodies.requiredText(body, "path"),
                JsonBodies.requiredText(body, "account"),
                DocumentTypesController.canonical(types, Params.text(JsonBodies.optionalText(body, "documentType"))),
                WatchedFolder.ServiceDate.fromWire(orDefault(JsonBodies.optionalText(body, "serviceDate"), "none")),
                WatchedFolder.Split.fromWire(orDefault(JsonBodies.optionalText(body, "split"), "separators")),
                WatchedFolder.AfterArchiving.fromWire(orDefault(JsonBodies.optionalText(body, "afterArchiving"), "move")),
                settleSeconds(body));
        WatchedFolder saved = folders.put(folder);
        ctx.attribute(HttpApi.AUDIT_DETAIL, saved.path() + " as " + saved.account());
        ctx.json(View.of(saved, folders.status(saved.id())));
    }

    /** Stops watching the folder; the files in it stay where they are. */
    void delete(Context ctx) throws IOException {
        String id = ctx.pathParam("folderId");
        ctx.attribute(HttpApi.AUDIT_TARGET, new Target("watched-folder", id));
        if (!folders.remove(id)) throw unknown(ctx);
        ctx.status(204);
    }

    private static int settleSeconds(JsonNode body) {
        JsonNode node = body.get("settleSeconds");
        if (node == null || node.isNull()) return WatchedFolder.DEFAULT_SETTLE_SECONDS;
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiError.badRequest("'settleSeconds' must be a whole number of seconds from 1 to 3600.");
        }
        return node.intValue();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static ApiError unknown(Context ctx) {
        return ApiError.notFound("No watched folder '" + Params.clip(ctx.pathParam("folderId")) + "' exists.");
    }
}
