package org.chartvault.audit;

import java.util.List;

/**
 * The actions ChartVault records. The set is open (an action is any short lower-case word, so a new feature
 * can audit without touching this class), but the names below are the ones in use; add new ones here so the
 * audit screen's filter can offer them.
 */
public final class AuditActions {
    private AuditActions() {
    }

    // ---- sign-in and accounts (written by org.chartvault.security itself) ----
    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login-failed";
    /** The account was locked after too many consecutive failures. */
    public static final String LOCKOUT = "lockout";
    public static final String LOGOUT = "logout";
    public static final String USER_CREATE = "user-create";
    /** Roles changed, account disabled or enabled, lockout cleared. */
    public static final String USER_UPDATE = "user-update";
    /** A user changed their own password, or an administrator set a new one. */
    public static final String PASSWORD_CHANGE = "password-change";
    public static final String TOKEN_CREATE = "token-create";
    public static final String TOKEN_REVOKE = "token-revoke";

    // ---- written by the HTTP layer and the feature services ----
    public static final String PERMISSION_DENIED = "permission-denied";
    public static final String SEARCH = "search";
    public static final String VIEW_DOCUMENT = "view-document";
    public static final String VIEW_PAGE_IMAGE = "view-page-image";
    public static final String VIEW_PAGE_TEXT = "view-page-text";
    public static final String DOWNLOAD_ORIGINAL = "download-original";
    public static final String DOWNLOAD_PDF = "download-pdf";
    public static final String UPLOAD = "upload";
    public static final String UPDATE_DOCUMENT = "update-document";
    public static final String DELETE_DOCUMENT = "delete-document";
    public static final String HOLD_CREATE = "hold-create";
    public static final String HOLD_RELEASE = "hold-release";
    public static final String EXPORT = "export";
    public static final String EXPORT_DOWNLOAD = "export-download";
    public static final String RELEASE_CREATE = "release-create";
    public static final String PACKET_DOWNLOAD = "packet-download";
    public static final String HOLD_EXTEND = "hold-extend";
    public static final String PATIENT_IMPORT = "patient-import";
    public static final String VIEW_PATIENT = "view-patient";
    public static final String PATIENT_ADT = "patient-adt";
    public static final String PATIENT_MERGE = "patient-merge";
    public static final String DOCUMENT_TYPES_UPDATE = "document-types-update";
    public static final String EXPORT_COMPLETE = "export-complete";
    public static final String LEGAL_VIEW = "legal-view";
    public static final String RETENTION_RULES_UPDATE = "retention-rules-update";
    public static final String RELEASE_VIEW = "release-view";
    public static final String RELEASE_UPDATE = "release-update";
    public static final String RELEASE_AUTHORIZATION_UPLOAD = "release-authorization-upload";
    public static final String RELEASE_AUTHORIZATION_VIEW = "release-authorization-view";
    public static final String RELEASE_SETTINGS_UPDATE = "release-settings-update";
    public static final String DISCLOSURES_VIEW = "disclosures-view";
    /** A disclosure made outside the Releases screen was entered by hand into the patient's disclosure log. */
    public static final String DISCLOSURE_ENTER = "disclosure-enter";
    /** An agency's statement suspending the patient's right to an accounting of disclosures to it was recorded. */
    public static final String ACCOUNTING_SUSPEND = "accounting-suspend";
    /** An accounting of disclosures was given to the patient (produced and kept). */
    public static final String ACCOUNTING_GIVE = "accounting-give";
    public static final String RETENTION_PURGE = "retention-purge";
    /** A person signed off a destruction list: what a real purge may then destroy. */
    public static final String RETENTION_APPROVE = "retention-approve";
    public static final String AUDIT_VIEW = "audit-view";
    public static final String AUDIT_VERIFY = "audit-verify";
    public static final String AUDIT_EXPORT = "audit-export";
    /** The review queue lists names, MRNs and birth dates of the documents waiting. */
    public static final String REVIEW_QUEUE_VIEW = "review-queue-view";
    /** A batch's progress names the files and documents of an upload. */
    public static final String BATCH_VIEW = "batch-view";
    /** A scanner named or renamed their batch. */
    public static final String BATCH_RENAME = "batch-rename";
    /** A release packet was produced (and the disclosure recorded); downloading it is {@link #PACKET_DOWNLOAD}. */
    public static final String PACKET_PRODUCE = "packet-produce";
    /** An administrator asked for a checkpoint of the trail. */
    public static final String AUDIT_CHECKPOINT = "audit-checkpoint";
    /** Another audit key seals the trail from this entry on (written by the audit log itself). */
    public static final String AUDIT_KEY_ROTATE = "audit-key-rotate";
    /** A watched folder was added, changed or removed (its pickups are {@link #UPLOAD}s naming the folder). */
    public static final String WATCHED_FOLDER_UPDATE = "watched-folder-update";

