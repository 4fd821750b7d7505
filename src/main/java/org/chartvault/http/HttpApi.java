package org.chartvault.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import org.chartvault.Config;
import org.chartvault.Json;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditDetails;
import org.chartvault.access.DocumentAccess;
import org.chartvault.capture.CaptureService;
import org.chartvault.fhir.FhirFace;
import org.chartvault.fhir.FhirUrls;
import org.chartvault.ingest.PageEditor;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.patient.AdtReceiver;
import org.chartvault.chart.PatientChart;
import org.chartvault.patient.MrnCheck;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.patient.UnconfirmedMrnException;
import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Outcome;
import org.chartvault.audit.Target;
import org.chartvault.ingest.IngestService;
import org.chartvault.ingest.BatchService;
import org.chartvault.ingest.BatchEvents;
import org.chartvault.document.DocumentService;
import org.chartvault.index.SearchIndex;
import org.chartvault.originals.Originals;
import org.chartvault.security.LoginService;
import org.chartvault.security.SessionService;
import org.chartvault.security.UserService;
import org.chartvault.security.TokenService;
import org.chartvault.release.ReleaseService;
import org.chartvault.amendment.AmendmentService;
import org.chartvault.hold.HoldService;
import org.chartvault.hold.ExportService;
import org.chartvault.retention.RetentionService;
import org.chartvault.Refusal;
import org.chartvault.document.StaleVersionException;
import org.chartvault.savedsearch.SavedSearches;
import org.chartvault.security.Caller;
import org.chartvault.storage.IntegrityException;
import org.chartvault.storage.ObjectLockedException;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.watch.WatchedFolders;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.chartvault.http.Access.ANY_USER;
import static org.chartvault.http.Access.OWN_LOGIN;
import static org.chartvault.http.Access.PUBLIC;
import static org.chartvault.http.Access.roles;
import static org.chartvault.security.Role.INDEXER;
import static org.chartvault.security.Role.LEGAL;
import static org.chartvault.security.Role.ROI;
import static org.chartvault.security.Role.SCANNER;

