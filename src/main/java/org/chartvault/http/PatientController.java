package org.chartvault.http;

import io.javalin.http.Context;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Outcome;
import org.chartvault.audit.Target;
import org.chartvault.patient.AdtReceiver;
import org.chartvault.patient.CsvImport;
import org.chartvault.patient.MrnCheck;
import org.chartvault.patient.Patient;
import org.chartvault.chart.PatientAccessReport;
import org.chartvault.chart.PatientChart;
import org.chartvault.patient.PatientRegistry;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** The patient registry: lookups, a CSV import, and HL7 v2 ADT messages from registration. */
final class PatientController {
    private final PatientRegistry registry;
    private final AdtReceiver adt;
    private final AuditLog audit;
    private final PatientChart chart;
    private final PatientAccessReport accessReport;
    private final MrnCheck mrns;

    PatientController(PatientRegistry registry, AdtReceiver adt, AuditLog audit, PatientChart chart, MrnCheck mrns) {
        this.registry = registry;
        this.mrns = mrns;
        this.adt = adt;
        this.audit = audit;
        this.chart = chart;
        this.accessReport = new PatientAccessReport(audit, chart);
    }

    /**
     * The patient view: who the patient is (registry record, merged MRNs) and their documents the caller may see,
     * grouped by type, newest first. Audited as a view of the patient, with the documents it listed.
     */
    void documents(Context ctx) throws IOException {
        String mrn = Params.mrn(ctx.pathParam("mrn"));
        PatientChart.View view = chart.view(Auth.caller(ctx), mrn);
        java.util.List<String> listed = new java.util.ArrayList<>();
        java.util.List<Map<String, Object>> groups = new java.util.ArrayList<>();
        for (PatientChart.Group g : view.groups()) {
            java.util.List<ChartDocument> docs = new java.util.ArrayList<>();
            for (var d : g.documents()) {
                listed.add(d.documentId());
                docs.add(new ChartDocument(d.documentId(), d.indexing().documentType(), d.indexing().serviceDate(),
                        d.indexing().mrn(), d.indexing().patientName(), d.indexing().encounter(), d.status().wire(),
                        (int) d.pages().stream().filter(p -> !p.blank()).count(), d.uploadedAt(), d.holds().size()));
            }
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("documentType", g.documentType());
            group.put("documents", docs);
            groups.add(group);
        }
        ctx.attribute(HttpApi.AUDIT_DOCUMENTS, listed);
        ctx.attribute(HttpApi.AUDIT_DETAIL, listed.size() + " document(s) listed");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mrn", view.mrn());
        answer.put("registered", view.patient().isPresent());
        answer.put("patientName", view.name());
        answer.put("birthDate", view.birthDate());
        answer.put("sex", view.patient().map(p -> p.sex().name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
        answer.put("status", view.patient().map(p -> p.status().name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
        answer.put("mergedInto", view.patient().map(Patient::mergedInto).orElse(null));
        answer.put("mergedMrns", view.mergedMrns());
        answer.put("documentsTotal", view.documentsTotal());
        answer.put("groups", groups);
        ctx.json(answer);
    }

    /**
     * Who accessed the patient's records ({@code from}, {@code to}: days, inclusive), as JSON or, from the
     * {@code .pdf} route, as PDF/A. Reading it is audited like any view of the patient.
     */
    void accessReport(Context ctx) throws IOException {
        PatientAccessReport.Report report = report(ctx);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mrn", report.mrn());
        answer.put("mrns", report.mrns());
        answer.put("from", report.from());
        answer.put("to", report.to());
        answer.put("created", report.created());
        answer.put("truncated", report.truncated());
        answer.put("accesses", report.accesses());
        ctx.json(answer);
    }

    void accessReportPdf(Context ctx) throws IOException {
        PatientAccessReport.Report report = report(ctx);
        java.io.ByteArrayOutputStream pdf = new java.io.ByteArrayOutputStream();
        PatientAccessReport.writePdf(report, pdf);
        ctx.header("Content-Disposition", DocumentController.attachment("access-report-" + report.mrn() + ".pdf"));
        ctx.contentType("application/pdf").result(pdf.toByteArray());
    }

    private PatientAccessReport.Report report(Context ctx) throws IOException {
        String mrn = Params.mrn(ctx.pathParam("mrn"));
        var from = Params.date("from", ctx.queryParam("from"));
        var to = Params.date("to", ctx.queryParam("to"));
        if (from != null && to != null && from.isAfter(to)) throw ApiError.badRequest("The period ends (to) before it starts (from).");
        PatientAccessReport.Report report = accessReport.of(mrn, from, to, registry.clock().instant());
        ctx.attribute(HttpApi.AUDIT_DETAIL, report.accesses().size() + " access(es)");
        return report;
    }

    /** One document in the patient view: what a clerk picks it by, not the scan's file name. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record ChartDocument(String documentId, String documentType, java.time.LocalDate serviceDate, String mrn,
                         String patientName, String encounter, String status, int pages, java.time.Instant uploadedAt,
                         int holds) {
    }

    void get(Context ctx) throws IOException {
        String mrn = ctx.pathParam("mrn");
        Patient patient = registry.find(mrn)
                .orElseThrow(() -> ApiError.notFound("The patient registry has no MRN " + Params.clip(mrn) + "."));
        ctx.json(patient);
    }

    /**
     * {@code ?mrn=}: the MRN as a person is typing it: the patient's name and birth date, or what is wrong with it
     * (the same check a correction, hold, separator sheet or release makes when it is saved).
     */
    void checkMrn(Context ctx) throws IOException {
        String mrn = Params.text(ctx.queryParam("mrn"));
        if (mrn == null) throw ApiError.badRequest("Give the MRN to check as mrn.");
        ctx.json(MrnConfirmations.view(mrns.check(mrn), mrns.pattern()));
    }

    /** Patients with this name and birth date: how a reviewer finds the MRN of a chart that has none. */
    void find(Context ctx) throws IOException {
        String name = Params.text(ctx.queryParam("name"));
        var born = Params.date("birthDate", ctx.queryParam("birthDate"));
        if (name == null || born == null) throw ApiError.badRequest("Give the patient's name and birthDate (YYYY-MM-DD).");
        ctx.json(Map.of("patients", registry.findByNameAndBirthDate(name, born)));
    }

    /** {@code text/csv} with the header {@code mrn,last_name,first_name,birth_date,sex}. */
    void importCsv(Context ctx) throws IOException {
        CsvImport.Report report;
        try {
            report = new CsvImport(registry).importCsv(new StringReader(ctx.body()), "csv import by "
                    + Auth.caller(ctx).username());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad-patient-file", e.getMessage());
        } catch (IOException e) {
            throw new ApiError(400, "bad-patient-file", "The patient file could not be read to the end: " + e.getMessage());
        }
        audit.append(Auth.caller(ctx).event(AuditActions.PATIENT_IMPORT, Target.path("patients"))
                .with("created", report.created()).with("updated", report.updated()).with("refused", report.refused().size()));
        ctx.json(report);
    }

    /**
     * One HL7 v2 ADT message (A04, A08, A40...) as the body; the answer is the HL7 ACK (AA accepted, AE error,
     * AR rejected, with the reason in MSA-3), always 200 so the interface engine reads the ACK.
     */
    void adt(Context ctx) throws IOException {
        AdtReceiver.Outcome outcome = adt.receive(ctx.body());
        audit.append(Auth.caller(ctx).event(AuditActions.PATIENT_ADT, Target.path("ADT " + outcome.event()))
                .withOutcome(outcome.code() == AdtReceiver.Ack.AA ? Outcome.SUCCESS : Outcome.FAILED)
                .with("ack", outcome.code().name()).with("controlId", String.valueOf(outcome.controlId())));
        ctx.contentType("x-application/hl7-v2+er7; charset=utf-8").result(outcome.ack());
    }
}
