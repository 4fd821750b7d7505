package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.release.Authorization;
import org.chartvault.release.NewRelease;
import org.chartvault.release.Redaction;
import org.chartvault.release.ReleaseChange;
import org.chartvault.release.ReleaseItem;
import org.chartvault.release.ReleaseSettings;
import org.chartvault.release.ReleaseStatus;
import org.chartvault.release.Requester;
import org.chartvault.release.SensitiveCategory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.EnumSet;
import org.chartvault.security.Role;

/**
 * Reading release requests, changes, categories and settings from JSON, field by field, with a 400 that names the
 * field when one is wrong. Lenient where clients reasonably differ (a requester given as a plain name, an
 * authorization given as a plain reference, "organization" spelled the American way), strict about unknown fields.
 */
final class ReleaseBodies {
    private ReleaseBodies() {
    }

    private static final Set<String> NEW_RELEASE = Set.of("mrn", "requester", "purpose", "authorization", "items",
            "redactions", "receivedDate", "dueDate", "matter", MrnConfirmations.FIELD);
    private static final Set<String> CHANGE = Set.of("status", "reason", "requester", "purpose", "authorization", "items",
            "redactions", "dueDate");

    static NewRelease newRelease(JsonNode body) {
        onlyFields(body, NEW_RELEASE, "a release request");
        return new NewRelease(scalar(body, "mrn"), requester(body.get("requester")), scalar(body, "purpose"),
                authorization(body.get("authorization")), items(body.get("items")), redactions(body.get("redactions")),
                Params.date("receivedDate", scalar(body, "receivedDate")), Params.date("dueDate", scalar(body, "dueDate")), scalar(body, "matter"));
    }

    static ReleaseChange change(JsonNode body) {
        onlyFields(body, CHANGE, "a change of a release");
        if (!body.fields().hasNext()) throw ApiError.badRequest("Name at least one field to change.");
        String status = scalar(body, "status");
        JsonNode requester = body.get("requester");
        return new ReleaseChange(status == null ? null : ReleaseStatus.fromWire(status), scalar(body, "reason"),
                requester == null || requester.isNull() ? null : requester(requester), scalar(body, "purpose"),
                body.has("authorization"), authorization(body.get("authorization")),
                body.has("items") ? items(body.get("items")) : null,
                body.has("redactions") ? redactions(body.get("redactions")) : null,
                Params.date("dueDate", scalar(body, "dueDate")));
    }

    /** A requester as a plain name, or {@code {"name","organisation","address"}}. */
    static Requester requester(JsonNode node) {
        if (node == null || node.isNull()) throw ApiError.badRequest("'requester' is required: who asked for the records?");
        if (node.isTextual()) return new Requester(node.asText(), null, null);
        if (!node.isObject()) throw ApiError.badRequest("'requester' must be a name or an object with name, organization and address.");
        onlyFields(node, Set.of("name", "organisation", "organization", "address"), "the requester");
        String organisation = scalar(node, "organisation");
        if (organisation == null) organisation = scalar(node, "organization");
        JsonNode address = node.get("address");
        String addressText;
        if (address != null && address.isObject()) {
            List<String> parts = new ArrayList<>();
            address.fields().forEachRemaining(f -> {
                if (f.getValue().isValueNode() && !f.getValue().asText().isBlank()) parts.add(f.getValue().asText().strip());
            });
            addressText = String.join(", ", parts);
        } else {
            addressText = scalar(node, "address");
        }
        return new Requester(scalar(node, "name"), organisation, addressText);
    }

    /**
     * An authorization as a plain reference ("signed 2024-03-02, on file") or its scope:
     * {@code {"reference","signedOn","expires","documentTypes","from","to","sensitiveCategories"}}.
     */
    static Authorization authorization(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return new Authorization(node.asText(), null, null, List.of(), null, null, List.of(), null);
        if (node.isBoolean()) {
            return node.asBoolean() ? new Authorization("on file", null, null, List.of(), null, null, List.of(), null) : null;
        }
        if (!node.isObject()) throw ApiError.badRequest("'authorization' must be a reference or an object describing its scope.");
        onlyFields(node, Set.of("reference", "signedOn", "expires", "documentTypes", "from", "to", "dateRange",
                "sensitiveCategories", "categories"), "the authorization");
        LocalDate from = Params.date("authorization.from", scalar(node, "from"));
        LocalDate to = Params.date("authorization.to", scalar(node, "to"));
        JsonNode range = node.get("dateRange");
        if (range != null && range.isObject()) {
            if (from == null) from = Params.date("authorization.dateRange.from", scalar(range, "from"));
            if (to == null) to = Params.date("authorization.dateRange.to", scalar(range, "to"));
        }
        List<String> categories = new ArrayList<>(texts(node, "sensitiveCategories"));
        categories.addAll(texts(node, "categories"));
        return new Authorization(scalar(node, "reference"), Params.date("authorization.signedOn", scalar(node, "signedOn")),
                Params.date("authorization.expires", scalar(node, "expires")), texts(node, "documentTypes"), from, to,
                categories, null);
    }