/**
 * The HTTP face of ChartVault: the whole route table in {@link #routes}, each route with the rule of who may
 * use it, and the one place where errors become {@code {"error","message"}} answers. Handlers live in the
 * controllers and only parse, call and map.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    /** The capabilities the API exposes, as App builds them. */
    public record Capabilities(Config config, IngestService ingest, BatchService batches, BatchEvents batchEvents,
                               DocumentService documents, SearchIndex index, LoginService logins,
                               SessionService sessions, UserService users, TokenService tokens, AuditLog audit,
                               ReleaseService releases, HoldService holds, ExportService exports,
                               RetentionService retention, DocumentTypeCatalog documentTypes,
                               PatientRegistry patients, AdtReceiver adt, CaptureService capture,
                               PageEditor pageEditor, FhirFace fhir, DocumentAccess access, Originals originals,
                               WatchedFolders watchedFolders, SavedSearches savedSearches, MrnCheck mrnCheck,
                               AmendmentService amendments) {
    }

    /** The controllers the routes call: thin HTTP adapters over the capabilities. */
    private record Services(Config config, CaptureController capture, DocumentController documents,
                            SearchController search, SessionController sessions, UserController users,
                            AuditController auditTrail, Auth auth, AuditLog audit, ReleaseController releases,
                            HoldController holds, RetentionController retention, PatientController patients,
                            DocumentTypesController documentTypes, FhirController fhir, SourceController sources,
                            WatchedFolderController watchedFolders, SavedSearchController savedSearches,
                            AmendmentController amendments) {
    }

    private final Services services;
    private final Javalin javalin;

    /** Where Jetty spools multipart uploads: the data directory's work folder. */
    private static final String WORK_FOLDER = "tmp";

    public HttpApi(Capabilities c) {
        VerifiedContent verified = new VerifiedContent(c.config().dataDir().resolve(WORK_FOLDER));
        PatientChart patientChart = new PatientChart(c.patients(), c.documents(), c.index(), c.access());
        this.services = new Services(c.config(),
                new CaptureController(c.ingest(), c.batches(), c.batchEvents(), c.documentTypes(), c.documents(), c.access(),
                        c.mrnCheck()),
                new DocumentController(c.documents(), c.index(), c.documentTypes(), c.capture(), c.pageEditor(),
                        verified, c.access(), c.originals(), c.mrnCheck()),
                new SearchController(c.index(), c.access()),
                new SessionController(c.logins(), c.sessions(), c.users(), c.config().security().secureCookies(),
                        c.config().dateFormat()),
                new UserController(c.users(), c.tokens()),
                new AuditController(c.audit(), patientChart),
                new Auth(c.sessions(), c.tokens(), c.audit()),
                c.audit(),
                new ReleaseController(c.releases(), c.audit(), c.documents(), c.access(), c.mrnCheck()),
                new HoldController(c.holds(), c.exports(), c.documents(), c.access(), c.mrnCheck()),
                new RetentionController(c.retention()),
                new PatientController(c.patients(), c.adt(), c.audit(), patientChart, c.mrnCheck()),
                new DocumentTypesController(c.documentTypes(), c.audit()),
                new FhirController(c.fhir(), this::fhirUrls),
                new SourceController(c.originals(), verified, c.access()),
                new WatchedFolderController(c.watchedFolders(), c.documentTypes()),
                new SavedSearchController(c.savedSearches()),
                new AmendmentController(c.amendments(), c.documents(), c.access()));
        this.javalin = Javalin.create(this::configure);
    }

    public Javalin start(int port) {
        return javalin.start(port);
    }

    public int port() {
        return javalin.port();
    }

    /** The FHIR base on the public URL (known once the server has bound its port when none is configured). */
    private FhirUrls fhirUrls() {
        return new FhirUrls(services.config().publicBaseUrl(javalin.port()) + "/fhir");
    }

    public void stop() {
        javalin.stop();
    }

    /** One route of the live table, with the rule it declared (null when it declared none). */
    record Route(String method, String path, Access access) {
    }

    /** The routes as Javalin holds them, for the test that checks every route against the intended role matrix. */
    List<Route> routeTable() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> {
            Roles roles = parsed.endpoint.metadata(Roles.class);
            Access access = roles == null ? null : roles.getRoles().stream()
                    .filter(Access.class::isInstance).map(Access.class::cast).findFirst().orElse(null);
            return new Route(parsed.endpoint.method.name(), parsed.endpoint.path, access);
        }).toList();
    }

    private void configure(JavalinConfig config) {
        Config settings = services.config();
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = 1_000_000L; // JSON bodies; uploads are multipart and limited below
        config.jetty.multipartConfig.cacheDirectory(settings.dataDir().resolve(WORK_FOLDER).toString());
        config.jetty.multipartConfig.maxInMemoryFileSize(64, SizeUnit.KB);
        config.jetty.multipartConfig.maxTotalRequestSize(settings.limits().maxRequestBytes(), SizeUnit.BYTES);
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            files.roles = Set.of(PUBLIC);
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        if (settings.security().keystore() != null) enableHttps(config, settings.security());
        config.routes.before(this::securityHeaders);
        config.routes.beforeMatched(services.auth()::check);
        routes(config);
        errors(config);
    }

    /** The whole API. Every route names who may use it; see {@link Access}. */
    private void routes(JavalinConfig config) {
        CaptureController capture = services.capture();
        DocumentController documents = services.documents();
        SessionController sessions = services.sessions();
        UserController users = services.users();
        var r = config.routes;

        r.get("/api/health", ctx -> ctx.json(Map.of("status", "ok")), PUBLIC);
        r.get("/api/openapi.json", this::openApi, PUBLIC);

        r.post("/api/session", sessions::login, PUBLIC);
        r.get("/api/session", sessions::current, OWN_LOGIN);
        r.delete("/api/session", sessions::logout, OWN_LOGIN);
        r.post("/api/me/password", sessions::changePassword, OWN_LOGIN);

        r.post("/api/tokens", users::createToken, ANY_USER);
        r.get("/api/tokens", users::listTokens, ANY_USER);
        r.delete("/api/tokens/{tokenId}", users::revokeToken, ANY_USER);

        r.post("/api/users", users::create, roles());
        r.get("/api/users", users::list, roles());
        r.get("/api/users/{username}", users::get, roles());
        r.patch("/api/users/{username}", users::update, roles());

        r.post("/api/batches", audited(AuditActions.UPLOAD, capture::upload), roles(SCANNER));
        r.get("/api/batches", audited(AuditActions.BATCH_VIEW, capture::list), roles(SCANNER));
        r.get("/api/batches/{batchId}", audited(AuditActions.BATCH_VIEW, capture::get), roles(SCANNER));
        r.patch("/api/batches/{batchId}", audited(AuditActions.BATCH_RENAME, capture::rename), roles(SCANNER));
        r.get("/api/separator-sheets", audited(AuditActions.SEPARATOR_SHEET, capture::separatorSheet), roles(SCANNER, INDEXER));
        r.get("/api/document-types", services.documentTypes()::list, ANY_USER);
        r.put("/api/document-types", services.documentTypes()::replace, roles());
        r.post("/api/document-types", services.documentTypes()::add, roles());
        r.put("/api/document-types/{loinc}", services.documentTypes()::change, roles());
        r.patch("/api/document-types/{loinc}", services.documentTypes()::change, roles());
        r.post("/api/document-types/{loinc}/retire", services.documentTypes()::retire, roles());
        r.post("/api/document-types/{loinc}/restore", services.documentTypes()::restore, roles());
        PatientController patients = services.patients();
        r.get("/api/patients", audited(AuditActions.SEARCH, patients::find), roles(INDEXER, ROI, LEGAL));
        r.get("/api/patients/{mrn}", audited(AuditActions.VIEW_PATIENT, patients::get), roles(INDEXER, ROI, LEGAL));
        r.get("/api/patients/{mrn}/documents", audited(AuditActions.VIEW_PATIENT, patients::documents), roles(INDEXER, ROI, LEGAL));
        // who accessed a patient's records, from the audit trail: for compliance (legal) and administrators
        r.get("/api/patients/{mrn}/access-report", audited(AuditActions.PATIENT_ACCESS_REPORT, patients::accessReport), roles(LEGAL));
        r.get("/api/patients/{mrn}/access-report.pdf", audited(AuditActions.PATIENT_ACCESS_REPORT, patients::accessReportPdf), roles(LEGAL));
        // an MRN as someone types it, before it is saved: its patient's name and birth date, or what is wrong with it
        r.get("/api/mrn-check", audited(AuditActions.VIEW_PATIENT, patients::checkMrn), roles(SCANNER, INDEXER, ROI, LEGAL));
        r.post("/api/patients/import", patients::importCsv, roles());
        r.post("/api/hl7/adt", patients::adt, roles());
        r.get("/api/batches/{batchId}/events", capture::events, roles(SCANNER)); // an SSE stream; checks the batch first

        Access viewers = roles(SCANNER, INDEXER, ROI, LEGAL);
        r.get("/api/review", audited(AuditActions.REVIEW_QUEUE_VIEW, documents::reviewQueue), roles(INDEXER));
        r.get("/api/documents", audited(AuditActions.SEARCH, documents::listByPatient), roles(INDEXER, ROI, LEGAL));
        r.get("/api/documents/{documentId}", audited(AuditActions.VIEW_DOCUMENT, documents::get), viewers);
        r.get("/api/documents/{documentId}/history", audited(AuditActions.VIEW_DOCUMENT, documents::history), roles(INDEXER, LEGAL));
        r.get("/api/documents/{documentId}/original", audited(AuditActions.DOWNLOAD_ORIGINAL, documents::original), roles(ROI, LEGAL));
        r.get("/api/documents/{documentId}/pdf", audited(AuditActions.DOWNLOAD_PDF, documents::searchablePdf), roles(ROI, LEGAL));
        r.get("/api/documents/{documentId}/print", audited(AuditActions.PRINT_DOCUMENT, documents::print), roles(ROI, LEGAL));
        r.post("/api/documents/{documentId}/review", audited(AuditActions.SEND_TO_REVIEW, documents::sendToReview), roles(INDEXER));
        r.get("/api/documents/{documentId}/pages/{page}/image", audited(AuditActions.VIEW_PAGE_IMAGE, documents::pageImage), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/thumbnail", audited(AuditActions.VIEW_PAGE_IMAGE, documents::pageThumbnail), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/text", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageText), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/words", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageWords), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/hits", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageHits), roles(INDEXER, ROI, LEGAL));
        r.patch("/api/documents/{documentId}", audited(AuditActions.UPDATE_DOCUMENT, documents::correct), roles(INDEXER));
        r.post("/api/documents/{documentId}/confirm", audited(AuditActions.REVIEW_CONFIRM, documents::confirmAsIs), roles(INDEXER));
        r.delete("/api/documents/{documentId}", audited(AuditActions.DELETE_DOCUMENT, documents::delete), roles());
        r.post("/api/documents/{documentId}/pages/{page}/rotate", audited(AuditActions.UPDATE_DOCUMENT, documents::rotatePage), roles(SCANNER, INDEXER));
        r.post("/api/documents/{documentId}/pages/reorder", audited(AuditActions.UPDATE_DOCUMENT, documents::reorderPages), roles(SCANNER, INDEXER));
        r.post("/api/documents/{documentId}/split", audited(AuditActions.UPDATE_DOCUMENT, documents::split), roles(SCANNER, INDEXER));
        r.post("/api/documents/{documentId}/merge", audited(AuditActions.UPDATE_DOCUMENT, documents::merge), roles(SCANNER, INDEXER));
        // The uploaded scans documents are cut from, for those who manage capture (scanning staff: their own uploads).
        SourceController sources = services.sources();
        r.get("/api/sources/{sha256}", audited(AuditActions.VIEW_DOCUMENT, sources::get), roles(SCANNER, INDEXER));
        r.get("/api/sources/{sha256}/file", audited(AuditActions.DOWNLOAD_ORIGINAL, sources::file), roles(SCANNER, INDEXER));

        r.get("/api/search", audited(AuditActions.SEARCH, services.search()::search), roles(INDEXER, ROI, LEGAL));
        // each searcher's own saved searches (org.chartvault.savedsearch)
        SavedSearchController saved = services.savedSearches();
        r.get("/api/saved-searches", audited(AuditActions.SAVED_SEARCH_VIEW, saved::list), roles(INDEXER, ROI, LEGAL));
        r.post("/api/saved-searches", audited(AuditActions.SAVED_SEARCH_UPDATE, saved::create), roles(INDEXER, ROI, LEGAL));
        r.delete("/api/saved-searches/{savedSearchId}", audited(AuditActions.SAVED_SEARCH_UPDATE, saved::delete), roles(INDEXER, ROI, LEGAL));

        // folders scanners write to: configured by administrators (see org.chartvault.watch)
        WatchedFolderController watched = services.watchedFolders();
        r.get("/api/watched-folders", watched::list, roles());
        r.get("/api/watched-folders/{folderId}", watched::get, roles());
        r.put("/api/watched-folders/{folderId}", audited(AuditActions.WATCHED_FOLDER_UPDATE, watched::put), roles());
        r.delete("/api/watched-folders/{folderId}", audited(AuditActions.WATCHED_FOLDER_UPDATE, watched::delete), roles());

        // ---- release of information (org.chartvault.release, ReleaseController) ----
        ReleaseController releases = services.releases();
        r.post("/api/releases", audited(AuditActions.RELEASE_CREATE, releases::create), roles(ROI));
        r.get("/api/releases", audited(ReleaseController.RELEASE_VIEW, releases::list), roles(ROI));
        r.get("/api/releases/{releaseId}", audited(ReleaseController.RELEASE_VIEW, releases::get), roles(ROI));
        r.patch("/api/releases/{releaseId}", audited(ReleaseController.RELEASE_UPDATE, releases::update), roles(ROI));
        r.post("/api/releases/{releaseId}/authorization", audited(ReleaseController.AUTHORIZATION_UPLOAD,
                releases::uploadAuthorization), roles(ROI));
        r.get("/api/releases/{releaseId}/authorization", audited(ReleaseController.AUTHORIZATION_VIEW,
                releases::authorization), roles(ROI));
        r.post("/api/releases/{releaseId}/authorization/revocation", audited(ReleaseController.RELEASE_UPDATE,
                releases::revokeAuthorization), roles(ROI));
        r.post("/api/releases/{releaseId}/packet", audited(AuditActions.PACKET_PRODUCE, releases::producePacket), roles(ROI));
        r.get("/api/releases/{releaseId}/packet", audited(AuditActions.PACKET_DOWNLOAD, releases::packet), roles(ROI));
        r.get("/api/releases/{releaseId}/patient-check", audited(ReleaseController.RELEASE_VIEW, releases::patientCheck), roles(ROI));
        r.post("/api/releases/{releaseId}/patient-check/decisions", audited(ReleaseController.RELEASE_UPDATE,
                releases::decidePage), roles(ROI));
        r.post("/api/releases/{releaseId}/redaction-proposals", audited(ReleaseController.RELEASE_VIEW,
                releases::redactionProposals), roles(ROI));
        r.post("/api/releases/{releaseId}/redaction-proposals/accept", audited(ReleaseController.RELEASE_UPDATE,
                releases::acceptRedactionProposals), roles(ROI));
        // the clock, fees and letters of a request (45 CFR 164.524(b)(2), (c)(4), (d)(2))
        r.post("/api/releases/{releaseId}/extension", audited(ReleaseController.RELEASE_UPDATE, releases::extend), roles(ROI));
        r.post("/api/releases/{releaseId}/fee", audited(ReleaseController.RELEASE_UPDATE, releases::quoteFee), roles(ROI));
        r.post("/api/releases/{releaseId}/fee/waiver", audited(ReleaseController.RELEASE_UPDATE, releases::waiveFee), roles(ROI));
        r.post("/api/releases/{releaseId}/payments", audited(ReleaseController.RELEASE_UPDATE, releases::recordPayment), roles(ROI));
        r.get("/api/releases/{releaseId}/letters", audited(ReleaseController.RELEASE_VIEW, releases::letters), roles(ROI));
        r.post("/api/releases/{releaseId}/letters", audited(AuditActions.RELEASE_LETTER_PRODUCE, releases::produceLetter), roles(ROI));
        r.get("/api/releases/{releaseId}/letters/{letterId}", audited(AuditActions.RELEASE_LETTER_DOWNLOAD, releases::letter), roles(ROI));
        r.get("/api/letter-templates", releases::letterTemplates, roles(ROI));
        r.put("/api/letter-templates", audited(ReleaseController.SETTINGS_UPDATE, releases::putLetterSender), roles());
        r.put("/api/letter-templates/{kind}", audited(ReleaseController.SETTINGS_UPDATE, releases::putLetterTemplate), roles());
        r.get("/api/patients/{mrn}/disclosures", audited(AuditActions.DISCLOSURES_VIEW, releases::disclosures), roles(ROI));
        r.get("/api/patients/{mrn}/disclosures.pdf", audited(AuditActions.DISCLOSURES_VIEW, releases::disclosuresPdf), roles(ROI));
        r.get("/api/sensitive-categories", releases::categories, roles(ROI));
        r.put("/api/sensitive-categories/{category}", audited(ReleaseController.SETTINGS_UPDATE, releases::putCategory), roles());
        r.delete("/api/sensitive-categories/{category}", audited(ReleaseController.SETTINGS_UPDATE, releases::deleteCategory), roles());
        r.get("/api/release-settings", releases::settings, roles(ROI));
        r.put("/api/release-settings", audited(ReleaseController.SETTINGS_UPDATE, releases::putSettings), roles());
        // ---- end of release of information ----

        // ---- amendments (org.chartvault.amendment, 45 CFR 164.526): ROI decides; every route checks the document ----
        AmendmentController amendments = services.amendments();
        r.post("/api/amendments", audited(AuditActions.AMENDMENT_REQUEST, amendments::create), roles(ROI));
        r.get("/api/amendments", audited(AuditActions.AMENDMENT_VIEW, amendments::list), roles(ROI));
        r.get("/api/amendments/{amendmentId}", audited(AuditActions.AMENDMENT_VIEW, amendments::get), roles(ROI));
        r.post("/api/amendments/{amendmentId}/extension", audited(AuditActions.AMENDMENT_UPDATE, amendments::extend), roles(ROI));
        r.post("/api/amendments/{amendmentId}/decision", audited(AuditActions.AMENDMENT_UPDATE, amendments::decide), roles(ROI));
        r.post("/api/amendments/{amendmentId}/disagreement", audited(AuditActions.AMENDMENT_UPDATE, amendments::disagreement), roles(ROI));
        r.post("/api/amendments/{amendmentId}/rebuttal", audited(AuditActions.AMENDMENT_UPDATE, amendments::rebuttal), roles(ROI));
        r.post("/api/amendments/{amendmentId}/include-with-disclosures", audited(AuditActions.AMENDMENT_UPDATE,
                amendments::includeWithDisclosures), roles(ROI));
        // shown with the document to whoever may view it: the record was amended, or the patient disputes it
        r.get("/api/documents/{documentId}/amendments", audited(AuditActions.AMENDMENT_VIEW, amendments::ofDocument),
                roles(SCANNER, INDEXER, ROI, LEGAL));

        legalRoutes(config);

        r.get("/api/audit", services.auditTrail()::search, roles());
        r.get("/api/audit/verify", services.auditTrail()::verify, roles());
        r.get("/api/audit/actions", services.auditTrail()::actions, roles());
        r.get("/api/audit/export.csv", services.auditTrail()::exportCsv, roles());
        r.get("/api/audit/checkpoints", services.auditTrail()::checkpoints, roles());
        r.post("/api/audit/checkpoints", services.auditTrail()::createCheckpoint, roles());

        // ---- FHIR R4 / IHE MHD (org.chartvault.fhir, FhirController). Errors under /fhir are OperationOutcomes
        // (see answer()). Roles as for the same data under /api: reading as /api/documents and /api/search,
        // document bytes as /api/documents/{id}/original, ITI-65 submission as an upload. ----
        if (services.fhir() != null) {
            FhirController fhir = services.fhir();
            Access fhirReaders = roles(INDEXER, ROI, LEGAL);
            Handler originalRead = audited(AuditActions.DOWNLOAD_ORIGINAL, fhir::readBinary);
            Handler pdfRead = audited(AuditActions.DOWNLOAD_PDF, fhir::readBinary);
            r.get("/fhir/metadata", fhir::metadata, PUBLIC);
            r.get("/fhir/Patient", audited(AuditActions.SEARCH, fhir::searchPatients), fhirReaders);
            r.get("/fhir/Patient/{patientId}", audited(AuditActions.VIEW_PATIENT, fhir::readPatient), fhirReaders);
            r.get("/fhir/DocumentReference", audited(AuditActions.SEARCH, fhir::searchDocumentReferences), fhirReaders);
            r.get("/fhir/DocumentReference/{documentReferenceId}", audited(AuditActions.VIEW_DOCUMENT, fhir::readDocumentReference), fhirReaders);
            r.get("/fhir/Binary/{binaryId}", ctx -> (FhirController.asksForSearchablePdf(ctx) ? pdfRead : originalRead).handle(ctx), roles(ROI, LEGAL));
            r.get("/fhir/List/{listId}", audited(AuditActions.VIEW_DOCUMENT, fhir::readList), fhirReaders);
            r.post("/fhir", audited(AuditActions.UPLOAD, fhir::transaction), roles(SCANNER));
            // the LOINC document type list: every user reads it (type pickers), administrators replace it
        }
    }

    // ---- legal holds, production exports, retention (org.chartvault.hold, org.chartvault.retention) ----

    /** Audit action for reading a hold, an export or a purge run: they name patients (MRNs) and documents. */
    private static final String LEGAL_VIEW = AuditActions.LEGAL_VIEW;
    /** Audit action for replacing the retention schedule. */
    private static final String RETENTION_RULES_UPDATE = AuditActions.RETENTION_RULES_UPDATE;

    /** Holds, exports and retention: legal staff (and administrators); the schedule is changed by administrators. */
    private void legalRoutes(JavalinConfig config) {
        HoldController holds = services.holds();
        RetentionController retention = services.retention();
        var r = config.routes;
        Access legal = roles(LEGAL);

        r.post("/api/holds", audited(AuditActions.HOLD_CREATE, holds::create), legal);
        r.post("/api/holds/preview", audited(LEGAL_VIEW, holds::preview), legal);
        r.get("/api/holds", audited(LEGAL_VIEW, holds::list), legal);
        r.get("/api/holds/{holdId}", audited(LEGAL_VIEW, holds::get), legal);
        r.post("/api/holds/{holdId}/release", audited(AuditActions.HOLD_RELEASE, holds::release), legal);
        r.post("/api/holds/{holdId}/exports", audited(AuditActions.EXPORT, holds::startExport), legal);
        r.get("/api/holds/{holdId}/exports", audited(LEGAL_VIEW, holds::listExports), legal);
        r.get("/api/exports/{exportId}", audited(LEGAL_VIEW, holds::exportStatus), legal);
        r.get("/api/exports/{exportId}/download", audited(AuditActions.EXPORT_DOWNLOAD, holds::download), legal);
        r.get("/api/exports/{exportId}/custody-report", audited(AuditActions.EXPORT_DOWNLOAD, holds::custodyReport), legal);

        r.get("/api/retention/rules", retention::rules, legal);
        r.put("/api/retention/rules", audited(RETENTION_RULES_UPDATE, retention::updateRules), roles());
        r.post("/api/retention/runs", audited(AuditActions.RETENTION_PURGE, retention::startRun), legal);
        r.get("/api/retention/runs", audited(LEGAL_VIEW, retention::listRuns), legal);
        r.get("/api/retention/runs/{runId}", audited(LEGAL_VIEW, retention::getRun), legal);
        r.get("/api/retention/runs/{runId}/certificate", audited(LEGAL_VIEW, retention::certificatePdf), legal);
        r.get("/api/retention/runs/{runId}/certificate.json", audited(LEGAL_VIEW, retention::certificateJson), legal);

    }

    // ---- end of legal holds, production exports, retention ----

    /**
     * Records the request in the audit trail once it has been answered: who, what, on which target, and
     * whether it succeeded, was refused or failed.
     */
    private Handler audited(String action, Handler handler) {
        return ctx -> {
            Outcome outcome = Outcome.FAILED;
            try {
                handler.handle(ctx);
                outcome = ctx.statusCode() < 400 ? Outcome.SUCCESS : Outcome.FAILED;
            } catch (Exception e) {
                outcome = isDenial(e) ? Outcome.DENIED : Outcome.FAILED;
                throw e;
            } finally {
                Caller caller = Auth.caller(ctx);
                AuditEvent event = caller.event(action, auditTarget(ctx)).withOutcome(outcome);
                String page = ctx.pathParamMap().get("page");
                if (page != null) event = event.with("page", page);
                for (String filter : new String[]{"mrn", "documentType", "from", "to"}) {
                    String value = ctx.queryParam(filter);
                    if (value != null && !value.isBlank()) event = event.with(filter, value);
                }
                Object detail = ctx.attribute(AUDIT_DETAIL);
                if (detail != null) event = event.with("result", detail);
                String mrn = ctx.attribute(AUDIT_MRN);
                if (mrn != null && !event.details().containsKey(AuditDetails.MRN)) event = event.with(AuditDetails.MRN, mrn);
                java.util.Collection<String> mrns = ctx.attribute(AUDIT_MRNS);
                if (mrns != null) event = event.with(AuditDetails.MRNS, AuditDetails.list(mrns));
                java.util.Collection<String> touched = ctx.attribute(AUDIT_DOCUMENTS);
                if (touched != null) event = event.with(AuditDetails.DOCUMENTS, AuditDetails.list(touched));
                Object mrnConfirmed = ctx.attribute(AUDIT_MRN_CONFIRMED);
                if (mrnConfirmed != null) event = event.with("unusualMrnKept", mrnConfirmed);
                Object category = ctx.attribute(AUDIT_PROTECTED_CATEGORY);
                if (category != null) event = event.with("protectedCategory", category);
                services.audit().append(event);
                List<Target> alsoAffected = ctx.attribute(AUDIT_ALSO);
                if (alsoAffected != null) {
                    for (Target also : alsoAffected) {
                        services.audit().append(caller.event(action, also).withOutcome(outcome)
                                .with("with", auditTarget(ctx).id()));
                    }
                }
            }
        };
    }

    /** Controllers may name the target of their request's audit entry when the path does not (a new batch). */
    static final String AUDIT_TARGET = "chartvault.audit.target";
    /** Controllers may add one detail to the audit entry of their request (a hit count, a file count). */
    static final String AUDIT_DETAIL = "chartvault.audit.detail";
    /** The protected categories (psychotherapy notes, Part 2 …) of the records a request read: every such access is recorded with them. */
    static final String AUDIT_PROTECTED_CATEGORY = "chartvault.audit.protected-category";
    /** The MRN of the patient whose record the request read or changed (the patient of the document it targets). */
    static final String AUDIT_MRN = "chartvault.audit.mrn";
    /** The MRNs of every patient whose records a request touched or returned: a search's hits, a release's, a hold's. */
    static final String AUDIT_MRNS = "chartvault.audit.mrns";
    /**
     * Every document a request touched besides its target (an upload's, a release's, a packet's, a hold's, an export's),
     * so the trail asked for one document lists these too. One entry names them all: a hold may cover thousands.
     */
    static final String AUDIT_DOCUMENTS = "chartvault.audit.documents";
    /** Unusual MRNs a request used on a person's confirmation, with the reason given (see {@link MrnConfirmations}). */
    static final String AUDIT_MRN_CONFIRMED = "chartvault.audit.mrn-confirmed";
    /** Further targets a request changed (the other document of a merge): each gets an entry of its own, so it is found by either. */
    static final String AUDIT_ALSO = "chartvault.audit.also";

    /** What a request acted on: named by its controller, else read off the path (document, batch) or the query. */
    private static Target auditTarget(Context ctx) {
        Target named = ctx.attribute(AUDIT_TARGET);
        if (named != null) return named;
        Map<String, String> path = ctx.pathParamMap();
        if (path.containsKey("documentId")) return Target.document(path.get("documentId"));
        if (path.containsKey("batchId")) return Target.batch(path.get("batchId"));
        if (path.containsKey("releaseId")) return Target.release(path.get("releaseId"));
        if (path.containsKey("holdId")) return Target.hold(path.get("holdId"));
        if (path.containsKey("mrn")) return Target.patient(path.get("mrn"));
        String mrn = ctx.queryParam("mrn");
        String q = ctx.queryParam("q");
        if (q != null) return Target.search(q);
        if (mrn != null) return Target.patient(mrn);
        return Target.path(ctx.method() + " " + ctx.path());
    }

    private void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (services.config().security().keystore() != null) {
            ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        if (ctx.path().startsWith("/api/") || ctx.path().startsWith("/fhir")) ctx.header("Cache-Control", "no-store");
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream spec = HttpApi.class.getResourceAsStream("/openapi.json")) {
            if (spec == null) throw new IllegalStateException("openapi.json is missing from the build");
            ctx.contentType("application/json").result(spec.readAllBytes());
        }
    }

    private void errors(JavalinConfig config) {
        var r = config.routes;
        r.exception(ApiError.class, (e, ctx) -> answer(ctx, e.status(), e.code(), e.getMessage()));
        r.exception(StaleVersionException.class, (e, ctx) -> {
            ctx.header("ETag", "\"" + e.currentVersion() + "\"");
            ctx.status(409).json(Map.of("error", "stale", "message", e.getMessage(), "currentVersion", e.currentVersion()));
        });
        r.exception(ObjectNotFoundException.class, (e, ctx) -> answer(ctx, 404, "not-found",
                "That item is not available (it may not have been processed yet)."));
        r.exception(UnconfirmedMrnException.class, (e, ctx) -> {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("error", e.result().problem().code());
            body.put("message", e.getMessage() + " To keep it as typed, send it again with "
                    + "\"confirmUnknownMrn\": {\"reason\": \"…\"}.");
            body.put("mrns", e.results().stream().map(org.chartvault.patient.MrnCheck.Result::mrn).toList());
            ctx.status(422).json(body);
        });
        // the store's own legal hold (the second wall) refused a change the hold checks above it let through
        r.exception(ObjectLockedException.class, (e, ctx) -> answer(ctx, 409, "on-hold",
                "This item is under a legal hold and cannot be changed or removed."));
        r.exception(IntegrityException.class, (e, ctx) -> {
            String incident = org.chartvault.Ids.next("err");
            log.error("Request {} {} read damaged stored data (incident {})", ctx.method(), route(ctx), incident, e);
            answer(ctx, 500, "damaged", "The stored copy of this item failed its integrity check, so none of it was "
                    + "sent. The problem was logged as " + incident + "; an administrator can restore the item from backup.");
        });
        // Storage (or the index's disk) failing: the server's problem and usually a passing one, so 503 and a retry
        // time, never the generic 500. The request did not complete; what was acknowledged earlier is kept.
        r.exception(IOException.class, (e, ctx) -> storageUnavailable(ctx, e));
        r.exception(UncheckedIOException.class, (e, ctx) -> storageUnavailable(ctx, e.getCause()));
        r.exception(Exception.class, (e, ctx) -> {
            if (e instanceof Refusal refusal) {
                answer(ctx, status(refusal.kind()), refusal.code(), e.getMessage());
                return;
            }
            String incident = org.chartvault.Ids.next("err");
            log.error("Request {} {} failed (incident {})", ctx.method(), route(ctx), incident, e);
            answer(ctx, 500, "internal", "ChartVault could not complete this request; the error was logged as "
                    + incident + ". Nothing you sent was lost if you were told it was accepted.");
        });
        r.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.result() == null) {
                answer(ctx, 404, "not-found", "There is no such path in the ChartVault API.");
            }
            if (services.fhir() != null && FhirController.isFhirPath(ctx) && !FhirController.answered(ctx)) {
                answer(ctx, 404, "not-found", "This FHIR server has no such path; GET /fhir/metadata lists what it offers.");
            }
        });
    }

    /** The one translation of a refusal's kind into an HTTP status. */
    static int status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_SIGNED_IN -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
    }

    /** A refusal on grounds of permission or the record's state, as the audit trail tells it from a failure. */
    private static boolean isDenial(Exception e) {
        int status = e instanceof ApiError api ? api.status()
                : e instanceof Refusal refusal ? status(refusal.kind())
                : e instanceof StaleVersionException ? 409 : 500;
        return status == 403 || status == 409;
    }

    private void storageUnavailable(Context ctx, IOException e) {
        log.warn("Request {} {} failed because storage is unavailable: {}", ctx.method(), route(ctx), e.toString());
        ctx.header("Retry-After", STORAGE_RETRY_AFTER_SECONDS);
        answer(ctx, 503, "storage-unavailable", "ChartVault cannot reach its storage just now, so this request was "
                + "not completed. Anything you were told was accepted earlier is safe; try this again in a minute.");
    }

    /**
     * The route as declared ({@code /api/patients/{mrn}/disclosures}), for the log: the path asked for carries
     * MRNs, and the audit trail already says who asked for what.
     */
    private static String route(Context ctx) {
        try {
            Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            return matched == null ? "(no route)" : matched.path;
        } catch (RuntimeException e) { // failed before a route was matched
            return "(no route)";
        }
    }

    /** What a client is told to wait after a storage failure: long enough for a restart or a fail-over. */
    private static final String STORAGE_RETRY_AFTER_SECONDS = "30";

    private void answer(Context ctx, int status, String code, String message) {
        if (services.fhir() != null && FhirController.isFhirPath(ctx)) { // FHIR clients read OperationOutcomes, not {"error"}
            services.fhir().refuse(ctx, status, message);
            return;
        }
        ctx.status(status).json(Map.of("error", code, "message", message));
    }

    private static void enableHttps(JavalinConfig config, Config.Security security) {
        config.jetty.addConnector((server, httpConfiguration) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(security.keystore().toString());
            ssl.setKeyStorePassword(security.keystorePassword());
            HttpConfiguration https = new HttpConfiguration(httpConfiguration);
            https.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
            connector.setPort(security.httpsPort());
            return connector;
        });
    }
}
