package org.chartvault.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.access.DocumentAccess;
import org.chartvault.audit.Target;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentService;
import org.chartvault.security.Caller;
import org.chartvault.hold.BatesNumbering;
import org.chartvault.hold.Custodian;
import org.chartvault.hold.ProductionTerms;
import org.chartvault.hold.ExportService;
import org.chartvault.hold.ExportStatus;
import org.chartvault.hold.Hold;
import org.chartvault.hold.HoldCriteria;
import org.chartvault.hold.HoldService;
import org.chartvault.hold.ProductionExport;
import org.chartvault.patient.MrnCheck;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Legal holds and their production exports. */
final class HoldController {
    private static final Set<String> HOLD_FIELDS = Set.of("name", "matter", "mrns", "query", "from", "to",
            MrnConfirmations.FIELD);
    private static final Set<String> EXPORT_FIELDS = Set.of("batesPrefix", "batesStart", "batesDigits", "recipient",
            "delivery", "protectedRecords", "custodian");

    private final HoldService holds;
    private final ExportService exports;
    private final DocumentService documents;
    private final DocumentAccess access;
    private final MrnCheck mrns;

    HoldController(HoldService holds, ExportService exports, DocumentService documents, DocumentAccess access, MrnCheck mrns) {
        this.holds = holds;
        this.mrns = mrns;
        this.exports = exports;
        this.documents = documents;
        this.access = access;
    }

