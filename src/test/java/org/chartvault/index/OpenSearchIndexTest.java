package org.chartvault.index;

import org.chartvault.document.Document;
import org.chartvault.document.Indexing;
import org.chartvault.index.ChartFixture.Chart;
import org.chartvault.testing.OpenSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.chartvault.index.ChartFixture.CARDIOLOGY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What OpenSearch adds to the embedded index's promises, on a real node ({@link OpenSearch}): versions decide
 * between writers of one document, a rebuild goes into a new index while searches keep answering, and whole
 * result sets are walked through a point in time. Each test has an alias of its own.
 */
@Tag("long")
class OpenSearchIndexTest {
    private String url;
    private String name;
    private OpenSearchIndex index;

    @BeforeEach
    void open() throws Exception {
        url = OpenSearch.url();
        name = "test-" + UUID.randomUUID();
        index = new OpenSearchIndex(url, name, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        if (index != null) index.close();
    }

    private static Document version(Document document, long version, String mrn) {
        Indexing indexing = document.indexing().overriddenBy(new Indexing(mrn, null, null, null, null, null));
        return new Document(document.documentId(), document.sha256(), document.fileName(), document.contentType(),
                document.bytes(), document.batchId(), document.uploadedBy(), document.uploadedAt(), indexing,
                document.status(), document.pagesTotal(), document.pages(), document.holds(), document.reviewReasons(),
                document.error(), version, document.updatedAt());
    }

    @Test
    void aNewIndexAsksToBeFilledFromStorageAndAnOpenedOneDoesNot() throws Exception {
        assertTrue(index.needsRebuild(), "a new index next to an archive must be rebuilt from storage");
        index.clear();
        assertFalse(index.needsRebuild());
        try (OpenSearchIndex second = new OpenSearchIndex(url, name, Clock.systemUTC())) {
            assertFalse(second.needsRebuild(), "a second node opening the same index finds it current");
        }
    }

    @Test
    void nodesStartingTogetherOnAnEmptyClusterShareOneIndex() throws Exception {
        String fresh = "together-" + UUID.randomUUID();
        int nodes = 4;
        ExecutorService starting = Executors.newFixedThreadPool(nodes);
        List<OpenSearchIndex> opened = new ArrayList<>();
        try {
            CyclicBarrier start = new CyclicBarrier(nodes);
            List<Future<OpenSearchIndex>> futures = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                futures.add(starting.submit(() -> {
                    start.await();
                    return new OpenSearchIndex(url, fresh, Clock.systemUTC());
                }));
            }
            for (Future<OpenSearchIndex> f : futures) opened.add(f.get());
            assertEquals(1, opened.getFirst().indexesBehindAlias().size(), "one index behind the alias");
            opened.get(1).index(CARDIOLOGY.document(), CARDIOLOGY.pages());
            opened.get(2).refresh();
            assertEquals(1, opened.get(3).search(SearchQuery.of("metoprolol")).total(), "what one node wrote, all find");
        } finally {
            starting.shutdownNow();
            for (OpenSearchIndex o : opened) o.close();
        }
    }

    @Test
    void aLateWriteOfAnOlderVersionNeverReplacesTheNewer() throws Exception {
        index.index(version(CARDIOLOGY.document(), 7, "700007"), CARDIOLOGY.pages());
        index.index(version(CARDIOLOGY.document(), 6, "600006"), CARDIOLOGY.pages());
        index.updateMetadata(version(CARDIOLOGY.document(), 5, "500005"), CARDIOLOGY.pages());
        index.refresh();
        assertEquals(2, index.search(SearchQuery.of("mrn:700007")).total());
        assertEquals(0, index.search(SearchQuery.of("mrn:600006 OR mrn:500005")).total());
    }

