package org.chartvault.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.chartvault.Config;
import org.chartvault.Json;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Outcome;
import org.chartvault.audit.Target;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.PageNotFoundException;
import org.chartvault.index.BadQueryException;
import org.chartvault.security.Caller;
import org.chartvault.security.NotPermittedException;
import org.chartvault.security.Role;
import org.chartvault.storage.ObjectNotFoundException;
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
import java.util.Map;
import java.util.Set;

import static org.chartvault.http.Access.ANY_USER;
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

    /** Everything the routes call. */
    public record Services(Config config, CaptureController capture, DocumentController documents,
                           SearchController search, SessionController sessions, UserController users,
                           AuditController auditTrail, Auth auth, AuditLog audit, FhirController fhir) {

        /** The same services with the FHIR face (its routes are added only when it is given). */
        public Services withFhir(FhirController fhirController) {
            return new Services(config, capture, documents, search, sessions, users, auditTrail, auth, audit, fhirController);
        }
    }

    private final Services services;
    private final Javalin javalin;

    public HttpApi(Services services) {
        this.services = services;
        this.javalin = Javalin.create(this::configure);
    }

    public static Services services(Config config, org.chartvault.ingest.IngestService ingest,
                                    org.chartvault.ingest.BatchService batches, org.chartvault.ingest.BatchEvents events,
                                    org.chartvault.document.DocumentService documents,
                                    org.chartvault.index.SearchIndex index,
                                    org.chartvault.security.LoginService logins,
                                    org.chartvault.security.SessionService sessions,
                                    org.chartvault.security.UserService users,
                                    org.chartvault.security.TokenService tokens, AuditLog audit) {
        return new Services(config,
                new CaptureController(ingest, batches, events),
                new DocumentController(documents, index),
                new SearchController(index),
                new SessionController(logins, sessions, users, config.security().secureCookies()),
                new UserController(users, tokens),
                new AuditController(audit),
                new Auth(sessions, tokens, audit),
                audit, null);
    }

    public Javalin start(int port) {
        return javalin.start(port);
    }

    public int port() {
        return javalin.port();
    }

    public void stop() {
        javalin.stop();
    }

    private void configure(JavalinConfig config) {
        Config settings = services.config();
        config.jsonMapper(new JavalinJackson(Json.mapper(), false));
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = 1_000_000L; // JSON bodies; uploads are multipart and limited below
        config.jetty.multipartConfig.cacheDirectory(settings.dataDir().resolve("tmp").toString());
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
        r.get("/api/session", sessions::current, ANY_USER);
        r.delete("/api/session", sessions::logout, ANY_USER);
        r.post("/api/me/password", sessions::changePassword, ANY_USER);

        r.post("/api/tokens", users::createToken, ANY_USER);
        r.get("/api/tokens", users::listTokens, ANY_USER);
        r.delete("/api/tokens/{tokenId}", users::revokeToken, ANY_USER);

        r.post("/api/users", users::create, roles());
        r.get("/api/users", users::list, roles());
        r.get("/api/users/{username}", users::get, roles());
        r.patch("/api/users/{username}", users::update, roles());

        r.post("/api/batches", audited(AuditActions.UPLOAD, capture::upload), roles(SCANNER));
        r.get("/api/batches", capture::list, roles(SCANNER));
        r.get("/api/batches/{batchId}", capture::get, roles(SCANNER));
        r.sse("/api/batches/{batchId}/events", capture::events, roles(SCANNER));

        Access viewers = roles(SCANNER, INDEXER, ROI, LEGAL);
        r.get("/api/review", documents::reviewQueue, roles(INDEXER));
        r.get("/api/documents", audited(AuditActions.SEARCH, documents::listByPatient), roles(INDEXER, ROI, LEGAL));
        r.get("/api/documents/{documentId}", audited(AuditActions.VIEW_DOCUMENT, documents::get), viewers);
        r.get("/api/documents/{documentId}/history", audited(AuditActions.VIEW_DOCUMENT, documents::history), roles(INDEXER, LEGAL));
        r.get("/api/documents/{documentId}/original", audited(AuditActions.DOWNLOAD_ORIGINAL, documents::original), roles(ROI, LEGAL));
        r.get("/api/documents/{documentId}/pdf", audited(AuditActions.DOWNLOAD_PDF, documents::searchablePdf), roles(ROI, LEGAL));
        r.get("/api/documents/{documentId}/pages/{page}/image", audited(AuditActions.VIEW_PAGE_IMAGE, documents::pageImage), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/thumbnail", audited(AuditActions.VIEW_PAGE_IMAGE, documents::pageThumbnail), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/text", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageText), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/words", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageWords), viewers);
        r.get("/api/documents/{documentId}/pages/{page}/hits", audited(AuditActions.VIEW_PAGE_TEXT, documents::pageHits), roles(INDEXER, ROI, LEGAL));
        r.patch("/api/documents/{documentId}", audited(AuditActions.UPDATE_DOCUMENT, documents::correct), roles(INDEXER));
        r.delete("/api/documents/{documentId}", audited(AuditActions.DELETE_DOCUMENT, documents::delete), roles());

        r.get("/api/search", audited(AuditActions.SEARCH, services.search()::search), roles(INDEXER, ROI, LEGAL));

        r.get("/api/audit", services.auditTrail()::search, roles());
        r.get("/api/audit/verify", services.auditTrail()::verify, roles());
        r.get("/api/audit/export.csv", services.auditTrail()::exportCsv, roles());

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
            r.get("/fhir/Patient/{patientId}", audited("view-patient", fhir::readPatient), fhirReaders);
            r.get("/fhir/DocumentReference", audited(AuditActions.SEARCH, fhir::searchDocumentReferences), fhirReaders);
            r.get("/fhir/DocumentReference/{documentReferenceId}", audited(AuditActions.VIEW_DOCUMENT, fhir::readDocumentReference), fhirReaders);
            r.get("/fhir/Binary/{binaryId}", ctx -> (FhirController.asksForSearchablePdf(ctx) ? pdfRead : originalRead).handle(ctx), roles(ROI, LEGAL));
            r.get("/fhir/List/{listId}", audited(AuditActions.VIEW_DOCUMENT, fhir::readList), fhirReaders);
            r.post("/fhir", audited(AuditActions.UPLOAD, fhir::transaction), roles(SCANNER));
            // the LOINC document type list: every user reads it (type pickers), administrators replace it
            r.get("/api/document-types", fhir::documentTypes, ANY_USER);
            r.put("/api/document-types", audited("update-document-types", fhir::replaceDocumentTypes), roles());
        }
    }

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
            } catch (ApiError e) {
                outcome = e.status() == 403 || e.status() == 409 ? Outcome.DENIED : Outcome.FAILED;
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
                services.audit().append(event);
            }
        };
    }

    /** Controllers may name the target of their request's audit entry when the path does not (a new batch). */
    static final String AUDIT_TARGET = "chartvault.audit.target";
    /** Controllers may add one detail to the audit entry of their request (a hit count, a file count). */
    static final String AUDIT_DETAIL = "chartvault.audit.detail";

    /** What a request acted on: named by its controller, else read off the path (document, batch) or the query. */
    private static Target auditTarget(Context ctx) {
        Target named = ctx.attribute(AUDIT_TARGET);
        if (named != null) return named;
        Map<String, String> path = ctx.pathParamMap();
        if (path.containsKey("documentId")) return Target.document(path.get("documentId"));
        if (path.containsKey("batchId")) return Target.batch(path.get("batchId"));
        String q = ctx.queryParam("q");
        if (q != null) return Target.search(q);
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
        r.exception(DocumentNotFoundException.class, (e, ctx) -> answer(ctx, 404, "not-found", e.getMessage()));
        r.exception(PageNotFoundException.class, (e, ctx) -> answer(ctx, 404, "not-found", e.getMessage()));
        r.exception(ObjectNotFoundException.class, (e, ctx) -> answer(ctx, 404, "not-found",
                "That item is not available (it may not have been processed yet)."));
        r.exception(NotPermittedException.class, (e, ctx) -> answer(ctx, 403, "forbidden", e.getMessage()));
        r.exception(BadQueryException.class, (e, ctx) -> answer(ctx, 400, "bad-query", e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            String incident = org.chartvault.Ids.next("err");
            log.error("Request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
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
