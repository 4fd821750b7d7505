package org.chartvault.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.audit.Target;
import org.chartvault.patient.MrnCheck;
import org.chartvault.release.Accounting;
import org.chartvault.release.AccountingSuspension;
import org.chartvault.release.Disclosure;
import org.chartvault.release.GivenAccounting;
import org.chartvault.release.ManualDisclosure;
import org.chartvault.release.ReleasedDocument;
import org.chartvault.release.Requester;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * A patient's disclosures (45 CFR 164.528): the internal log of every disclosure, the accounting the patient receives
 * (only what the rule requires), disclosures entered by hand, suspensions of the right, and the accountings given.
 */
final class DisclosureController {
    private final Accounting accounting;
    private final MrnCheck mrns;

    DisclosureController(Accounting accounting, MrnCheck mrns) {
        this.accounting = accounting;
        this.mrns = mrns;
    }

    /**
     * One entry of the log as the contract has it ({@code releaseId, date, requester, purpose, documents, pages}: the
     * ids of the documents disclosed and the number of pages), with the details beside it: whether the accounting
     * lists it, and if not, why not.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DisclosureEntry(String releaseId, LocalDate date, String requester, String purpose, List<String> documents,
                           int pages, Requester recipient, String authorization, List<ReleasedDocument> disclosed,
                           String releasedBy, String source, String requestType, String legalBasis, String description,
                           boolean accounted, String exemption, String mergedFrom) {
        static DisclosureEntry of(Disclosure d, String exemption) {
            return new DisclosureEntry(d.releaseId(), d.date(), d.requester().display(), d.purpose(),
                    d.documents().stream().map(ReleasedDocument::documentId).toList(), d.pages(), d.requester(),
                    d.authorization(), d.documents(), d.releasedBy(), d.source().wire(), d.requestType(), d.legalBasis(),
                    d.whatWasDisclosed(), exemption == null, exemption, d.mergedFrom());
        }
    }

    /** The accounting as the patient would receive it, and how many entries the rule left out (for the clerk). */
    record StatementView(String mrn, String patientName, LocalDate requestDate, LocalDate from, LocalDate to,
                         List<DisclosureEntry> disclosures, int leftOutExempt, int leftOutSuspended) {
        static StatementView of(Accounting.Statement s) {
            return new StatementView(s.mrn(), s.patientName(), s.requestDate(), s.from(), s.to(),
                    s.listed().stream().map(d -> DisclosureEntry.of(d, null)).toList(), s.exempt(), s.suspended());
        }
    }

    /** The internal log ({@code from}, {@code to} optional), or the patient's accounting as a PDF with {@code format=pdf}. */
    void log(Context ctx) throws IOException {
        if ("pdf".equalsIgnoreCase(Params.text(ctx.queryParam("format")))) {
            accountingPdf(ctx);
            return;
        }
        String mrn = mrn(ctx);
        var found = accounting.log(mrn, Params.date("from", ctx.queryParam("from")), Params.date("to", ctx.queryParam("to")));
        ctx.attribute(HttpApi.AUDIT_DETAIL, found.size() + " disclosure(s) in the log");
        ctx.json(found.stream().map(e -> DisclosureEntry.of(e.disclosure(), e.exemption())).toList());
    }

    /** The accounting for a request made on {@code requestDate} (today when not given), as JSON. */
    void statement(Context ctx) throws IOException {
        String mrn = mrn(ctx);
        Accounting.Statement statement = accounting.accounting(mrn, requestDate(ctx));
        ctx.attribute(HttpApi.AUDIT_DETAIL, "accounting of " + statement.requestDate() + ": " + statement.listed().size() + " listed");
        ctx.json(StatementView.of(statement));
    }

    /** The accounting as the PDF the patient would be given, not kept (giving it is {@link #give}). */
    void accountingPdf(Context ctx) throws IOException {
        String mrn = mrn(ctx);
        Accounting.Statement statement = accounting.accounting(mrn, requestDate(ctx));
        ctx.attribute(HttpApi.AUDIT_DETAIL, "accounting PDF of " + statement.requestDate() + ": " + statement.listed().size() + " listed");
        ctx.header("Content-Disposition", "attachment; filename=\"disclosures.pdf\"");
        ctx.contentType("application/pdf").result(accounting.pdf(statement));
    }