    /** A document's pages were sent to the browser as a PDF to print: a disclosure risk like a download. */
    public static final String PRINT_DOCUMENT = "print-document";
    /** An indexer sent a document back to the review queue, with the reason. */
    public static final String SEND_TO_REVIEW = "send-to-review";
    /** A saved search was listed, kept or removed (its text can name a patient). */
    public static final String SAVED_SEARCH_VIEW = "saved-search-view";
    public static final String SAVED_SEARCH_UPDATE = "saved-search-update";
    /** Someone read the report of who accessed a patient's records. */
    public static final String PATIENT_ACCESS_REPORT = "patient-access-report";
    /** A reviewer confirmed a document's values as they are, unusual as they may be; it left the review queue. */
    public static final String REVIEW_CONFIRM = "review-confirm";
    /** A separator sheet was printed (with an MRN it names a patient). */
    public static final String SEPARATOR_SHEET = "separator-sheet";

    /** A patient's request to amend a document was logged (45 CFR 164.526). */
    public static final String AMENDMENT_REQUEST = "amendment-request";
    /** Amendment requests were listed or read (they quote the record and the patient's words). */
    public static final String AMENDMENT_VIEW = "amendment-view";
    /** An amendment request was extended, accepted or denied, or a statement of disagreement or rebuttal was added. */
    public static final String AMENDMENT_UPDATE = "amendment-update";
    /** A letter of a release request (acknowledgement, extension notice, denial, invoice, cover letter) was produced and kept. */
    public static final String RELEASE_LETTER_PRODUCE = "release-letter-produce";
    /** A kept letter of a release request was downloaded. */
    public static final String RELEASE_LETTER_DOWNLOAD = "release-letter-download";

    /** Every name above, for the audit screen's filter. */
    public static final List<String> KNOWN = List.of(
            LOGIN, LOGIN_FAILED, LOCKOUT, LOGOUT, USER_CREATE, USER_UPDATE, PASSWORD_CHANGE, TOKEN_CREATE,
            TOKEN_REVOKE, PERMISSION_DENIED, SEARCH, VIEW_DOCUMENT, VIEW_PAGE_IMAGE, VIEW_PAGE_TEXT,
            DOWNLOAD_ORIGINAL, DOWNLOAD_PDF, UPLOAD, UPDATE_DOCUMENT, DELETE_DOCUMENT, HOLD_CREATE, HOLD_RELEASE,
            PATIENT_IMPORT, VIEW_PATIENT, PATIENT_ADT, PATIENT_MERGE, DOCUMENT_TYPES_UPDATE, HOLD_EXTEND, EXPORT, EXPORT_COMPLETE, EXPORT_DOWNLOAD, LEGAL_VIEW, RETENTION_RULES_UPDATE, RELEASE_CREATE, PACKET_DOWNLOAD, RELEASE_VIEW, RELEASE_UPDATE,
            RELEASE_AUTHORIZATION_UPLOAD, RELEASE_AUTHORIZATION_VIEW, RELEASE_SETTINGS_UPDATE, DISCLOSURES_VIEW, RETENTION_PURGE,
            RETENTION_APPROVE, AUDIT_VIEW, AUDIT_VERIFY, AUDIT_EXPORT, REVIEW_QUEUE_VIEW, BATCH_VIEW, BATCH_RENAME, PACKET_PRODUCE, AUDIT_CHECKPOINT,
            AUDIT_KEY_ROTATE, WATCHED_FOLDER_UPDATE, PRINT_DOCUMENT, SEND_TO_REVIEW, SAVED_SEARCH_VIEW,
            SAVED_SEARCH_UPDATE, PATIENT_ACCESS_REPORT, REVIEW_CONFIRM, SEPARATOR_SHEET, AMENDMENT_REQUEST, AMENDMENT_VIEW,
            AMENDMENT_UPDATE, RELEASE_LETTER_PRODUCE, RELEASE_LETTER_DOWNLOAD, DISCLOSURE_ENTER, ACCOUNTING_SUSPEND,
            ACCOUNTING_GIVE);

    /** What each action is called on the audit screen and in reports, in the words of the people who read them. */
    public static final java.util.Map<String, String> LABELS = labels();