    @Test
    void racingWritersOfTwoVersionsLeaveTheNewerWhicheverArrivesLast() throws Exception {
        int rounds = 10;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                Chart chart = ChartFixture.chart("race-" + round, "race.pdf", CARDIOLOGY.document().indexing(),
                        List.of(), "Chest pain at rest.", "Troponin negative.");
                Document older = version(chart.document(), 1, "111111");
                Document newer = version(chart.document(), 2, "222222");
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> a = writers.submit(() -> {
                    start.await();
                    index.index(older, chart.pages());
                    return null;
                });
                Future<?> b = writers.submit(() -> {
                    start.await();
                    index.index(newer, chart.pages());
                    return null;
                });
                a.get();
                b.get();
            }
        } finally {
            writers.shutdownNow();
        }
        index.refresh();
        assertEquals(rounds * 2L, index.search(SearchQuery.of("mrn:222222")).total());
        assertEquals(0, index.search(SearchQuery.of("mrn:111111")).total());
    }

    @Test
    void aNewerVersionWithFewerPagesDropsTheOldPages() throws Exception {
        index.index(version(CARDIOLOGY.document(), 1, "100001"), CARDIOLOGY.pages());
        index.index(version(CARDIOLOGY.document(), 2, "100001"), List.of(CARDIOLOGY.page(1)));
        index.refresh();
        assertEquals(0, index.search(SearchQuery.of("metoprolol")).total());
        assertEquals(1, index.search(SearchQuery.of("mrn:100001")).total());
    }

    @Test
    void deleteRemovesPagesWrittenAMomentAgoToo() throws Exception {
        ChartFixture.indexAll(index);
        index.index(version(CARDIOLOGY.document(), 2, "100001"), CARDIOLOGY.pages());
        index.delete("doc-cardiology");
        index.refresh();
        assertEquals(0, index.search(SearchQuery.of("doc:doc-cardiology")).total());
        assertEquals(5, index.documentCount());
    }

    @Test
    void aRebuildGoesIntoANewIndexWhileSearchesKeepAnsweringFromTheOld() throws Exception {
        ChartFixture.indexAll(index);
        String before = index.currentIndex();
        index.beginRebuild();
        index.index(CARDIOLOGY.document(), CARDIOLOGY.pages());
        index.refresh();
        assertEquals(6, index.documentCount(), "searches still read the old index during the rebuild");
        assertEquals(1, index.search(SearchQuery.of("prednisone")).total());
        index.finishRebuild();
        assertNotEquals(before, index.currentIndex());
        assertEquals(1, index.documentCount(), "the alias moved to the rebuilt index");
        assertEquals(0, index.search(SearchQuery.of("prednisone")).total());
        assertEquals(1, index.search(SearchQuery.of("metoprolol")).total());
    }

    @Test
    void matchingDocumentsAndTheCountWalkEveryMatchBeyondOneRound() throws Exception {
        int documents = 700; // 1,400 pages: more than one round of the point-in-time walk
        Set<String> expected = new HashSet<>();
        index.beginRebuild(); // no refresh wait per document, as when a whole archive is rebuilt
        List<Chart> charts = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            charts.add(ChartFixture.chart("consent-" + i, "consent.pdf",
                    new Indexing(i % 2 == 0 ? "300000" : "300001", "Pat " + i, null, "Consent", LocalDate.of(2020, 1, 1), null),
                    List.of(), "Consent for treatment signed by patient.", "Witness signature on consent."));
            if (i % 2 == 0) expected.add("consent-" + i);
        }
        for (Chart chart : charts) index.index(chart.document(), chart.pages());
        index.finishRebuild();
        index.refresh();
        assertEquals(documents * 2L, index.search(SearchQuery.of("consent")).total(), "exact totals past 1,000");
        assertEquals(expected, index.matchingDocuments(new SearchQuery("consent", "300000", null, null, null, 0, 1)));
        assertEquals(documents, index.matchingDocuments(SearchQuery.of("signature")).size());
        assertEquals(documents, index.documentCount());
    }

    @Test
    void hitsCarryTheDocumentFieldsAsTypedAndASnippet() throws Exception {
        ChartFixture.indexAll(index);
        SearchHit hit = index.search(SearchQuery.of("metoprolol")).hits().getFirst();
        assertEquals("doc-cardiology", hit.documentId());
        assertEquals(2, hit.page());
        assertEquals("Maria Lopez", hit.patientName());
        assertEquals("Discharge Summary", hit.documentType());
        assertEquals("lopez_discharge.pdf", hit.fileName());
        assertEquals(LocalDate.of(2024, 3, 15), hit.serviceDate());
        assertTrue(hit.snippet().contains("metoprolol"), hit.snippet());
        assertEquals(1, hit.highlights().size());
    }
}
