package org.chartvault.capture;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Administrators add, rename and retire document types one at a time, over HTTP, as the Settings screen does. */
class DocumentTypesOverHttpTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static RunningChartVault.Client admin, indexer;

    @BeforeAll
    static void start() throws Exception {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        indexer = vault.user("indexer", "indexer");
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    private static JsonNode type(String loinc) {
        for (JsonNode t : admin.get("/api/document-types").json().get("documentTypes")) {
            if (t.get("loinc").asText().equals(loinc)) return t;
        }
        return null;
    }

    /** Asking for a separator sheet checks its type the way uploads and corrections do. */
    private static Response sheetFor(String documentType) {
        return indexer.get("/api/separator-sheets?documentType=" + java.net.URLEncoder.encode(documentType, StandardCharsets.UTF_8));
    }

    @Test
    void theStarterListHasAnOtherUnclassifiedType() {
        JsonNode other = type("34109-9");
        assertEquals("Other / Unclassified", other.get("display").asText());
        assertFalse(other.get("retired").asBoolean());
        assertEquals(200, sheetFor("other / unclassified").status());
    }

    @Test
    void anAddedTypeCanBeGivenToNewDocuments() {
        Response added = admin.post("/api/document-types", Map.of("display", "Wound care flowsheet", "loinc", "72134-0",
                "keywords", List.of("wound care flowsheet", "Wound Assessment")));
        assertEquals(201, added.status(), added.toString());
        assertEquals(List.of("WOUND CARE FLOWSHEET", "WOUND ASSESSMENT"),
                Json.list(type("72134-0").get("keywords")));
        assertEquals(200, sheetFor("wound care flowsheet").status());
        assertEquals(200, sheetFor("72134-0").status());

        Response again = admin.post("/api/document-types", Map.of("display", "Another flowsheet", "loinc", "72134-0"));
        assertEquals(409, again.status(), again.toString());
        Response sameName = admin.post("/api/document-types", Map.of("display", "WOUND CARE FLOWSHEET", "loinc", "72135-7"));
        assertEquals(409, sameName.status(), sameName.toString());
        Response badCode = admin.post("/api/document-types", Map.of("display", "Flowsheet", "loinc", "flowsheet"));
        assertEquals(400, badCode.status(), badCode.toString());
        assertTrue(badCode.json().get("message").asText().contains("not a LOINC code"), badCode.toString());
    }

    @Test
    void aRenamedTypeIsFiledUnderItsNewName() {
        assertEquals(201, admin.post("/api/document-types", Map.of("display", "Anesthesia record", "loinc", "34083-6",
                "name", "Anesthesiology note")).status());
        Response renamed = admin.patch("/api/document-types/34083-6", Map.of("display", "Anesthesia flowsheet"));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("Anesthesia flowsheet", type("34083-6").get("display").asText());
        assertEquals(200, sheetFor("Anesthesia flowsheet").status());
        assertEquals(400, sheetFor("Anesthesia record").status());
        assertEquals(200, sheetFor("Anesthesiology note").status()); // its LOINC name is unchanged

        Response clash = admin.patch("/api/document-types/34083-6", Map.of("display", "Discharge summary"));
        assertEquals(409, clash.status(), clash.toString());
        assertEquals(404, admin.patch("/api/document-types/99999-9", Map.of("display", "Nothing")).status());
    }

    @Test
    void aRetiredTypeStaysListedButCannotBeGivenToNewDocuments() {
        assertEquals(201, admin.post("/api/document-types", Map.of("display", "Fax cover sheet", "loinc", "64285-0")).status());
        Response retired = admin.post("/api/document-types/64285-0/retire", Map.of());
        assertEquals(200, retired.status(), retired.toString());
        assertTrue(type("64285-0").get("retired").asBoolean());

        Response refused = sheetFor("Fax cover sheet");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("retired-document-type", refused.json().get("error").asText());
        assertTrue(refused.json().get("message").asText().contains("is retired"), refused.toString());

        assertEquals(200, admin.post("/api/document-types/64285-0/restore", Map.of()).status());
        assertEquals(200, sheetFor("Fax cover sheet").status());
    }

    @Test
    void onlyAdministratorsChangeTheList() {
        assertEquals(403, indexer.post("/api/document-types", Map.of("display", "Sneaky", "loinc", "11111-1")).status());
        assertEquals(403, indexer.patch("/api/document-types/18842-5", Map.of("display", "Sneaky")).status());
        assertEquals(403, indexer.post("/api/document-types/18842-5/retire", Map.of()).status());
        assertEquals("Discharge summary", type("18842-5").get("display").asText());
    }

    @Test
    void theWholeListCanStillBeReplacedAsCsvAndKeepsRetiredTypes() {
        assertEquals(201, admin.post("/api/document-types", Map.of("display", "Old intake form", "loinc", "52033-8")).status());
        assertEquals(200, admin.post("/api/document-types/52033-8/retire", Map.of()).status());
        String csv = admin.get("/api/document-types?format=csv").text();
        assertTrue(csv.contains("Old intake form"), csv);
        Response put = admin.send("PUT", "/api/document-types", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, put.status(), put.toString());
        assertTrue(type("52033-8").get("retired").asBoolean());
    }

    @Test
    void twoAdministratorsAddingAtOnceKeepBothTypes() throws Exception {
        RunningChartVault.Client secondAdmin = vault.user("admin-two", "admin");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String first = (81000 + round) + "-1", second = (82000 + round) + "-2";
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<Response>> adds = new ArrayList<>();
                for (var who : List.of(Map.entry(admin, first), Map.entry(secondAdmin, second))) {
                    adds.add(CompletableFuture.supplyAsync(() -> {
                        await(together);
                        return who.getKey().post("/api/document-types",
                                Map.of("display", "Raced type " + who.getValue(), "loinc", who.getValue()));
                    }, pool));
                }
                for (var add : adds) assertEquals(201, add.get().status(), add.get().toString());
                assertEquals("Raced type " + first, type(first).get("display").asText(), "round " + round);
                assertEquals("Raced type " + second, type(second).get("display").asText(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Small JSON helper: a JSON array of strings as a list. */
    private static final class Json {
        static List<String> list(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }
    }
}