    private static java.util.Map<String, String> labels() {
        java.util.Map<String, String> l = new java.util.LinkedHashMap<>();
        l.put(LOGIN, "Logged in");
        l.put(LOGIN_FAILED, "Login failed");
        l.put(LOCKOUT, "Account locked");
        l.put(LOGOUT, "Logged out");
        l.put(USER_CREATE, "User created");
        l.put(USER_UPDATE, "User changed");
        l.put(PASSWORD_CHANGE, "Password changed");
        l.put(TOKEN_CREATE, "API token created");
        l.put(TOKEN_REVOKE, "API token revoked");
        l.put(PERMISSION_DENIED, "Permission denied");
        l.put(SEARCH, "Searched");
        l.put(VIEW_DOCUMENT, "Viewed a document");
        l.put(VIEW_PAGE_IMAGE, "Viewed a page image");
        l.put(VIEW_PAGE_TEXT, "Viewed page text");
        l.put(DOWNLOAD_ORIGINAL, "Downloaded an original");
        l.put(DOWNLOAD_PDF, "Downloaded a searchable PDF");
        l.put(PRINT_DOCUMENT, "Printed a document");
        l.put(UPLOAD, "Uploaded");
        l.put(UPDATE_DOCUMENT, "Changed a document");
        l.put(SEND_TO_REVIEW, "Sent back to indexing");
        l.put(DELETE_DOCUMENT, "Deleted a document");
        l.put(HOLD_CREATE, "Placed a legal hold");
        l.put(HOLD_RELEASE, "Released a legal hold");
        l.put(HOLD_EXTEND, "Legal hold extended to a new document");
        l.put(EXPORT, "Started a production export");
        l.put(EXPORT_COMPLETE, "Production export finished");
        l.put(EXPORT_DOWNLOAD, "Downloaded a production export");
        l.put(LEGAL_VIEW, "Viewed holds, exports or retention");
        l.put(RETENTION_RULES_UPDATE, "Changed the retention schedule");
        l.put(RETENTION_PURGE, "Retention run");
        l.put(RETENTION_APPROVE, "Approved a destruction list");
        l.put(RELEASE_CREATE, "Started a release request");
        l.put(RELEASE_VIEW, "Viewed release requests");
        l.put(RELEASE_UPDATE, "Changed a release request");
        l.put(RELEASE_AUTHORIZATION_UPLOAD, "Attached a signed authorization");
        l.put(RELEASE_AUTHORIZATION_VIEW, "Viewed a signed authorization");
        l.put(RELEASE_SETTINGS_UPDATE, "Changed release settings");
        l.put(PACKET_PRODUCE, "Produced a release packet");
        l.put(PACKET_DOWNLOAD, "Downloaded a release packet");
        l.put(RELEASE_LETTER_PRODUCE, "Produced a letter of a release request");
        l.put(RELEASE_LETTER_DOWNLOAD, "Downloaded a letter of a release request");
        l.put(DISCLOSURES_VIEW, "Viewed an accounting of disclosures");
        l.put(DISCLOSURE_ENTER, "Entered a disclosure by hand");
        l.put(ACCOUNTING_SUSPEND, "Recorded a suspension of the accounting of disclosures");
        l.put(ACCOUNTING_GIVE, "Gave a patient an accounting of disclosures");
        l.put(AMENDMENT_REQUEST, "Logged an amendment request");
        l.put(AMENDMENT_VIEW, "Viewed amendment requests");
        l.put(AMENDMENT_UPDATE, "Extended, decided or added to an amendment request");
        l.put(PATIENT_IMPORT, "Imported patients");
        l.put(VIEW_PATIENT, "Viewed a patient");
        l.put(PATIENT_ADT, "Registration message (HL7 ADT)");
        l.put(PATIENT_MERGE, "Patient records merged");
        l.put(PATIENT_ACCESS_REPORT, "Read a patient access report");
        l.put(DOCUMENT_TYPES_UPDATE, "Changed document types");
        l.put(REVIEW_QUEUE_VIEW, "Viewed the review queue");
        l.put(REVIEW_CONFIRM, "Confirmed a document as it is");
        l.put(SEPARATOR_SHEET, "Printed a separator sheet");
        l.put(BATCH_VIEW, "Viewed a batch");
        l.put(BATCH_RENAME, "Renamed a batch");
        l.put(SAVED_SEARCH_VIEW, "Viewed saved searches");
        l.put(SAVED_SEARCH_UPDATE, "Saved or removed a search");
        l.put(WATCHED_FOLDER_UPDATE, "Changed a watched folder");
        l.put(AUDIT_VIEW, "Viewed the audit log");
        l.put(AUDIT_VERIFY, "Verified the audit log");
        l.put(AUDIT_EXPORT, "Exported the audit log");
        l.put(AUDIT_CHECKPOINT, "Audit checkpoint");
        l.put(AUDIT_KEY_ROTATE, "Audit key rotated");
        for (String action : KNOWN) if (!l.containsKey(action)) throw new IllegalStateException("no label for " + action);
        return java.util.Collections.unmodifiableMap(l);
    }

    /** The label of an action, or the action itself for one this version does not know. */
    public static String label(String action) {
        return LABELS.getOrDefault(action, action);
    }

    /** True for a well-formed action name: lower-case words joined by '-', at most 40 characters. */
    public static boolean isWellFormed(String action) {
        return action != null && action.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*") && action.length() <= 40;
    }
}