    /**
     * Places a hold. Its MRNs are checked like typed ones: an unusual one (not of the hospital's form, not in the
     * registry) is refused unless the body confirms it ({@code confirmUnknownMrn}); a retired MRN holds the one it
     * was merged into as well.
     */
    void create(Context ctx) throws Exception {
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, HOLD_FIELDS);
        String name = JsonBodies.requiredText(body, "name");
        String matter = JsonBodies.optionalText(body, "matter");
        HoldCriteria criteria = criteria(body);
        List<MrnCheck.Accepted> checked = mrns.requireAll(criteria.mrns(), MrnConfirmations.fromBody(body));
        criteria = withSurvivors(criteria, checked);
        MrnConfirmations.audit(ctx, checked);
        Hold hold;
        try {
            hold = holds.place(Auth.caller(ctx), name, matter, criteria);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.hold(hold.holdId()));
        ctx.attribute(HttpApi.AUDIT_DETAIL, hold.documentIds().size());
        ctx.attribute(HttpApi.AUDIT_DOCUMENTS, hold.documentIds());
        ctx.attribute(HttpApi.AUDIT_MRNS, criteria.mrns());
        ctx.status(201).json(Map.of("holdId", hold.holdId(), "documentsHeld", hold.documentIds().size(),
                "status", hold.status().wire()));
    }

    /**
     * What a hold with these criteria would hold now, before it is placed: the number of documents, and for each MRN
     * its patient (name, birth date) or what is wrong with it. Nothing is stored.
     */
    void preview(Context ctx) throws Exception {
        JsonNode body = JsonBodies.object(ctx);
        onlyFields(body, HOLD_FIELDS);
        HoldCriteria criteria = criteria(body);
        List<Map<String, Object>> patients = new java.util.ArrayList<>();
        List<MrnCheck.Accepted> usable = new java.util.ArrayList<>();
        for (String mrn : criteria.mrns()) {
            MrnCheck.Result found = mrns.check(mrn);
            patients.add(MrnConfirmations.view(found, mrns.pattern()));
            usable.add(new MrnCheck.Accepted(found, null));
        }
        int matching;
        try {
            matching = holds.preview(withSurvivors(criteria, usable));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.attribute(HttpApi.AUDIT_DETAIL, matching);
        ctx.json(Map.of("documentsMatching", matching, "patients", patients));
    }

    private static HoldCriteria criteria(JsonNode body) {
        JsonNode mrnsNode = body.get("mrns");
        List<String> mrns = mrnsNode != null && mrnsNode.isTextual() ? List.of(mrnsNode.asText()) : JsonBodies.textList(body, "mrns");
        LocalDate from = Params.date("from", JsonBodies.optionalText(body, "from"));
        LocalDate to = Params.date("to", JsonBodies.optionalText(body, "to"));
        try {
            return new HoldCriteria(mrns, JsonBodies.optionalText(body, "query"), from, to);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** The criteria holding also the MRN each retired MRN was merged into (its documents moved there). */
    private static HoldCriteria withSurvivors(HoldCriteria criteria, List<MrnCheck.Accepted> checked) {
        List<String> all = new java.util.ArrayList<>(criteria.mrns());
        for (MrnCheck.Accepted a : checked) all.add(a.result().fileUnder());
        return new HoldCriteria(all, criteria.query(), criteria.from(), criteria.to());
    }

    void list(Context ctx) throws Exception {
        ctx.json(Map.of("holds", holds.list().stream().map(HoldView::of).toList()));
    }

    void get(Context ctx) throws Exception {
        ctx.json(HoldView.of(holds.get(holdId(ctx))));
    }

    /** Body {@code {"reason"}}, optional: the release is recorded with who and when whatever is sent. */
    void release(Context ctx) throws Exception {
        String holdId = holdId(ctx);
        String reason = null;
        if (!ctx.body().isBlank()) {
            JsonNode body = JsonBodies.object(ctx);
            onlyFields(body, Set.of("reason"));
            reason = JsonBodies.optionalText(body, "reason");
        }
        try {
            Hold released = holds.release(Auth.caller(ctx), holdId, reason);
            ctx.attribute(HttpApi.AUDIT_DOCUMENTS, released.documentIds());
            ctx.json(HoldView.of(released));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /**
     * Body optional: {@code {"batesPrefix","batesStart","batesDigits","recipient","delivery","protectedRecords",
     * "custodian"}}; numbering defaults CV, the matter's next number, 6 digits.
     */
    void startExport(Context ctx) throws Exception {
        String holdId = holdId(ctx);
        String prefix = null;
        Long start = null;
        int digits = BatesNumbering.DEFAULT_DIGITS;
        ProductionTerms terms = ProductionTerms.NONE;
        if (!ctx.body().isBlank()) {
            JsonNode body = JsonBodies.object(ctx);
            onlyFields(body, EXPORT_FIELDS);
            prefix = JsonBodies.optionalText(body, "batesPrefix");
            if (body.hasNonNull("batesStart")) start = wholeNumber(body, "batesStart", 1);
            digits = (int) wholeNumber(body, "batesDigits", digits);
            terms = terms(body);
        }
        BatesNumbering bates;
        try {
            bates = new BatesNumbering(prefix, start == null ? 1 : start, digits);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        refuseProtectedRecordsTheCallerMayNotRead(Auth.caller(ctx), holds.get(holdId).documentIds());
        ProductionExport export;
        try {
            export = exports.request(Auth.caller(ctx), holdId, bates, start != null, terms);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.attribute(HttpApi.AUDIT_TARGET, exportTarget(export.exportId()));
        ctx.attribute(HttpApi.AUDIT_DETAIL, export.documentIds().size());
        ctx.attribute(HttpApi.AUDIT_DOCUMENTS, export.documentIds());
        ctx.status(202).json(Map.of("exportId", export.exportId(), "status", export.status().wire()));
    }

    /**
     * A hold preserves everything it covers, protected records too; but a production hands their content out, so
     * the person producing it must be allowed to read every one of them. Leaving them out silently would give the
     * court an incomplete production, so the export is refused with the reason instead.
     */
    private void refuseProtectedRecordsTheCallerMayNotRead(Caller caller, List<String> documentIds) throws IOException {
        int hidden = 0;
        for (String id : documentIds) {
            try {
                if (!access.maySee(caller, documents.get(id))) hidden++;
            } catch (DocumentNotFoundException e) {
                // gone since it was held (released hold, then purged): the export leaves it out anyway
            }
        }
        if (hidden > 0) {
            throw new ApiError(403, "protected-records", "This production holds " + hidden + " protected record(s) that your "
                    + "role may not read; ask an administrator to add your role to those categories' readers, or have "
                    + "someone who may read them produce the export.");
        }
    }

    void listExports(Context ctx) throws Exception {
        String holdId = holdId(ctx);
        holds.get(holdId); // 404 for an unknown hold
        ctx.json(Map.of("holdId", holdId, "exports", exports.forHold(holdId).stream().map(ExportView::of).toList()));
    }

    void exportStatus(Context ctx) throws Exception {
        ctx.json(ExportView.of(exports.get(exportId(ctx))));
    }

    void download(Context ctx) throws Exception {
        ProductionExport export = finished(ctx);
        ctx.header("Content-Disposition", DocumentController.attachment(export.exportId() + ".zip"));
        ctx.contentType("application/zip").result(exports.zip(export));
    }

    void custodyReport(Context ctx) throws Exception {
        ProductionExport export = finished(ctx);
        ctx.header("Content-Disposition", DocumentController.attachment(export.exportId() + "-chain-of-custody.pdf"));
        ctx.contentType("application/pdf").result(exports.custodyReport(export));
    }

    /** A finished export, whose content the caller may read: a production made by someone else is checked again. */
    private ProductionExport finished(Context ctx) throws Exception {
        ProductionExport export = exports.get(exportId(ctx));
        ctx.attribute(HttpApi.AUDIT_DOCUMENTS, export.documentIds());
        refuseProtectedRecordsTheCallerMayNotRead(Auth.caller(ctx), export.documentIds());
        if (export.status() == ExportStatus.RUNNING) {
            throw new ApiError(409, "not-ready", "The production is still being built (" + export.documentsDone()
                    + " of " + export.documentIds().size() + " documents); try again when its status is done.");
        }
        if (export.status() == ExportStatus.FAILED) {
            throw new ApiError(409, "export-failed", "The production failed and has nothing to download: " + export.error());
        }
        return export;
    }

    private static String holdId(Context ctx) {
        String holdId = Params.id(ctx, "holdId", "hold", "legal hold");
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.hold(holdId));
        return holdId;
    }

    private static String exportId(Context ctx) {
        String exportId = Params.id(ctx, "exportId", "exp", "export");
        ctx.attribute(HttpApi.AUDIT_TARGET, exportTarget(exportId));
        return exportId;
    }

    static Target exportTarget(String exportId) {
        return new Target("export", exportId);
    }

    /** A misspelt field must not be ignored: a hold or an export would silently cover something else. */
    static void onlyFields(JsonNode body, Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest("Unknown field '" + Params.clip(name) + "'; the fields are "
                        + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    /** Recipient, delivery, legal bases for protected categories and the certifying custodian, as sent. */
    private static ProductionTerms terms(JsonNode body) {
        try {
            ProductionTerms.Recipient recipient = null;
            JsonNode r = body.get("recipient");
            if (r != null && !r.isNull()) {
                object(r, "recipient", Set.of("name", "organization", "address", "party"));
                JsonNode party = r.get("party");
                if (party == null || !party.isBoolean()) {
                    throw ApiError.badRequest("Say whether the recipient is a party to the matter: \"party\": true or "
                            + "false (a production to a non-party is listed in the patient's accounting of disclosures).");
                }
                recipient = new ProductionTerms.Recipient(JsonBodies.optionalText(r, "name"),
                        JsonBodies.optionalText(r, "organization"), JsonBodies.optionalText(r, "address"), party.asBoolean());
            }
            ProductionTerms.Delivery delivery = null;
            JsonNode d = body.get("delivery");
            if (d != null && !d.isNull()) {
                object(d, "delivery", Set.of("method", "date"));
                delivery = new ProductionTerms.Delivery(JsonBodies.optionalText(d, "method"),
                        Params.date("delivery.date", JsonBodies.optionalText(d, "date")));
            }
            List<ProductionTerms.ProtectedRecords> bases = new java.util.ArrayList<>();
            JsonNode p = body.get("protectedRecords");
            if (p != null && !p.isNull()) {
                if (!p.isArray()) throw ApiError.badRequest("'protectedRecords' is a list of {category, basis, reference}.");
                for (JsonNode entry : p) {
                    object(entry, "protectedRecords entry", Set.of("category", "basis", "reference"));
                    bases.add(new ProductionTerms.ProtectedRecords(JsonBodies.optionalText(entry, "category"),
                            JsonBodies.optionalText(entry, "basis"), JsonBodies.optionalText(entry, "reference")));
                }
            }
            Custodian custodian = null;
            JsonNode c = body.get("custodian");
            if (c != null && !c.isNull()) {
                object(c, "custodian", Set.of("name", "title"));
                custodian = new Custodian(null, JsonBodies.optionalText(c, "name"), JsonBodies.optionalText(c, "title"));
            }
            return new ProductionTerms(recipient, delivery, bases, custodian);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static void object(JsonNode node, String what, Set<String> fields) {
        if (!node.isObject()) throw ApiError.badRequest("'" + what + "' must be an object with " + String.join(", ", fields.stream().sorted().toList()) + ".");
        onlyFields(node, fields);
    }

    private static long wholeNumber(JsonNode body, String field, long fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return fallback;
        if (!node.canConvertToLong() || !node.isIntegralNumber()) throw ApiError.badRequest("'" + field + "' must be a whole number.");
        return node.asLong();
    }

    /** A hold as the API shows it: its criteria at the top level, as they were sent, and the documents it holds. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record HoldView(String holdId, String name, String matter, String status, String placedBy, Instant placedAt,
                    List<String> mrns, String query, LocalDate from, LocalDate to, String releasedBy,
                    Instant releasedAt, String releaseReason, int documentsHeld, List<String> documentIds,
                    boolean applied) {
        static HoldView of(Hold h) {
            return new HoldView(h.holdId(), h.name(), h.matter(), h.status().wire(), h.placedBy(), h.placedAt(),
                    h.criteria().mrns(), h.criteria().query(), h.criteria().from(), h.criteria().to(), h.releasedBy(),
                    h.releasedAt(), h.releaseReason(), h.documentIds().size(), h.documentIds(), h.applied());
        }
    }

    /** An export's state and, once done, its Bates range and hashes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ExportView(String exportId, String holdId, String status, int documentsDone, int documentsTotal,
                      long pages, int percent, String requestedBy, Instant requestedAt, Instant finishedAt,
                      String batesPrefix, String batesBegin, String batesEnd, long zipBytes, String zipSha256,
                      String manifestSha256, String custodySha256, String error, String matter,
                      ProductionTerms.Recipient recipient, ProductionTerms.Delivery delivery,
                      List<ProductionTerms.ProtectedRecords> protectedRecords, List<String> withheld) {
        static ExportView of(ProductionExport e) {
            int total = e.documentIds().size();
            int percent = e.status() == ExportStatus.DONE ? 100 : total == 0 ? 0 : (int) (100L * e.documentsDone() / total);
            return new ExportView(e.exportId(), e.holdId(), e.status().wire(), e.documentsDone(), total, e.pages(),
                    percent, e.requestedBy(), e.requestedAt(), e.finishedAt(), e.bates().prefix(), e.batesBegin(),
                    e.batesEnd(), e.zipBytes(), e.zipSha256(), e.manifestSha256(), e.custodySha256(), e.error(),
                    e.numberingMatter(), e.terms().recipient(), e.terms().delivery(), e.terms().protectedRecords(),
                    e.withheld());
        }
    }
}