    /** {@code {"date","recipient":{"name","organization","address"},"purpose","description","requestType"}} → 201. */
    void enter(Context ctx) throws IOException {
        String mrn = mrn(ctx);
        JsonNode body = JsonBodies.object(ctx);
        MrnCheck.Accepted accepted = mrns.require(mrn, MrnConfirmations.fromBody(body));
        MrnConfirmations.audit(ctx, List.of(accepted));
        JsonNode recipient = body.path("recipient");
        if (!recipient.isMissingNode() && !recipient.isNull() && !recipient.isObject()) {
            throw ApiError.badRequest("'recipient' is an object: {\"name\", \"organization\", \"address\"}.");
        }
        ManualDisclosure entry = new ManualDisclosure(Params.date("date", JsonBodies.optionalText(body, "date")),
                text(recipient, "name"), text(recipient, "organization"), text(recipient, "address"),
                JsonBodies.optionalText(body, "purpose"), JsonBodies.optionalText(body, "description"),
                JsonBodies.optionalText(body, "requestType"));
        Disclosure entered = accounting.enter(accepted.result().fileUnder(), accepted.result().name().orElse(null), entry,
                Auth.caller(ctx).username());
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.patient(entered.mrn()));
        ctx.attribute(HttpApi.AUDIT_DETAIL, "disclosure " + entered.releaseId() + " (" + entered.requestType() + ") entered by hand");
        ctx.status(201).json(DisclosureEntry.of(entered, accounting.exemptionOf(entered)));
    }

    /** {@code {"recipient","agency","statement","statedBy","statedOn","until"?,"reason"?}} → 201. */
    void suspend(Context ctx) throws IOException {
        String mrn = mrns.check(mrn(ctx)).fileUnder(); // a retired MRN's statement is the surviving patient's
        JsonNode body = JsonBodies.object(ctx);
        AccountingSuspension suspension = accounting.suspend(mrn, new Accounting.SuspensionRequest(
                JsonBodies.optionalText(body, "recipient"), JsonBodies.optionalText(body, "agency"),
                JsonBodies.optionalText(body, "statement"), JsonBodies.optionalText(body, "statedBy"),
                Params.date("statedOn", JsonBodies.optionalText(body, "statedOn")),
                Params.date("until", JsonBodies.optionalText(body, "until")),
                JsonBodies.optionalText(body, "reason")), Auth.caller(ctx).username());
        ctx.attribute(HttpApi.AUDIT_DETAIL, "suspension " + suspension.suspensionId() + " (" + suspension.agency().wire()
                + ", " + suspension.statement().wire() + ") until " + suspension.until());
        ctx.status(201).json(suspension);
    }

    void suspensions(Context ctx) throws IOException {
        ctx.json(accounting.suspensions(mrn(ctx)));
    }

    /** {@code {"requestDate"?,"requestedBy"}} → 201 with the kept record; its PDF is {@link #givenPdf}. */
    void give(Context ctx) throws IOException {
        String mrn = mrns.check(mrn(ctx)).fileUnder(); // asked under a retired MRN: the surviving patient's accounting
        JsonNode body = JsonBodies.object(ctx);
        GivenAccounting given = accounting.give(mrn, Params.date("requestDate", JsonBodies.optionalText(body, "requestDate")),
                JsonBodies.optionalText(body, "requestedBy"), Auth.caller(ctx).username());
        ctx.attribute(HttpApi.AUDIT_DETAIL, "accounting " + given.accountingId() + " given: " + given.listed().size()
                + " disclosure(s), sha256 " + given.sha256());
        ctx.status(201).json(given);
    }

    void given(Context ctx) throws IOException {
        ctx.json(accounting.given(mrn(ctx)));
    }

    void givenPdf(Context ctx) throws IOException {
        String mrn = mrn(ctx);
        String id = ctx.pathParam("accountingId");
        GivenAccounting given = accounting.findGiven(mrn, id)
                .orElseThrow(() -> ApiError.notFound("Patient " + mrn + " was given no accounting " + Params.clip(id) + "."));
        ctx.attribute(HttpApi.AUDIT_DETAIL, "accounting " + given.accountingId() + " downloaded");
        ctx.header("Content-Disposition", "attachment; filename=\"accounting-" + given.accountingId() + ".pdf\"");
        ctx.header("X-Accounting-SHA256", given.sha256());
        ctx.contentType("application/pdf").result(accounting.givenPdf(given));
    }

    private static String mrn(Context ctx) {
        String mrn = Params.mrn(ctx.pathParam("mrn"));
        ctx.attribute(HttpApi.AUDIT_TARGET, Target.patient(mrn));
        return mrn;
    }

    private static LocalDate requestDate(Context ctx) {
        LocalDate requestDate = Params.date("requestDate", ctx.queryParam("requestDate"));
        return requestDate != null ? requestDate : Params.date("asOf", ctx.queryParam("asOf"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) return null;
        if (!value.isTextual()) throw ApiError.badRequest("'recipient." + field + "' must be a string.");
        return value.asText();
    }
}
