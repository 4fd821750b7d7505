package org.chartvault.http;

import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks the live route table and checks every route against the intended role matrix, over HTTP, for a caller
 * without login and for one user of each role. A route added without a row here fails the build; so does a
 * route whose behaviour differs from its row.
 */
class RouteAccessMatrixTest {
    private static final String PUBLIC = "public";
    private static final String ANY = "any";
    private static final List<String> ROLES = List.of("scanner", "indexer", "roi", "legal", "admin");

    /** The intended matrix: who may use each route ("public": no login; "any": any logged-in user). */
    private static final Map<String, Set<String>> INTENDED = new LinkedHashMap<>();

    static {
        allow("GET /api/health", PUBLIC);
        allow("GET /api/openapi.json", PUBLIC);
        allow("POST /api/session", PUBLIC);
        allow("GET /api/session", ANY);
        allow("DELETE /api/session", ANY);
        allow("POST /api/me/password", ANY);
        allow("POST /api/tokens", ANY);
        allow("GET /api/tokens", ANY);
        allow("DELETE /api/tokens/{tokenId}", ANY);
        allow("POST /api/users", "admin");
        allow("GET /api/users", "admin");
        allow("GET /api/users/{username}", "admin");
        allow("PATCH /api/users/{username}", "admin");
        allow("POST /api/batches", "scanner", "admin");
        allow("GET /api/batches", "scanner", "admin");
        allow("GET /api/batches/{batchId}", "scanner", "admin");
        allow("PATCH /api/batches/{batchId}", "scanner", "admin");
        allow("GET /api/batches/{batchId}/events", "scanner", "admin");
        allow("GET /api/review", "indexer", "admin");
        allow("GET /api/separator-sheets", "scanner", "indexer", "admin");
        allow("GET /api/document-types", ANY);
        allow("PUT /api/document-types", "admin");
        allow("POST /api/document-types", "admin");
        allow("PUT /api/document-types/{loinc}", "admin");
        allow("PATCH /api/document-types/{loinc}", "admin");
        allow("POST /api/document-types/{loinc}/retire", "admin");
        allow("POST /api/document-types/{loinc}/restore", "admin");
        allow("GET /api/patients", "indexer", "roi", "legal", "admin");
        allow("GET /api/patients/{mrn}", "indexer", "roi", "legal", "admin");
        allow("GET /api/patients/{mrn}/documents", "indexer", "roi", "legal", "admin");
        allow("GET /api/patients/{mrn}/access-report", "legal", "admin");
        allow("GET /api/patients/{mrn}/access-report.pdf", "legal", "admin");
        allow("GET /api/saved-searches", "indexer", "roi", "legal", "admin");
        allow("POST /api/saved-searches", "indexer", "roi", "legal", "admin");
        allow("DELETE /api/saved-searches/{savedSearchId}", "indexer", "roi", "legal", "admin");
        allow("GET /api/audit/actions", "admin");
        allow("GET /api/documents/{documentId}/print", "roi", "legal", "admin");
        allow("POST /api/documents/{documentId}/review", "indexer", "admin");
        allow("GET /api/mrn-check", "scanner", "indexer", "roi", "legal", "admin");
        allow("POST /api/patients/import", "admin");
        allow("POST /api/hl7/adt", "admin");
        allow("GET /api/documents", "indexer", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}", "scanner", "indexer", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}/history", "indexer", "legal", "admin");
        allow("GET /api/documents/{documentId}/original", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}/pdf", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}/pages/{page}/image", "scanner", "indexer", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}/pages/{page}/thumbnail", "scanner", "indexer", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}/pages/{page}/text", "scanner", "indexer", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}/pages/{page}/words", "scanner", "indexer", "roi", "legal", "admin");
        allow("GET /api/documents/{documentId}/pages/{page}/hits", "indexer", "roi", "legal", "admin");
        allow("PATCH /api/documents/{documentId}", "indexer", "admin");
        allow("POST /api/documents/{documentId}/confirm", "indexer", "admin");
        allow("DELETE /api/documents/{documentId}", "admin");
        allow("GET /api/search", "indexer", "roi", "legal", "admin");
        allow("GET /api/watched-folders", "admin");
        allow("GET /api/watched-folders/{folderId}", "admin");
        allow("PUT /api/watched-folders/{folderId}", "admin");
        allow("DELETE /api/watched-folders/{folderId}", "admin");
        allow("GET /api/audit", "admin");
        allow("GET /api/audit/verify", "admin");
        allow("GET /api/audit/export.csv", "admin");
        allow("GET /api/audit/checkpoints", "admin");
        allow("POST /api/audit/checkpoints", "admin");

        allow("POST /api/amendments", "roi", "admin");
        allow("GET /api/amendments", "roi", "admin");
        allow("GET /api/amendments/{amendmentId}", "roi", "admin");
        allow("POST /api/amendments/{amendmentId}/extension", "roi", "admin");
        allow("POST /api/amendments/{amendmentId}/decision", "roi", "admin");
        allow("POST /api/amendments/{amendmentId}/disagreement", "roi", "admin");
        allow("POST /api/amendments/{amendmentId}/rebuttal", "roi", "admin");
        allow("POST /api/amendments/{amendmentId}/include-with-disclosures", "roi", "admin");
        allow("GET /api/documents/{documentId}/amendments", "scanner", "indexer", "roi", "legal", "admin");
        allow("POST /api/releases", "roi", "admin");
        allow("GET /api/releases", "roi", "admin");
        allow("GET /api/releases/{releaseId}", "roi", "admin");
        allow("PATCH /api/releases/{releaseId}", "roi", "admin");
        allow("POST /api/releases/{releaseId}/authorization", "roi", "admin");
        allow("GET /api/releases/{releaseId}/authorization", "roi", "admin");
        allow("POST /api/releases/{releaseId}/authorization/revocation", "roi", "admin");
        allow("GET /api/releases/{releaseId}/packet", "roi", "admin");
        allow("POST /api/releases/{releaseId}/packet", "roi", "admin");
        allow("GET /api/releases/{releaseId}/patient-check", "roi", "admin");
        allow("POST /api/releases/{releaseId}/patient-check/decisions", "roi", "admin");
        allow("POST /api/releases/{releaseId}/redaction-proposals", "roi", "admin");
        allow("POST /api/releases/{releaseId}/redaction-proposals/accept", "roi", "admin");
        allow("POST /api/releases/{releaseId}/extension", "roi", "admin");
        allow("POST /api/releases/{releaseId}/fee", "roi", "admin");
        allow("POST /api/releases/{releaseId}/fee/waiver", "roi", "admin");
        allow("POST /api/releases/{releaseId}/payments", "roi", "admin");
        allow("GET /api/releases/{releaseId}/letters", "roi", "admin");
        allow("POST /api/releases/{releaseId}/letters", "roi", "admin");
        allow("GET /api/releases/{releaseId}/letters/{letterId}", "roi", "admin");
        allow("GET /api/letter-templates", "roi", "admin");
        allow("PUT /api/letter-templates", "admin");
        allow("PUT /api/letter-templates/{kind}", "admin");
        allow("GET /api/patients/{mrn}/disclosures", "roi", "admin");
        allow("GET /api/patients/{mrn}/disclosures.pdf", "roi", "admin");
        allow("POST /api/patients/{mrn}/disclosures", "roi", "admin");
        allow("GET /api/patients/{mrn}/accounting", "roi", "admin");
        allow("GET /api/patients/{mrn}/accounting.pdf", "roi", "admin");
        allow("GET /api/patients/{mrn}/accountings", "roi", "admin");
        allow("POST /api/patients/{mrn}/accountings", "roi", "admin");
        allow("GET /api/patients/{mrn}/accountings/{accountingId}/pdf", "roi", "admin");
        allow("GET /api/patients/{mrn}/accounting-suspensions", "roi", "admin");
        allow("POST /api/patients/{mrn}/accounting-suspensions", "roi", "admin");
        allow("GET /api/sensitive-categories", "roi", "admin");
        allow("PUT /api/sensitive-categories/{category}", "admin");
        allow("DELETE /api/sensitive-categories/{category}", "admin");
        allow("GET /api/release-settings", "roi", "admin");
        allow("PUT /api/release-settings", "admin");

        allow("POST /api/documents/{documentId}/pages/{page}/rotate", "scanner", "indexer", "admin");
        allow("POST /api/documents/{documentId}/pages/reorder", "scanner", "indexer", "admin");
        allow("POST /api/documents/{documentId}/split", "scanner", "indexer", "admin");
        allow("POST /api/documents/{documentId}/merge", "scanner", "indexer", "admin");
        // the uploaded scans documents were cut from: capture roles only (release and legal get documents' own originals)
        allow("GET /api/sources/{sha256}", "scanner", "indexer", "admin");
        allow("GET /api/sources/{sha256}/file", "scanner", "indexer", "admin");

        allow("GET /fhir/metadata", PUBLIC);
        allow("GET /fhir/Patient", "indexer", "roi", "legal", "admin");
        allow("GET /fhir/Patient/{patientId}", "indexer", "roi", "legal", "admin");
        allow("GET /fhir/DocumentReference", "indexer", "roi", "legal", "admin");
        allow("GET /fhir/DocumentReference/{documentReferenceId}", "indexer", "roi", "legal", "admin");
        allow("GET /fhir/Binary/{binaryId}", "roi", "legal", "admin");
        allow("GET /fhir/List/{listId}", "indexer", "roi", "legal", "admin");
        allow("POST /fhir", "scanner", "admin");

        allow("POST /api/holds", "legal", "admin");
        allow("POST /api/holds/preview", "legal", "admin");
        allow("GET /api/holds", "legal", "admin");
        allow("GET /api/holds/{holdId}", "legal", "admin");
        allow("POST /api/holds/{holdId}/release", "legal", "admin");
        allow("POST /api/holds/{holdId}/exports", "legal", "admin");
        allow("GET /api/holds/{holdId}/exports", "legal", "admin");
        allow("GET /api/exports/{exportId}", "legal", "admin");
        allow("GET /api/exports/{exportId}/download", "legal", "admin");
        allow("GET /api/exports/{exportId}/custody-report", "legal", "admin");
        allow("GET /api/retention/rules", "legal", "admin");
        allow("PUT /api/retention/rules", "admin");
        allow("POST /api/retention/runs", "legal", "admin");
        allow("GET /api/retention/runs", "legal", "admin");
        allow("GET /api/retention/runs/{runId}", "legal", "admin");
        allow("POST /api/retention/runs/{runId}/approval", "legal", "admin");
        allow("GET /api/retention/runs/{runId}/certificate", "legal", "admin");
        allow("GET /api/retention/runs/{runId}/certificate.json", "legal", "admin");
    }

    private static void allow(String route, String... who) {
        INTENDED.put(route, Set.of(who));
    }

    @TempDir
    static Path data;
    static RunningChartVault server;
    static Map<String, Client> clients = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = RunningChartVault.start(data);
        clients.put("nobody", server.anonymous());
        for (String role : ROLES) clients.put(role, role.equals("admin") ? server.admin() : server.user("matrix-" + role, role));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyLiveRouteHasAnIntendedRule() {
        Set<String> live = new TreeSet<>();
        for (HttpApi.Route route : apiRoutes()) live.add(route.method() + " " + route.path());
        Set<String> missing = new TreeSet<>(live);
        missing.removeAll(INTENDED.keySet());
        assertEquals(Set.of(), missing, "routes without a row in the intended matrix");
        Set<String> gone = new TreeSet<>(INTENDED.keySet());
        gone.removeAll(live);
        assertEquals(Set.of(), gone, "rows of the matrix whose route no longer exists");
        for (HttpApi.Route route : apiRoutes()) {
            assertTrue(route.access() != null, route + " declares no access rule");
        }
    }

    @Test
    void everyRouteAnswersEachRoleAsTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        for (HttpApi.Route route : apiRoutes()) {
            Set<String> allowed = INTENDED.get(route.method() + " " + route.path());
            if (allowed == null) continue; // reported by the other test
            String path = route.path().replace("{documentId}", "doc_00000000000000000000000000")
                    .replace("{batchId}", "bat_00000000000000000000000000")
                    .replace("{tokenId}", "tok_00000000000000000000000000")
                    .replace("{releaseId}", "rel_00000000000000000000000000")
                    .replace("{amendmentId}", "amd_00000000000000000000000000")
                    .replace("{accountingId}", "acc_00000000000000000000000000")
                    .replace("{holdId}", "hold_00000000000000000000000000")
                    .replace("{exportId}", "exp_00000000000000000000000000")
                    .replace("{runId}", "run_00000000000000000000000000")
                    .replace("{patientId}", "00000000").replace("{documentReferenceId}", "doc-00000000000000000000000000")
                    .replace("{binaryId}", "doc-00000000000000000000000000").replace("{listId}", "no-such-list")
                    .replace("{mrn}", "00000000").replace("{category}", "no-such-category")
                    .replace("{username}", "nobody-here").replace("{folderId}", "no-such-folder").replace("{savedSearchId}", "srch_00000000000000000000000000").replace("{page}", "1").replace("{sha256}", "0".repeat(64))
                    .replace("{loinc}", "99999-9").replace("{letterId}", "let_00000000000000000000000000")
                    .replace("{kind}", "denial");
            for (Map.Entry<String, Client> caller : clients.entrySet()) {
                String who = caller.getKey();
                int status = call(caller.getValue(), route.method(), path).status();
                boolean expectAllowed = allowed.contains(PUBLIC) || (!who.equals("nobody") && (allowed.contains(ANY) || allowed.contains(who)));
                int expectedRefusal = who.equals("nobody") ? 401 : 403;
                boolean refused = status == 401 || status == 403;
                if (expectAllowed == refused || (!expectAllowed && status != expectedRefusal)) {
                    wrong.add(route.method() + " " + route.path() + " as " + who + ": " + status
                            + (expectAllowed ? " (should be allowed)" : " (should be " + expectedRefusal + ")"));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyRouteIsPublishedInTheOpenApiDocumentAndNothingElse() {
        Response spec = server.anonymous().get("/api/openapi.json");
        assertEquals(200, spec.status());
        assertEquals("3.1.0", spec.json().get("openapi").asText());
        Set<String> documented = new TreeSet<>();
        spec.json().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        Set<String> live = new TreeSet<>();
        for (HttpApi.Route route : apiRoutes()) if (route.path().startsWith("/api/")) live.add(route.method() + " " + route.path());
        assertEquals(live, documented);
    }

    @Test
    void refusalsAreAuditedAsPermissionDenied() {
        clients.get("scanner").get("/api/audit");
        Response audit = clients.get("admin").get("/api/audit?action=permission-denied&user=matrix-scanner");
        assertEquals(200, audit.status(), audit.toString());
        assertTrue(audit.json().get("entries").size() >= 1, audit.toString());
    }

    private static List<HttpApi.Route> apiRoutes() {
        return server.app().http().routeTable().stream()
                .filter(r -> r.path().startsWith("/api/") || r.path().startsWith("/fhir")).toList();
    }

    private static Response call(Client client, String method, String path) {
        return switch (method) {
            case "GET" -> client.get(path);
            case "DELETE" -> client.delete(path);
            case "POST" -> client.post(path, Map.of());
            case "PATCH" -> client.patch(path, Map.of());
            case "PUT" -> client.send("PUT", path, "application/json", "{}".getBytes());
            default -> throw new IllegalStateException("unexpected method " + method);
        };
    }
}
