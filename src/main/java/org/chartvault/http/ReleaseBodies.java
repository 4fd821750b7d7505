package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.release.AccessDirective;
import org.chartvault.release.Authorization;
import org.chartvault.release.FeeSchedule;
import org.chartvault.release.LegalOrder;
import org.chartvault.release.RequestType;
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
            "redactions", "receivedDate", "dueDate", "requestType", "legalOrder", "directive", "matter", MrnConfirmations.FIELD);
    private static final Set<String> CHANGE = Set.of("status", "reason", "requester", "purpose", "authorization", "items",
            "redactions", "dueDate", "requestType", "legalOrder", "directive");
    private static final Set<String> AUTHORIZATION = Set.of("authorizationId", "kind", "reference", "description",
            "discloser", "recipient", "purpose", "expires", "expirationEvent", "signedBy", "signedOn", "representative",
            "statements", "patientName", "documentTypes", "from", "to", "dateRange", "sensitiveCategories", "categories");

    static NewRelease newRelease(JsonNode body) {
        onlyFields(body, NEW_RELEASE, "a release request");
        return new NewRelease(scalar(body, "mrn"), requester(body.get("requester")), scalar(body, "purpose"),
                authorization(body.get("authorization")), items(body.get("items")), redactions(body.get("redactions")),
                Params.date("receivedDate", scalar(body, "receivedDate")), Params.date("dueDate", scalar(body, "dueDate")),
                scalar(body, "requestType"), legalOrder(body.get("legalOrder")), directive(body.get("directive")),
                scalar(body, "matter"));
    }

    /** {@code {"method"?, "lines"?: [{"kind", "description"?, "amount"}]}} */
    static org.chartvault.release.FeeRules.Quote quote(JsonNode body) {
        onlyFields(body, Set.of("method", "lines"), "a fee quote");
        List<org.chartvault.release.FeeLine> lines = new ArrayList<>();
        JsonNode given = body.get("lines");
        if (given != null && !given.isNull()) {
            if (!given.isArray()) throw ApiError.badRequest("'lines' must be a list of charges: kind, description, amount.");
            for (JsonNode line : given) {
                if (!line.isObject()) throw ApiError.badRequest("Each charge is an object: kind, description, amount.");
                onlyFields(line, Set.of("kind", "description", "amount"), "a charge");
                lines.add(new org.chartvault.release.FeeLine(org.chartvault.release.FeeLine.Kind.fromWire(scalar(line, "kind")),
                        scalar(line, "description"), money(line, "amount")));
            }
        }
        return new org.chartvault.release.FeeRules.Quote(scalar(body, "method"), lines);
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
                Params.date("dueDate", scalar(body, "dueDate")), scalar(body, "requestType"),
                body.has("legalOrder"), legalOrder(body.get("legalOrder")), body.has("directive"), directive(body.get("directive")));
    }

    /** {@code {"kind": "subpoena"|"court-order", "issuedBy", "reference", "issuedOn", "assurance"?, "part2Findings"?}} */
    static LegalOrder legalOrder(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw ApiError.badRequest("'legalOrder' must be an object: kind, issuedBy, reference, issuedOn.");
        onlyFields(node, Set.of("kind", "issuedBy", "reference", "issuedOn", "assurance", "part2Findings"), "the legal order");
        String kind = scalar(node, "kind");
        return new LegalOrder(kind == null ? null : LegalOrder.Kind.fromWire(kind), scalar(node, "issuedBy"),
                scalar(node, "reference"), Params.date("legalOrder.issuedOn", scalar(node, "issuedOn")),
                scalar(node, "assurance"), flag(node, "part2Findings"));
    }

    /** {@code {"signedBy", "signedOn", "recipient"}}: the patient's signed request to send the copy to someone. */
    static AccessDirective directive(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw ApiError.badRequest("'directive' must be an object: signedBy, signedOn, recipient.");
        onlyFields(node, Set.of("signedBy", "signedOn", "recipient"), "the directive");
        return new AccessDirective(scalar(node, "signedBy"), Params.date("directive.signedOn", scalar(node, "signedOn")),
                scalar(node, "recipient"));
    }

    /** {@code {"on", "receivedAs"}}: the patient's revocation of an authorization. */
    static Authorization.Revocation revocation(JsonNode body) {
        onlyFields(body, Set.of("on", "receivedAs"), "a revocation");
        return new Authorization.Revocation(Params.date("on", scalar(body, "on")), scalar(body, "receivedAs"), null, null);
    }

    /** A true/false field that must be a JSON boolean when present (a string "true" is refused, not guessed). */
    private static boolean flag(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return false;
        if (!node.isBoolean()) throw ApiError.badRequest("'" + field + "' must be true or false.");
        return node.asBoolean();
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
     * An authorization as a structured record: its 164.508(c) (or §2.31) elements, the statements it contains, and
     * its scope; or {@code {"authorizationId"}} alone for a form of the patient's already on record. A plain
     * reference or {@code true} is refused: saying there is an authorization is not one.
     */
    static Authorization authorization(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            throw new ApiError(400, "bad-authorization", "'authorization' must be the signed form's elements as an object "
                    + "(description, discloser, recipient, purpose, expires or expirationEvent, signedBy, signedOn, statements, "
                    + "and its scope), or {\"authorizationId\"} of one on record; " + Params.clip(node.toString())
                    + " only says there is one.");
        }
        onlyFields(node, AUTHORIZATION, "the authorization");
        if (node.has("authorizationId") && node.size() == 1) {
            return Authorization.builder().authorizationId(scalar(node, "authorizationId")).build();
        }
        if (node.has("authorizationId")) {
            throw ApiError.badRequest("Name an authorization on record by 'authorizationId' alone, or give a new one without it.");
        }
        LocalDate from = Params.date("authorization.from", scalar(node, "from"));
        LocalDate to = Params.date("authorization.to", scalar(node, "to"));
        JsonNode range = node.get("dateRange");
        if (range != null && range.isObject()) {
            if (from == null) from = Params.date("authorization.dateRange.from", scalar(range, "from"));
            if (to == null) to = Params.date("authorization.dateRange.to", scalar(range, "to"));
        }
        List<String> categories = new ArrayList<>(texts(node, "sensitiveCategories"));
        categories.addAll(texts(node, "categories"));
        String kind = scalar(node, "kind");
        return Authorization.builder()
                .kind(kind == null ? null : Authorization.Kind.fromWire(kind))
                .reference(scalar(node, "reference")).description(scalar(node, "description"))
                .discloser(scalar(node, "discloser")).recipient(scalar(node, "recipient")).purpose(scalar(node, "purpose"))
                .expires(Params.date("authorization.expires", scalar(node, "expires")))
                .expirationEvent(scalar(node, "expirationEvent")).signedBy(scalar(node, "signedBy"))
                .signedOn(Params.date("authorization.signedOn", scalar(node, "signedOn")))
                .representative(representative(node.get("representative"))).statements(statements(node.get("statements")))
                .patientName(scalar(node, "patientName"))
                .documentTypes(texts(node, "documentTypes")).from(from).to(to).sensitiveCategories(categories).build();
    }

    private static Authorization.Representative representative(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw ApiError.badRequest("'representative' must be an object: name, authority.");
        onlyFields(node, Set.of("name", "authority"), "the representative");
        return new Authorization.Representative(scalar(node, "name"), scalar(node, "authority"));
    }

    /** Each statement the form contains, as true; a statement missing or false is reported as missing. */
    private static Authorization.Statements statements(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            throw ApiError.badRequest("'statements' must be an object: rightToRevoke, treatmentNotConditioned, redisclosure (each true or false).");
        }
        onlyFields(node, Set.of("rightToRevoke", "treatmentNotConditioned", "redisclosure"), "the statements");
        return new Authorization.Statements(flag(node, "rightToRevoke"), flag(node, "treatmentNotConditioned"),
                flag(node, "redisclosure"));
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
        onlyFields(body, Set.of("dueDays", "batesPrefix", "batesDigits", "requestTypes", "fees"), "the release settings");
        int dueDays = body.has("dueDays") ? (int) whole(body, "dueDays") : current.dueDays();
        int digits = body.has("batesDigits") ? (int) whole(body, "batesDigits") : current.batesDigits();
        String prefix = body.has("batesPrefix") ? scalar(body, "batesPrefix") : current.batesPrefix();
        List<RequestType> types = body.has("requestTypes") ? requestTypes(body.get("requestTypes")) : current.requestTypes();
        FeeSchedule fees = body.has("fees") ? feeSchedule(body.get("fees"), current.fees()) : current.fees();
        return new ReleaseSettings(dueDays, prefix, digits, types, fees);
    }

    /** {@code {"electronicFlatFee", "thirdPartyBaseFee", "thirdPartyPerPage", "holdThirdPartyUntilPaid"}}; fields left out stay. */
    private static FeeSchedule feeSchedule(JsonNode node, FeeSchedule current) {
        if (node == null || !node.isObject()) throw ApiError.badRequest("'fees' must be an object: electronicFlatFee, thirdPartyBaseFee, thirdPartyPerPage, holdThirdPartyUntilPaid.");
        onlyFields(node, Set.of("electronicFlatFee", "thirdPartyBaseFee", "thirdPartyPerPage", "holdThirdPartyUntilPaid"), "the fee settings");
        return new FeeSchedule(
                node.has("electronicFlatFee") ? money(node, "electronicFlatFee") : current.electronicFlatFee(),
                node.has("thirdPartyBaseFee") ? money(node, "thirdPartyBaseFee") : current.thirdPartyBaseFee(),
                node.has("thirdPartyPerPage") ? money(node, "thirdPartyPerPage") : current.thirdPartyPerPage(),
                node.has("holdThirdPartyUntilPaid") ? flag(node, "holdThirdPartyUntilPaid") : current.holdThirdPartyUntilPaid());
    }

    /** An amount in dollars, as a JSON number or a string such as "6.50". */
    static java.math.BigDecimal money(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return null;
        try {
            if (value.isNumber()) return value.decimalValue();
            if (value.isTextual()) return new java.math.BigDecimal(value.asText().strip().replace("$", ""));
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("'" + field + "' must be an amount in dollars, e.g. 6.50.");
    }

    /** The whole list of request types: {@code [{"type","name","regulation","needs","dueDays","feeRule","accounted"}]}. */
    private static List<RequestType> requestTypes(JsonNode node) {
        if (node == null || !node.isArray()) throw ApiError.badRequest("'requestTypes' must be a list of request types.");
        List<RequestType> types = new ArrayList<>();
        for (JsonNode type : node) {
            if (!type.isObject()) throw ApiError.badRequest("Each request type is an object: type, name, regulation, needs, dueDays, feeRule, accounted.");
            onlyFields(type, Set.of("type", "name", "regulation", "needs", "dueDays", "feeRule", "accounted"), "a request type");
            types.add(new RequestType(scalar(type, "type"), scalar(type, "name"), scalar(type, "regulation"),
                    RequestType.Needs.fromWire(scalar(type, "needs")), (int) whole(type, "dueDays"), scalar(type, "feeRule"),
                    flag(type, "accounted")));
        }
        return types;
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

    static void onlyFields(JsonNode body, Set<String> known, String what) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                throw ApiError.badRequest("Unknown field '" + Params.clip(name) + "' in " + what + "; the fields are "
                        + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        }
    }
}
