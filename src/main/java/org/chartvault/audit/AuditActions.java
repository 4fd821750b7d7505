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
    public static final String RETENTION_PURGE = "retention-purge";
    public static final String AUDIT_VIEW = "audit-view";
    public static final String AUDIT_VERIFY = "audit-verify";
    public static final String AUDIT_EXPORT = "audit-export";
    /** The review queue lists names, MRNs and birth dates of the documents waiting. */
    public static final String REVIEW_QUEUE_VIEW = "review-queue-view";
    /** A batch's progress names the files and documents of an upload. */
    public static final String BATCH_VIEW = "batch-view";
    /** A release packet was produced (and the disclosure recorded); downloading it is {@link #PACKET_DOWNLOAD}. */
    public static final String PACKET_PRODUCE = "packet-produce";
    /** An administrator asked for a checkpoint of the trail. */
    public static final String AUDIT_CHECKPOINT = "audit-checkpoint";
    /** Another audit key seals the trail from this entry on (written by the audit log itself). */
    public static final String AUDIT_KEY_ROTATE = "audit-key-rotate";
    /** A watched folder was added, changed or removed (its pickups are {@link #UPLOAD}s naming the folder). */
    public static final String WATCHED_FOLDER_UPDATE = "watched-folder-update";

    /** A reviewer confirmed a document's values as they are, unusual as they may be; it left the review queue. */
    public static final String REVIEW_CONFIRM = "review-confirm";
    /** A separator sheet was printed (with an MRN it names a patient). */
    public static final String SEPARATOR_SHEET = "separator-sheet";

    /** Every name above, for the audit screen's filter. */
    public static final List<String> KNOWN = List.of(
            LOGIN, LOGIN_FAILED, LOCKOUT, LOGOUT, USER_CREATE, USER_UPDATE, PASSWORD_CHANGE, TOKEN_CREATE,
            TOKEN_REVOKE, PERMISSION_DENIED, SEARCH, VIEW_DOCUMENT, VIEW_PAGE_IMAGE, VIEW_PAGE_TEXT,
            DOWNLOAD_ORIGINAL, DOWNLOAD_PDF, UPLOAD, UPDATE_DOCUMENT, DELETE_DOCUMENT, HOLD_CREATE, HOLD_RELEASE,
            PATIENT_IMPORT, VIEW_PATIENT, PATIENT_ADT, PATIENT_MERGE, DOCUMENT_TYPES_UPDATE, HOLD_EXTEND, EXPORT, EXPORT_COMPLETE, EXPORT_DOWNLOAD, LEGAL_VIEW, RETENTION_RULES_UPDATE, RELEASE_CREATE, PACKET_DOWNLOAD, RELEASE_VIEW, RELEASE_UPDATE,
            RELEASE_AUTHORIZATION_UPLOAD, RELEASE_AUTHORIZATION_VIEW, RELEASE_SETTINGS_UPDATE, DISCLOSURES_VIEW, RETENTION_PURGE,
            AUDIT_VIEW, AUDIT_VERIFY, AUDIT_EXPORT, REVIEW_QUEUE_VIEW, BATCH_VIEW, PACKET_PRODUCE, AUDIT_CHECKPOINT,
            AUDIT_KEY_ROTATE, WATCHED_FOLDER_UPDATE, REVIEW_CONFIRM, SEPARATOR_SHEET);

    /** True for a well-formed action name: lower-case words joined by '-', at most 40 characters. */
    public static boolean isWellFormed(String action) {
        return action != null && action.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*") && action.length() <= 40;
    }
}