    static List<ReleaseItem> items(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw ApiError.badRequest("'items' must be a list of {\"documentId\", \"pages\"?}.");
        List<ReleaseItem> items = new ArrayList<>();
        for (JsonNode item : node) {
            if (item.isTextual()) {
                items.add(new ReleaseItem(item.asText(), null));
                continue;
            }
            if (!item.isObject()) throw ApiError.badRequest("Each item is {\"documentId\", \"pages\"?}.");
            onlyFields(item, Set.of("documentId", "pages"), "an item");
            JsonNode pages = item.get("pages");
            List<Integer> numbers = null;
            if (pages != null && !pages.isNull()) {
                if (!pages.isArray()) throw ApiError.badRequest("An item's 'pages' must be a list of page numbers.");
                numbers = new ArrayList<>();
                for (JsonNode page : pages) {
                    if (!page.canConvertToInt() || !page.isIntegralNumber()) {
                        throw ApiError.badRequest("An item's 'pages' must be whole page numbers, not " + Params.clip(page.toString()) + ".");
                    }
                    numbers.add(page.asInt());
                }
            }
            items.add(new ReleaseItem(scalar(item, "documentId"), numbers));
        }
        return items;
    }

    /** Boxes in page-image pixels; fractional edges are rounded outwards, and a box is clipped at the page's top left. */
    static List<Redaction> redactions(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw ApiError.badRequest("'redactions' must be a list of {\"documentId\",\"page\",\"x\",\"y\",\"width\",\"height\"}.");
        List<Redaction> redactions = new ArrayList<>();
        for (JsonNode box : node) {
            if (!box.isObject()) throw ApiError.badRequest("Each redaction is {\"documentId\",\"page\",\"x\",\"y\",\"width\",\"height\"}.");
            onlyFields(box, Set.of("documentId", "page", "x", "y", "width", "height"), "a redaction");
            double x = number(box, "x"), y = number(box, "y"), width = number(box, "width"), height = number(box, "height");
            long left = (long) Math.floor(Math.max(0, x));
            long top = (long) Math.floor(Math.max(0, y));
            long right = (long) Math.ceil(x + width);
            long bottom = (long) Math.ceil(y + height);
            if (right > Integer.MAX_VALUE || bottom > Integer.MAX_VALUE) throw ApiError.badRequest("A redaction box is far larger than any page.");
            double page = number(box, "page");
            if (page != Math.rint(page)) throw ApiError.badRequest("A redaction's 'page' is a whole page number.");
            redactions.add(new Redaction(scalar(box, "documentId"), (int) page, (int) left, (int) top,
                    (int) Math.max(0, right - left), (int) Math.max(0, bottom - top)));
        }
        return redactions;
    }

    static SensitiveCategory category(String id, JsonNode body) {
        onlyFields(body, Set.of("category", "name", "documentTypes", "aliases", "part2", "readers"), "a sensitive category");
        String named = scalar(body, "category");
        if (named != null && !named.equals(id)) {
            throw ApiError.badRequest("The body names category '" + Params.clip(named) + "' but the path names '" + Params.clip(id) + "'.");
        }
        JsonNode part2 = body.get("part2");
        if (part2 != null && !part2.isNull() && !part2.isBoolean()) throw ApiError.badRequest("'part2' must be true or false.");
        Set<Role> readers = null;
        if (body.hasNonNull("readers")) {
            readers = EnumSet.noneOf(Role.class);
            for (String role : texts(body, "readers")) {
                try {
                    readers.add(Role.fromWire(role));
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest(e.getMessage());
                }
            }
        }
        return new SensitiveCategory(id, scalar(body, "name"), texts(body, "documentTypes"), texts(body, "aliases"),
                part2 != null && part2.asBoolean(), readers);
    }

    /** New settings: the fields given replace the current ones. */
    static ReleaseSettings settings(JsonNode body, ReleaseSettings current) {
        onlyFields(body, Set.of("dueDays", "batesPrefix", "batesDigits"), "the release settings");
        int dueDays = body.has("dueDays") ? (int) whole(body, "dueDays") : current.dueDays();
        int digits = body.has("batesDigits") ? (int) whole(body, "batesDigits") : current.batesDigits();
        String prefix = body.has("batesPrefix") ? scalar(body, "batesPrefix") : current.batesPrefix();
        return new ReleaseSettings(dueDays, prefix, digits);
    }

    /** A text field (null when absent). */
    static String text(JsonNode body, String field) {
        return scalar(body, field);
    }

    /** The required {@code page} of a page decision or an accepted proposal. */
    static int page(JsonNode body) {
        if (body.get("page") == null) throw ApiError.badRequest("'page' is required: which page of the document?");
        long page = whole(body, "page");
        if (page < 1) throw ApiError.badRequest("Page numbers start at 1.");
        return (int) page;
    }

    private static long whole(JsonNode body, String field) {
        double value = number(body, field);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) throw ApiError.badRequest("'" + field + "' must be a whole number.");
        return (long) value;
    }

    /** A string field; numbers are taken as written (an MRN sent as a number keeps its digits). */
    private static String scalar(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return node.asText();
        if (node.isIntegralNumber()) return node.asText();
        throw ApiError.badRequest("'" + field + "' must be a string.");
    }

    private static double number(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isNumber()) throw ApiError.badRequest("'" + field + "' must be a number.");
        return node.asDouble();
    }

    /** A list of strings; a single string is taken as a list of one. */
    private static List<String> texts(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node != null && node.isTextual()) return List.of(node.asText());
        List<String> values = JsonBodies.textList(body, field);
        return values == null ? List.of() : values;
    }

    private static void onlyFields(JsonNode body, Set<String> known, String what) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                throw ApiError.badRequest("Unknown field '" + Params.clip(name) + "' in " + what + "; the fields are "
                        + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        }
    }
}
