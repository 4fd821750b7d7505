package org.chartvault.chart;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditDetails;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.document.DocumentService;
import org.chartvault.patient.MergeListener;
import org.chartvault.release.Accounting;
import org.chartvault.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * What follows a merge of two patients by registration (ADT A40): the retired MRN's documents move to the
 * surviving one, and so does its disclosure history (the disclosure log, suspensions of the accounting and the
 * accountings given: the patient's accounting must still list what was disclosed under the old number). The move is
 * audited with what it touched. Safe to repeat: a second delivery of the same message finds nothing left under the
 * retired MRN.
 */
public final class PatientMerge implements MergeListener {
    private static final Logger log = LoggerFactory.getLogger(PatientMerge.class);

    private final DocumentService documents;
    private final Accounting accounting;
    private final AuditLog audit;

    public PatientMerge(DocumentService documents, Accounting accounting, AuditLog audit) {
        this.documents = documents;
        this.accounting = accounting;
        this.audit = audit;
    }

    @Override
    public void onMerge(String priorMrn, String survivingMrn) throws IOException {
        List<String> moved = documents.reassignPatient(priorMrn, survivingMrn);
        Accounting.Moved history = accounting.moveOnMerge(priorMrn, survivingMrn);
        if (!history.isEmpty()) {
            log.info("Merge moved {} disclosure(s), {} suspension(s) and {} given accounting(s) to the surviving MRN",
                    history.disclosures().size(), history.suspensions().size(), history.accountings().size());
        }
        audit.append(Caller.system().event(AuditActions.PATIENT_MERGE, Target.patient(survivingMrn))
                .with("priorMrn", priorMrn).with("documentsMoved", moved.size())
                .with(AuditDetails.DOCUMENTS, AuditDetails.list(moved))
                .with("disclosuresMoved", history.disclosures().size())
                .with("disclosures", AuditDetails.list(history.disclosures()))
                .with("accountingSuspensionsMoved", history.suspensions().size())
                .with("accountingsGivenMoved", history.accountings().size()));
    }
}
