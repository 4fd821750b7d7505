package org.chartvault.http;

import io.javalin.Javalin;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;
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
import org.chartvault.release.Accounting;
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
                               AmendmentService amendments, Accounting accounting) {
    }

    /** The controllers the routes call: thin HTTP adapters over the capabilities. */
    private record Services(Config config, CaptureController capture, DocumentController documents,
                            SearchController search, SessionController sessions, UserController users,
                            AuditController auditTrail, Auth auth, AuditLog audit, ReleaseController releases,
                            HoldController holds, RetentionController retention, PatientController patients,
                            DocumentTypesController documentTypes, FhirController fhir, SourceController sources,
                            WatchedFolderController watchedFolders, SavedSearchController savedSearches,
                            AmendmentController amendments, DisclosureController disclosures) {
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
                new AmendmentController(c.amendments(), c.documents(), c.access()),
                new DisclosureController(c.accounting(), c.mrnCheck()));
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
        config.routes.apiBuilder(() -> {
            CaptureController capture = services.capture();
            DocumentController documents = services.documents();
            SessionController sessions = services.sessions();
            UserController users = services.users();

            get("/api/health", ctx -> ctx.json(Map.of("status", "ok")), PUBLIC);
            get("/api/openapi.json", this::openApi, PUBLIC);

            path("/api/session", () -> {
                post(sessions::login, PUBLIC);
                get(sessions::current, OWN_LOGIN);
                delete(sessions::logout, OWN_LOGIN);
            });
            post("/api/me/password", sessions::changePassword, OWN_LOGIN);

            path("/api/tokens", () -> {
                post(users::createToken, ANY_USER);
                get(users::listTokens, ANY_USER);
                delete("{tokenId}", users::revokeToken, ANY_USER);
            });

            path("/api/users", () -> {
                post(users::create, roles());
                get(users::list, roles());
                get("{username}", users::get, roles());
                patch("{username}", users::update, roles());
            });

            path("/api/batches", () -> {
                post(audited(AuditActions.UPLOAD, capture::upload), roles(SCANNER));
                get(audited(AuditActions.BATCH_VIEW, capture::list), roles(SCANNER));
                get("{batchId}", audited(AuditActions.BATCH_VIEW, capture::get), roles(SCANNER));
                patch("{batchId}", audited(AuditActions.BATCH_RENAME, capture::rename), roles(SCANNER));
            });
            get("/api/separator-sheets", audited(AuditActions.SEPARATOR_SHEET, capture::separatorSheet), roles(SCANNER, INDEXER));
            path("/api/document-types", () -> {
                get(services.documentTypes()::list, ANY_USER);
                put(services.documentTypes()::replace, roles());
                post(services.documentTypes()::add, roles());
                put("{loinc}", services.documentTypes()::change, roles());
                patch("{loinc}", services.documentTypes()::change, roles());
                post("{loinc}/retire", services.documentTypes()::retire, roles());
                post("{loinc}/restore", services.documentTypes()::restore, roles());
            });
            PatientController patients = services.patients();
            path("/api/patients", () -> {
                get(audited(AuditActions.SEARCH, patients::find), roles(INDEXER, ROI, LEGAL));
                get("{mrn}", audited(AuditActions.VIEW_PATIENT, patients::get), roles(INDEXER, ROI, LEGAL));
                get("{mrn}/documents", audited(AuditActions.VIEW_PATIENT, patients::documents), roles(INDEXER, ROI, LEGAL));
            });
            // who accessed a patient's records, from the audit trail: for compliance (legal) and administrators
            path("/api/patients", () -> {
                get("{mrn}/access-report", audited(AuditActions.PATIENT_ACCESS_REPORT, patients::accessReport), roles(LEGAL));
                get("{mrn}/access-report.pdf", audited(AuditActions.PATIENT_ACCESS_REPORT, patients::accessReportPdf), roles(LEGAL));
            });
            // an MRN as someone types it, before it is saved: its patient's name and birth date, or what is wrong with it
            get("/api/mrn-check", audited(AuditActions.VIEW_PATIENT, patients::checkMrn), roles(SCANNER, INDEXER, ROI, LEGAL));
            post("/api/patients/import", patients::importCsv, roles());
            post("/api/hl7/adt", patients::adt, roles());
            get("/api/batches/{batchId}/events", capture::events, roles(SCANNER)); // an SSE stream; checks the batch first

            Access viewers = roles(SCANNER, INDEXER, ROI, LEGAL);
            get("/api/review", audited(AuditActions.REVIEW_QUEUE_VIEW, documents::reviewQueue), roles(INDEXER));
            path("/api/documents", () -> {
                get(audited(AuditActions.SEARCH, documents::listByPatient), roles(INDEXER, ROI, LEGAL));
                get("{documentId}", audited(AuditActions.VIEW_DOCUMENT, documents::get), viewers);
                get("{documentId}/history", audited(AuditActions.VIEW_DOCUMENT, documents::history), roles(INDEXER, LEGAL));
                get("{documentId}/original", audited(AuditActions.DOWNLOAD_ORIGINAL, documents::original), roles(ROI, LEGAL));
                get("{documentId}/pdf", audited(AuditActions.DOWNLOAD_PDF, documents::searchablePdf), roles(ROI, LEGAL));
                get("{documentId}/print", audited(AuditActions.PRINT_DOCUMENT, documents::print), roles(ROI, LEGAL));
                post("{documentId}/review", audited(AuditActions.SEND_TO_REVIEW, documents::sendToReview), roles(INDEXER));
                get("{documentId}/pages/{page}/image", audited(AuditActions.VIEW_PAGE_IMAGE, documents::pageImage), viewers);
                get("{documentId}/pages/{page}/thumbnail", audited(AuditActions.VIEW_PAGE_IMAGE, documents::pageThumbnail), viewers);
                get("{documentId}/pages/{page}/text", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageText), viewers);
                get("{documentId}/pages/{page}/words", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageWords), viewers);
                get("{documentId}/pages/{page}/hits", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageHits), roles(INDEXER, ROI, LEGAL));
                patch("{documentId}", audited(AuditActions.UPDATE_DOCUMENT, documents::correct), roles(INDEXER));
                post("{documentId}/confirm", audited(AuditActions.REVIEW_CONFIRM, documents::confirmAsIs), roles(INDEXER));
                delete("{documentId}", audited(AuditActions.DELETE_DOCUMENT, documents::delete), roles());
                post("{documentId}/pages/{page}/rotate", audited(AuditActions.UPDATE_DOCUMENT, documents::rotatePage), roles(SCANNER, INDEXER));
                post("{documentId}/pages/reorder", audited(AuditActions.UPDATE_DOCUMENT, documents::reorderPages), roles(SCANNER, INDEXER));
                post("{documentId}/split", audited(AuditActions.UPDATE_DOCUMENT, documents::split), roles(SCANNER, INDEXER));
                post("{documentId}/merge", audited(AuditActions.UPDATE_DOCUMENT, documents::merge), roles(SCANNER, INDEXER));
            });
            // The uploaded scans documents are cut from, for those who manage capture (scanning staff: their own uploads).
            SourceController sources = services.sources();
            path("/api/sources", () -> {
                get("{sha256}", audited(AuditActions.VIEW_DOCUMENT, sources::get), roles(SCANNER, INDEXER));
                get("{sha256}/file", audited(AuditActions.DOWNLOAD_ORIGINAL, sources::file), roles(SCANNER, INDEXER));
            });

            get("/api/search", audited(AuditActions.SEARCH, services.search()::search), roles(INDEXER, ROI, LEGAL));
            // each searcher's own saved searches (org.chartvault.savedsearch)
            SavedSearchController saved = services.savedSearches();
            path("/api/saved-searches", () -> {
                get(audited(AuditActions.SAVED_SEARCH_VIEW, saved::list), roles(INDEXER, ROI, LEGAL));
                post(audited(AuditActions.SAVED_SEARCH_UPDATE, saved::create), roles(INDEXER, ROI, LEGAL));
                delete("{savedSearchId}", audited(AuditActions.SAVED_SEARCH_UPDATE, saved::delete), roles(INDEXER, ROI, LEGAL));
            });

            // folders scanners write to: configured by administrators (see org.chartvault.watch)
            WatchedFolderController watched = services.watchedFolders();
            path("/api/watched-folders", () -> {
                get(watched::list, roles());
                get("{folderId}", watched::get, roles());
                put("{folderId}", audited(AuditActions.WATCHED_FOLDER_UPDATE, watched::put), roles());
                delete("{folderId}", audited(AuditActions.WATCHED_FOLDER_UPDATE, watched::delete), roles());
            });

            // ---- release of information (org.chartvault.release, ReleaseController) ----
            ReleaseController releases = services.releases();
            path("/api/releases", () -> {
                post(audited(AuditActions.RELEASE_CREATE, releases::create), roles(ROI));
                get(audited(ReleaseController.RELEASE_VIEW, releases::list), roles(ROI));
                get("{releaseId}", audited(ReleaseController.RELEASE_VIEW, releases::get), roles(ROI));
                patch("{releaseId}", audited(ReleaseController.RELEASE_UPDATE, releases::update), roles(ROI));
                post("{releaseId}/authorization", audited(ReleaseController.AUTHORIZATION_UPLOAD,
                        releases::uploadAuthorization), roles(ROI));
                get("{releaseId}/authorization", audited(ReleaseController.AUTHORIZATION_VIEW,
                        releases::authorization), roles(ROI));
                post("{releaseId}/authorization/revocation", audited(ReleaseController.RELEASE_UPDATE,
                        releases::revokeAuthorization), roles(ROI));
                post("{releaseId}/packet", audited(AuditActions.PACKET_PRODUCE, releases::producePacket), roles(ROI));
                get("{releaseId}/packet", audited(AuditActions.PACKET_DOWNLOAD, releases::packet), roles(ROI));
                get("{releaseId}/patient-check", audited(ReleaseController.RELEASE_VIEW, releases::patientCheck), roles(ROI));
                post("{releaseId}/patient-check/decisions", audited(ReleaseController.RELEASE_UPDATE,
                        releases::decidePage), roles(ROI));
                post("{releaseId}/redaction-proposals", audited(ReleaseController.RELEASE_VIEW,
                        releases::redactionProposals), roles(ROI));
                post("{releaseId}/redaction-proposals/accept", audited(ReleaseController.RELEASE_UPDATE,
                        releases::acceptRedactionProposals), roles(ROI));
                // the clock, fees and letters of a request (45 CFR 164.524(b)(2), (c)(4), (d)(2))
                post("{releaseId}/extension", audited(ReleaseController.RELEASE_UPDATE, releases::extend), roles(ROI));
                post("{releaseId}/fee", audited(ReleaseController.RELEASE_UPDATE, releases::quoteFee), roles(ROI));
                post("{releaseId}/fee/waiver", audited(ReleaseController.RELEASE_UPDATE, releases::waiveFee), roles(ROI));
                post("{releaseId}/payments", audited(ReleaseController.RELEASE_UPDATE, releases::recordPayment), roles(ROI));
                get("{releaseId}/letters", audited(ReleaseController.RELEASE_VIEW, releases::letters), roles(ROI));
                post("{releaseId}/letters", audited(AuditActions.RELEASE_LETTER_PRODUCE, releases::produceLetter), roles(ROI));
                get("{releaseId}/letters/{letterId}", audited(AuditActions.RELEASE_LETTER_DOWNLOAD, releases::letter), roles(ROI));
            });
            path("/api/letter-templates", () -> {
                get(releases::letterTemplates, roles(ROI));
                put(audited(ReleaseController.SETTINGS_UPDATE, releases::putLetterSender), roles());
                put("{kind}", audited(ReleaseController.SETTINGS_UPDATE, releases::putLetterTemplate), roles());
            });
            // the disclosure log keeps every disclosure; the accounting (45 CFR 164.528) lists what the rule requires
            DisclosureController disclosures = services.disclosures();
            path("/api/patients/{mrn}", () -> {
                get("disclosures", audited(AuditActions.DISCLOSURES_VIEW, disclosures::log), roles(ROI));
                post("disclosures", audited(AuditActions.DISCLOSURE_ENTER, disclosures::enter), roles(ROI));
                get("disclosures.pdf", audited(AuditActions.DISCLOSURES_VIEW, disclosures::accountingPdf), roles(ROI));
                get("accounting", audited(AuditActions.DISCLOSURES_VIEW, disclosures::statement), roles(ROI));
                get("accounting.pdf", audited(AuditActions.DISCLOSURES_VIEW, disclosures::accountingPdf), roles(ROI));
                get("accountings", audited(AuditActions.DISCLOSURES_VIEW, disclosures::given), roles(ROI));
                post("accountings", audited(AuditActions.ACCOUNTING_GIVE, disclosures::give), roles(ROI));
                get("accountings/{accountingId}/pdf", audited(AuditActions.DISCLOSURES_VIEW, disclosures::givenPdf), roles(ROI));
                get("accounting-suspensions", audited(AuditActions.DISCLOSURES_VIEW, disclosures::suspensions), roles(ROI));
                post("accounting-suspensions", audited(AuditActions.ACCOUNTING_SUSPEND, disclosures::suspend), roles(ROI));
            });
            path("/api/sensitive-categories", () -> {
                get(releases::categories, roles(ROI));
                put("{category}", audited(ReleaseController.SETTINGS_UPDATE, releases::putCategory), roles());
                delete("{category}", audited(ReleaseController.SETTINGS_UPDATE, releases::deleteCategory), roles());
            });
            path("/api/release-settings", () -> {
                get(releases::settings, roles(ROI));
                put(audited(ReleaseController.SETTINGS_UPDATE, releases::putSettings), roles());
            });
            // ---- end of release of information ----

            // ---- amendments (org.chartvault.amendment, 45 CFR 164.526): ROI decides; every route checks the document ----
            AmendmentController amendments = services.amendments();
            path("/api/amendments", () -> {
                post(audited(AuditActions.AMENDMENT_REQUEST, amendments::create), roles(ROI));
                get(audited(AuditActions.AMENDMENT_VIEW, amendments::list), roles(ROI));
                get("{amendmentId}", audited(AuditActions.AMENDMENT_VIEW, amendments::get), roles(ROI));
                post("{amendmentId}/extension", audited(AuditActions.AMENDMENT_UPDATE, amendments::extend), roles(ROI));
                post("{amendmentId}/decision", audited(AuditActions.AMENDMENT_UPDATE, amendments::decide), roles(ROI));
                post("{amendmentId}/disagreement", audited(AuditActions.AMENDMENT_UPDATE, amendments::disagreement), roles(ROI));
                post("{amendmentId}/rebuttal", audited(AuditActions.AMENDMENT_UPDATE, amendments::rebuttal), roles(ROI));
                post("{amendmentId}/include-with-disclosures", audited(AuditActions.AMENDMENT_UPDATE,
                        amendments::includeWithDisclosures), roles(ROI));
            });
            // shown with the document to whoever may view it: the record was amended, or the patient disputes it
            get("/api/documents/{documentId}/amendments", audited(AuditActions.AMENDMENT_VIEW, amendments::ofDocument),
                    roles(SCANNER, INDEXER, ROI, LEGAL));

            legalRoutes(config);

            path("/api/audit", () -> {
                get(services.auditTrail()::search, roles());
                get("verify", services.auditTrail()::verify, roles());
                get("actions", services.auditTrail()::actions, roles());
                get("export.csv", services.auditTrail()::exportCsv, roles());
                get("checkpoints", services.auditTrail()::checkpoints, roles());
                post("checkpoints", services.auditTrail()::createCheckpoint, roles());
            });

            // ---- FHIR R4 / IHE MHD (org.chartvault.fhir, FhirController). Errors under /fhir are OperationOutcomes
            // (see answer()). Roles as for the same data under /api: reading as /api/documents and /api/search,
            // document bytes as /api/documents/{id}/original, ITI-65 submission as an upload. ----
            if (services.fhir() != null) {
                FhirController fhir = services.fhir();
                Access fhirReaders = roles(INDEXER, ROI, LEGAL);
                Handler originalRead = audited(AuditActions.DOWNLOAD_ORIGINAL, fhir::readBinary);
                Handler pdfRead = audited(AuditActions.DOWNLOAD_PDF, fhir::readBinary);
                get("/fhir/metadata", fhir::metadata, PUBLIC);
                path("/fhir/Patient", () -> {
                    get(audited(AuditActions.SEARCH, fhir::searchPatients), fhirReaders);
                    get("{patientId}", audited(AuditActions.VIEW_PATIENT, fhir::readPatient), fhirReaders);
                });
                path("/fhir/DocumentReference", () -> {
                    get(audited(AuditActions.SEARCH, fhir::searchDocumentReferences), fhirReaders);
                    get("{documentReferenceId}", audited(AuditActions.VIEW_DOCUMENT, fhir::readDocumentReference), fhirReaders);
                });
                get("/fhir/Binary/{binaryId}", ctx -> (FhirController.asksForSearchablePdf(ctx) ? pdfRead : originalRead).handle(ctx), roles(ROI, LEGAL));
                get("/fhir/List/{listId}", audited(AuditActions.VIEW_DOCUMENT, fhir::readList), fhirReaders);
                post("/fhir", audited(AuditActions.UPLOAD, fhir::transaction), roles(SCANNER));
                // the LOINC document type list: every user reads it (type pickers), administrators replace it
            }
        });
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
        Access legal = roles(LEGAL);

        path("/api/holds", () -> {
            post(audited(AuditActions.HOLD_CREATE, holds::create), legal);
            post("preview", audited(LEGAL_VIEW, holds::preview), legal);
            get(audited(LEGAL_VIEW, holds::list), legal);
            get("{holdId}", audited(LEGAL_VIEW, holds::get), legal);
            post("{holdId}/release", audited(AuditActions.HOLD_RELEASE, holds::release), legal);
            post("{holdId}/exports", audited(AuditActions.EXPORT, holds::startExport), legal);
            get("{holdId}/exports", audited(LEGAL_VIEW, holds::listExports), legal);
        });
        path("/api/exports", () -> {
            get("{exportId}", audited(LEGAL_VIEW, holds::exportStatus), legal);
            get("{exportId}/download", audited(AuditActions.EXPORT_DOWNLOAD, holds::download), legal);
            get("{exportId}/custody-report", audited(AuditActions.EXPORT_DOWNLOAD, holds::custodyReport), legal);
        });

        path("/api/retention", () -> {
            get("rules", retention::rules, legal);
            put("rules", audited(RETENTION_RULES_UPDATE, retention::updateRules), roles());
            post("runs", audited(AuditActions.RETENTION_PURGE, retention::startRun), legal);
            get("runs", audited(LEGAL_VIEW, retention::listRuns), legal);
            get("runs/{runId}", audited(LEGAL_VIEW, retention::getRun), legal);
            post("runs/{runId}/approval", audited(AuditActions.RETENTION_APPROVE, retention::approve), legal);
            get("runs/{runId}/certificate", audited(LEGAL_VIEW, retention::certificatePdf), legal);
            get("runs/{runId}/certificate.json", audited(LEGAL_VIEW, retention::certificateJson), legal);
        });

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
