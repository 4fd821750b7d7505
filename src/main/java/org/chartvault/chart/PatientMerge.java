package org.chartvault.chart;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditDetails;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.chartvault.document.DocumentService;
import org.chartvault.patient.MergeListener;
import org.chartvault.security.Caller;

import java.io.IOException;
import java.util.List;

/**
 * What follows a merge of two patients by registration (ADT A40): the retired MRN's documents move to the
 * surviving one, and the move is audited with the documents it touched. Safe to repeat: a second delivery of the
 * same message finds nothing left under the retired MRN.
 */
public final class PatientMerge implements MergeListener {
    private final DocumentService documents;
    private final AuditLog audit;

    public PatientMerge(DocumentService documents, AuditLog audit) {
        this.documents = documents;
        this.audit = audit;
    }

    @Override
    public void onMerge(String priorMrn, String survivingMrn) throws IOException {
        List<String> moved = documents.reassignPatient(priorMrn, survivingMrn);
        audit.append(Caller.system().event(AuditActions.PATIENT_MERGE, Target.patient(survivingMrn))
                .with("priorMrn", priorMrn).with("documentsMoved", moved.size())
                .with(AuditDetails.DOCUMENTS, AuditDetails.list(moved)));
    }
}
