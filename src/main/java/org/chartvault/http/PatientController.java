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
import org.chartvault.patient.PatientRegistry;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;

/** The patient registry: lookups, a CSV import, and HL7 v2 ADT messages from registration. */
final class PatientController {
    private final PatientRegistry registry;
    private final AdtReceiver adt;
    private final AuditLog audit;
    private final MrnCheck mrns;

    PatientController(PatientRegistry registry, AdtReceiver adt, AuditLog audit, MrnCheck mrns) {
        this.registry = registry;
        this.mrns = mrns;
        this.adt = adt;
        this.audit = audit;
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
