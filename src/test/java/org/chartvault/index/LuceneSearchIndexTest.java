package org.chartvault.index;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.chartvault.document.Document;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;
import org.chartvault.index.ChartFixture.Chart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.chartvault.index.ChartFixture.CARDIOLOGY;
import static org.chartvault.index.ChartFixture.LAB;
import static org.chartvault.index.ChartFixture.OCR_DAMAGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuceneSearchIndexTest {

    @TempDir
    Path indexDir;
    LuceneSearchIndex index;

    @BeforeEach
    void open() throws IOException {
        index = new LuceneSearchIndex(indexDir);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    // ---------------------------------------------------------------- ranking and paging

    @Test
    void exactWordRanksAboveItsOcrDamagedSpelling() throws Exception {
        ChartFixture.indexAll(index);
        assertEquals(List.of("doc-cardiology/1", "doc-ocr/1"), pageKeys(index.search(SearchQuery.of("hypertension"))));
        assertEquals(List.of("doc-ocr/1", "doc-cardiology/1"), pageKeys(index.search(SearchQuery.of("hypertensiom"))));
    }

    @Test
    void pagingReturnsTheRequestedSliceAndTheTotalOfAllMatches() throws Exception {
        ChartFixture.indexAll(index);
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < 30; offset += 10) {
            SearchResult page = index.search(new SearchQuery("\"vital signs\"", null, null, null, null, offset, 10));
            assertEquals(25, page.total());
            assertEquals(Math.min(10, 25 - offset), page.hits().size(), "hits at offset " + offset);
            for (SearchHit hit : page.hits()) assertTrue(seen.add(hit.documentId() + "/" + hit.page()), "no page twice");
        }
        assertEquals(25, seen.size());
        SearchResult beyond = index.search(new SearchQuery("\"vital signs\"", null, null, null, null, 40, 10));
        assertEquals(25, beyond.total());
        assertTrue(beyond.hits().isEmpty());
    }

    @Test
    void pagingPastTheResultWindowIsRefused() {
        BadQueryException e = assertThrows(BadQueryException.class,
                () -> index.search(new SearchQuery("aspirin", null, null, null, null, 9_950, 100)));
        assertTrue(e.getMessage().contains("10000"), e.getMessage());
    }

    @Test
    void withoutWordsPagesComeNewestServiceDateFirstInPageOrder() throws Exception {
        ChartFixture.indexAll(index);
        SearchResult all = index.search(new SearchQuery("", null, null, null, null, 0, 7));
        assertEquals(31, all.total());
        assertEquals(List.of("doc-lab/1", "doc-ocr/1", "doc-cardiology/1", "doc-cardiology/2", "doc-pulmonary/1",
                "doc-radiology/1", "doc-nursing/1"), pageKeys(all));
    }

    /**
     * Pages that match equally well (every page a search on a field finds, all scored alike) come by document, then page, not in
     * the order they were written: a reindex, which writes in its own order on several threads, or the OpenSearch
     * index of the same archive, answers in the same order.
     */
    @Test
    void pagesThatMatchEquallyWellComeInTheSameOrderWhateverOrderTheyWereWritten(@TempDir Path reversed) throws Exception {
        ChartFixture.indexAll(index);
        index.refresh();
        try (LuceneSearchIndex other = new LuceneSearchIndex(reversed)) {
            for (ChartFixture.Chart chart : ChartFixture.ALL.reversed()) {
                other.index(chart.document(), chart.pages().reversed());
            }
            other.refresh();
            for (String q : List.of("type:\"discharge summary\" OR type:\"lab report\"", "status:indexed", "mrn:100001")) {
                SearchQuery query = new SearchQuery(q, null, null, null, null, 0, 20);
                List<String> inWrittenOrder = pageKeys(index.search(query));
                assertTrue(inWrittenOrder.size() > 1, q + " finds several pages: " + inWrittenOrder);
                assertEquals(inWrittenOrder, pageKeys(other.search(query)), q);
            }
        }
    }

    @Test
    void hitsCarryTheDocumentFieldsForTheHitList() throws Exception {
        ChartFixture.indexAll(index);
        SearchHit hit = index.search(SearchQuery.of("metoprolol")).hits().getFirst();
        assertEquals("doc-cardiology", hit.documentId());
        assertEquals(2, hit.page());
        assertEquals("100001", hit.mrn());
        assertEquals("Maria Lopez", hit.patientName());
        assertEquals("Discharge Summary", hit.documentType());
        assertEquals(LocalDate.of(2024, 3, 15), hit.serviceDate());
        assertEquals("lopez_discharge.pdf", hit.fileName());
        assertTrue(hit.score() > 0);
    }

    // ---------------------------------------------------------------- malformed queries

    @ParameterizedTest
    @ValueSource(strings = {
            "\"chest pain",
            "(chest pain",
            "chest pain)",
            "*ache",
            "?ache",
            "a*",
            "mrn:",
            "AND",
            "chest AND",
            "chest^",
            "pain\\",
            "date:[2024-01-01 TO ]",
            "date:2024-13-45",
            "date:yesterday",
            "date:[2024-12-31 TO 2024-01-01]",
            "page:first",
            "[a TO b]",
            "date:2024*",
            "...",
    })
    void malformedQueriesAreRefusedWithAMessageForPeople(String q) {
        BadQueryException e = assertThrows(BadQueryException.class, () -> index.search(SearchQuery.of(q)));
        assertReadable(e);
        assertThrows(BadQueryException.class, () -> index.matchingDocuments(SearchQuery.of(q)));
        assertThrows(BadQueryException.class, () -> index.hitBoxes(q, CARDIOLOGY.page(1)));
    }

    @Test
    void absurdlyLongQueriesAreRefused() {
        assertReadable(assertThrows(BadQueryException.class, () -> index.search(SearchQuery.of("pain ".repeat(300)))));
        String manyWords = String.join(" ", Collections.nCopies(UserQueryParser.MAX_WORDS + 1, "pain"));
        BadQueryException e = assertThrows(BadQueryException.class, () -> index.search(SearchQuery.of(manyWords)));
        assertTrue(e.getMessage().contains("41 words"), e.getMessage());
    }

    @Test
    void unbalancedQuotesAreExplainedInWords() {
        BadQueryException e = assertThrows(BadQueryException.class, () -> index.search(SearchQuery.of("\"chest pain")));
        assertTrue(e.getMessage().contains("quote"), e.getMessage());
    }

    private static void assertReadable(BadQueryException e) {
        String message = e.getMessage();
        assertFalse(message.isBlank());
        for (String internal : List.of("Cannot parse", "Exception", "org.apache", "Encountered", "<EOF>")) {
            assertFalse(message.contains(internal), "message shows internals: " + message);
        }
    }

    // ---------------------------------------------------------------- index lifecycle

    @Test
    void indexingTheSameDocumentTwiceLeavesOneCopy() throws Exception {
        index.index(CARDIOLOGY.document(), CARDIOLOGY.pages());
        index.index(CARDIOLOGY.document(), CARDIOLOGY.pages());
        index.refresh();
        assertEquals(1, index.search(SearchQuery.of("metoprolol")).total());
        assertEquals(2, index.search(SearchQuery.of("mrn:100001")).total());
        assertEquals(1, index.documentCount());
    }

    @Test
    void reindexingWithFewerPagesDropsTheOldOnes() throws Exception {
        index.index(CARDIOLOGY.document(), CARDIOLOGY.pages());
        index.index(CARDIOLOGY.document(), List.of(CARDIOLOGY.page(1)));
        index.refresh();
        assertEquals(0, index.search(SearchQuery.of("metoprolol")).total());
        assertEquals(1, index.search(SearchQuery.of("mrn:100001")).total());
    }

    @Test
    void blankPagesAreLeftOutOfSearch() throws Exception {
        index.index(CARDIOLOGY.document(), CARDIOLOGY.pages());
        index.refresh();
        assertTrue(CARDIOLOGY.page(3).blank());
        assertEquals(0, index.search(SearchQuery.of("mrn:100001 AND page:3")).total());
        assertEquals(2, index.search(SearchQuery.of("mrn:100001")).total());
    }

    @Test
    void deleteRemovesEveryPageOfTheDocumentAndNothingElse() throws Exception {
        ChartFixture.indexAll(index);
        index.delete("doc-cardiology");
        index.refresh();
        assertEquals(0, index.search(SearchQuery.of("doc:doc-cardiology")).total());
        assertEquals(List.of("doc-lab/1"), pageKeys(index.search(SearchQuery.of("mrn:100001"))));
        assertEquals(5, index.documentCount());
    }

    @Test
    void updatedMetadataIsWhatSearchFindsAfterwards() throws Exception {
        ChartFixture.indexAll(index);
        Document corrected = LAB.document().withIndexing(LAB.document().indexing().overriddenBy(
                new Indexing("200009", "Maria Lopez-Diaz", null, "Pathology Report", LocalDate.of(2025, 1, 2), null)));
        index.updateMetadata(corrected, LAB.pages());
        index.refresh();
        assertEquals(0, index.search(SearchQuery.of("mrn:100001 AND hemoglobin")).total());
        SearchHit hit = index.search(SearchQuery.of("mrn:200009 AND type:\"pathology report\" AND date:2025")).hits().getFirst();
        assertEquals("doc-lab", hit.documentId());
        assertEquals("Maria Lopez-Diaz", hit.patientName());
        assertEquals("Pathology Report", hit.documentType());
        assertEquals(1, index.search(SearchQuery.of("hemoglobin")).total(), "page text unchanged, one copy");
        assertEquals(6, index.documentCount());
    }

    @Test
    void documentCountCountsDocumentsNotPagesEvenAcrossSegments() throws Exception {
        ChartFixture.indexAll(index);
        assertEquals(6, index.documentCount());
        // one page re-written lands in a new segment; its document must still count once
        index.updateMetadata(CARDIOLOGY.document(), List.of(CARDIOLOGY.page(2)));
        index.refresh();
        assertEquals(6, index.documentCount());
    }

    @Test
    void clearEmptiesTheIndex() throws Exception {
        ChartFixture.indexAll(index);
        index.clear();
        assertEquals(0, index.documentCount());
        assertEquals(0, index.search(SearchQuery.of("")).total());
    }

    @Test
    void matchingDocumentsReturnsEveryDocumentBeyondAnyPageLimit() throws Exception {
        int documents = SearchQuery.MAX_LIMIT * 3 / 2;
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < documents; i++) {
            Chart chart = ChartFixture.chart("consent-" + i, "consent.pdf",
                    new Indexing(i % 2 == 0 ? "300000" : "300001", "Pat " + i, null, "Consent", LocalDate.of(2020, 1, 1), null),
                    List.of(), "Consent for treatment signed by patient.", "Witness signature on consent.");
            index.index(chart.document(), chart.pages());
            if (i % 2 == 0) expected.add("consent-" + i);
        }
        index.refresh();
        assertEquals(documents * 2L, index.search(SearchQuery.of("consent")).total());
        SearchQuery evenMrn = new SearchQuery("consent", "300000", null, null, null, 0, 1);
        assertEquals(expected, index.matchingDocuments(evenMrn));
        assertEquals(documents, index.matchingDocuments(SearchQuery.of("signature")).size());
    }

    @Test
    void aSecondIndexOnTheSameDirectoryIsRefusedWithAClearMessage() {
        IOException e = assertThrows(IOException.class, () -> new LuceneSearchIndex(indexDir).close());
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    // ---------------------------------------------------------------- snippets and hit boxes

    @Test
    void highlightsMarkTheWordsThatMatched() throws Exception {
        ChartFixture.indexAll(index);
        assertHighlighted("aspirin", "doc-cardiology/2", "aspirin");
        assertHighlighted("\"heart attack\"", "doc-lab/1", "mi");
        assertHighlighted("\"heart attack\"", "doc-cardiology/1", "myocardial infarction");
        assertHighlighted("hypertensiom", "doc-cardiology/1", "hypertension");
        assertHighlighted("internal", "doc-ocr/1", "intemal");
        assertHighlighted("hx", "doc-pulmonary/1", "hx");
    }

    private void assertHighlighted(String q, String pageKey, String expectedWords) throws Exception {
        SearchHit hit = index.search(SearchQuery.of(q)).hits().stream()
                .filter(h -> (h.documentId() + "/" + h.page()).equals(pageKey)).findFirst().orElseThrow();
        assertFalse(hit.highlights().isEmpty(), q + " highlights nothing in " + hit.snippet());
        String marked = hit.highlights().stream()
                .map(h -> hit.snippet().substring(h.start(), h.end()))
                .collect(Collectors.joining(" ")).toLowerCase(Locale.ROOT);
        assertEquals(expectedWords, marked, "highlights of " + q + " in: " + hit.snippet());
    }

    @Test
    void snippetIsAShortPlainTextPassageAroundTheMatch() throws Exception {
        String filler = "Vital signs stable overnight and the patient slept well. ".repeat(30);
        String text = filler + "\nNew finding:\n  left leg <b>deep vein thrombosis</b> & swelling.\n" + filler;
        Chart chart = ChartFixture.chart("doc-long", "long.pdf", ChartFixture.PULMONARY.document().indexing(), List.of(), text);
        index.index(chart.document(), chart.pages());
        index.refresh();
        SearchHit hit = index.search(SearchQuery.of("thrombosis")).hits().getFirst();
        String snippet = hit.snippet();
        assertTrue(snippet.length() >= 150 && snippet.length() <= Snippets.MAX_LENGTH + 2, snippet.length() + ": " + snippet);
        assertTrue(snippet.startsWith(Snippets.ELLIPSIS) && snippet.endsWith(Snippets.ELLIPSIS), snippet);
        assertTrue(snippet.contains("left leg <b>deep vein thrombosis</b> & swelling."), "verbatim, not escaped: " + snippet);
        assertFalse(snippet.contains("\n") || snippet.contains("  "), "whitespace collapsed: " + snippet);
        assertEquals(1, hit.highlights().size());
        SearchHit.Highlight h = hit.highlights().getFirst();
        assertEquals("thrombosis", snippet.substring(h.start(), h.end()));
    }

    @Test
    void hitBoxesAreTheBoxesOfTheMatchingWordsIncludingSynonymsAndVariants() throws Exception {
        assertEquals(boxesOf(CARDIOLOGY.page(1), "myocardial", "infarction."),
                index.hitBoxes("\"heart attack\"", CARDIOLOGY.page(1)));
        assertEquals(boxesOf(CARDIOLOGY.page(1), "hypertension"), index.hitBoxes("hypertensiom", CARDIOLOGY.page(1)));
        assertEquals(boxesOf(OCR_DAMAGED.page(1), "hypertensiom,"), index.hitBoxes("HTN", OCR_DAMAGED.page(1)));
        assertEquals(boxesOf(OCR_DAMAGED.page(1), "Intemal"), index.hitBoxes("internal", OCR_DAMAGED.page(1)));
        assertEquals(boxesOf(CARDIOLOGY.page(2), "aspirin"),
                index.hitBoxes("mrn:100001 AND aspirin NOT warfarin", CARDIOLOGY.page(2)));
        assertEquals(boxesOf(CARDIOLOGY.page(1), "Blood", "pressure"), index.hitBoxes("\"blood pressure\"", CARDIOLOGY.page(1)));
        assertEquals(List.of(), index.hitBoxes("NOT aspirin", CARDIOLOGY.page(2)));
        assertEquals(List.of(), index.hitBoxes("mrn:100001", CARDIOLOGY.page(2)));
        assertEquals(List.of(), index.hitBoxes("warfarin", CARDIOLOGY.page(2)));
    }

    private static List<HitBox> boxesOf(PageContent page, String... words) {
        List<HitBox> boxes = new ArrayList<>();
        for (String w : words) {
            Word word = page.words().stream().filter(x -> x.text().equals(w)).findFirst().orElseThrow(() -> new AssertionError(w));
            boxes.add(new HitBox(word.x(), word.y(), word.width(), word.height(), word.text()));
        }
        return boxes;
    }

    // ---------------------------------------------------------------- visibility, durability, concurrency

    @Test
    void refreshMakesANewPageSearchableAtOnce() throws Exception {
        index.index(LAB.document(), LAB.pages());
        index.refresh();
        assertEquals(1, index.search(SearchQuery.of("hemoglobin")).total());
    }

    @Test
    void aNewPageBecomesSearchableWithoutRefreshWithinSeconds() throws Exception {
        index.index(LAB.document(), LAB.pages());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (index.search(SearchQuery.of("hemoglobin")).total() == 0) {
            assertTrue(System.nanoTime() < deadline, "not searchable 10 s after indexing");
            Thread.sleep(50);
        }
    }

    @Test
    void awaitDurableCommitsSoAReaderOfTheDiskSeesThePages() throws Exception {
        ChartFixture.indexAll(index);
        index.awaitDurable();
        // a plain DirectoryReader sees only what was committed to disk, never the writer's buffers
        try (FSDirectory dir = FSDirectory.open(indexDir); DirectoryReader onDisk = DirectoryReader.open(dir)) {
            assertEquals(31, onDisk.numDocs());
        }
    }

    @Test
    void awaitedPagesSurviveACrashAndUnawaitedOnesMayNot(@TempDir Path afterCrash) throws Exception {
        index.index(LAB.document(), LAB.pages());
        index.awaitDurable();
        index.index(CARDIOLOGY.document(), CARDIOLOGY.pages());
        index.refresh(); // searchable, but nobody waited for it to be durable
        assertEquals(1, index.search(SearchQuery.of("metoprolol")).total());

        // what a crash right now leaves behind: the files of the last commit, nothing the process still held
        try (FSDirectory live = FSDirectory.open(indexDir)) {
            for (String file : SegmentInfos.readLatestCommit(live).files(true)) {
                Files.copy(indexDir.resolve(file), afterCrash.resolve(file));
            }
        }
        try (LuceneSearchIndex recovered = new LuceneSearchIndex(afterCrash)) {
            assertEquals(1, recovered.search(SearchQuery.of("hemoglobin")).total());
            assertEquals(0, recovered.search(SearchQuery.of("metoprolol")).total());
        }
    }

    @Test
    void pagesSurviveCloseAndReopen() throws Exception {
        index.index(LAB.document(), LAB.pages());
        index.awaitDurable();
        index.index(CARDIOLOGY.document(), CARDIOLOGY.pages()); // not awaited: close() must commit it
        index.close();
        index = new LuceneSearchIndex(indexDir);
        assertEquals(1, index.search(SearchQuery.of("hemoglobin")).total());
        assertEquals(1, index.search(SearchQuery.of("metoprolol")).total());
        assertEquals(2, index.documentCount());
    }

    @Test
    void callersWaitingTogetherShareOneCommit() throws Exception {
        ChartFixture.indexAll(index);
        long before = index.commitsCompleted();
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            List<Future<?>> waits = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                waits.add(pool.submit(() -> {
                    start.await();
                    index.awaitDurable();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : waits) w.get(30, TimeUnit.SECONDS);
        }
        assertEquals(before + 1, index.commitsCompleted(), "eight callers, one fsync");
        index.awaitDurable();
        assertEquals(before + 1, index.commitsCompleted(), "nothing new to commit");
    }

    @Test
    void manyThreadsIndexWhileOthersSearch() throws Exception {
        int indexers = 4;
        int documentsEach = 30;
        AtomicBoolean indexing = new AtomicBoolean(true);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(indexers + 2)) {
            List<Future<?>> searchers = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                searchers.add(pool.submit(() -> {
                    while (indexing.get()) {
                        try {
                            index.search(SearchQuery.of("referral cardiology"));
                            index.search(new SearchQuery("", "400001", null, null, null, 0, 20));
                        } catch (Exception | AssertionError e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < indexers; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < documentsEach; i++) {
                        Chart chart = ChartFixture.chart("t" + thread + "-d" + i, "batch.pdf",
                                new Indexing("40000" + thread, "Patient " + thread, null, "Referral", LocalDate.of(2024, 1, 1 + i % 28), null),
                                List.of(), "Referral letter to cardiology number " + i, "Second page of referral");
                        index.index(chart.document(), chart.pages());
                        if (i % 10 == 0) index.awaitDurable();
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) w.get(120, TimeUnit.SECONDS);
            indexing.set(false);
            for (Future<?> s : searchers) s.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), failures);
        index.refresh();
        assertEquals(indexers * documentsEach, index.documentCount());
        assertEquals(indexers * documentsEach * 2L, index.search(SearchQuery.of("referral")).total());
        assertEquals(indexers * documentsEach, index.matchingDocuments(SearchQuery.of("cardiology")).size());
    }

    // ---------------------------------------------------------------- cost per search (issue 19)

    @Test
    void totalsStayExactForAWordOnMoreThanAThousandPagesInEveryOrder() throws Exception {
        int documents = LuceneSearchIndex.TOTAL_HITS_THRESHOLD + 300;
        for (int i = 0; i < documents; i++) {
            // every seventh document has the word only misread: counted through its spelling variant
            String word = i % 7 == 0 ? "consemt" : "consent";
            Chart chart = ChartFixture.chart("many-" + i, "consent.pdf",
                    new Indexing(i % 2 == 0 ? "500000" : "500001", "Pat " + i, null, "Consent",
                            LocalDate.of(2020, 1, 1).plusDays(i), null),
                    List.of(), "Patient " + word + " for treatment, page one.", "Witness " + word + " again.", "Nothing here.");
            index.index(chart.document(), chart.pages());
        }
        index.refresh();
        for (SearchQuery.Order order : SearchQuery.Order.values()) {
            assertEquals(documents * 2L, index.search(SearchQuery.of("consent").sorted(order)).total(), order.wire());
            assertEquals(documents * 3L, index.search(SearchQuery.of("").sorted(order)).total(), order.wire());
            assertEquals(documents * 2L, index.search(new SearchQuery("consent OR witness", null, null, null, null, 40, 20)
                    .sorted(order)).total(), order.wire());
            assertEquals(documents, index.search(new SearchQuery("consent", "500000", null, null, null, 0, 20)
                    .sorted(order)).total(), order.wire());
        }
        assertEquals(documents, index.matchingDocuments(SearchQuery.of("consent")).size());
    }

    @Test
    void aNarrowPatientFilterStillFindsAMisreadWordInThatChart() throws Exception {
        for (int i = 0; i < 200; i++) {
            Chart chart = ChartFixture.chart("other-" + i, "h.pdf",
                    new Indexing(String.valueOf(600000 + i), "Pat " + i, null, "History and Physical", LocalDate.of(2021, 3, 1), null),
                    List.of(), "History of hypertension and diabetes.");
            index.index(chart.document(), chart.pages());
        }
        Chart misread = ChartFixture.chart("misread", "m.pdf",
                new Indexing("699999", "Pat Misread", null, "History and Physical", LocalDate.of(2021, 3, 2), null),
                List.of(), "Known hypertensiom, on lisinopril.", "Stemum intact, intemal bleeding ruled out.");
        index.index(misread.document(), misread.pages());
        index.refresh();
        assertEquals(201, index.search(SearchQuery.of("hypertension")).total());
        SearchResult inChart = index.search(new SearchQuery("hypertension", "699999", null, null, null, 0, 20));
        assertEquals(List.of("misread/1"), pageKeys(inChart));
        assertEquals(1, inChart.total());
        assertEquals(List.of("misread/2"), pageKeys(index.search(new SearchQuery("sternum internal", "699999",
                null, null, null, 0, 20))), "OCR confusions (rn read as m) inside the chart");
        assertEquals(0, index.search(new SearchQuery("hypertension", "600001", "discharge summary", null, null, 0, 20)).total());
    }

    @Test
    void aMisspellingIndexedAfterASearchIsFoundByTheSameSearchOnceSearchable() throws Exception {
        ChartFixture.indexAll(index);
        assertEquals(List.of(), pageKeys(index.search(SearchQuery.of("cholecystectomy"))));
        Chart late = ChartFixture.chart("late", "late.pdf",
                new Indexing("100009", "Pat Late", null, "Operative Report", LocalDate.of(2024, 5, 1), null),
                List.of(), "Laparoscopic cholecystectmy without complication.");
        index.index(late.document(), late.pages());
        index.refresh();
        assertEquals(List.of("late/1"), pageKeys(index.search(SearchQuery.of("cholecystectomy"))));
    }

    @Test
    void aPhraseIsCountedInItsOwnPassAndAWordOrSynonymApart() {
        var phrase = new org.apache.lucene.search.PhraseQuery(PageFields.TEXT, "shortness", "breath");
        var word = new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(PageFields.TEXT, "edema"));
        var synonyms = new org.apache.lucene.search.SynonymQuery.Builder(PageFields.TEXT)
                .addTerm(new org.apache.lucene.index.Term(PageFields.TEXT, "mi"))
                .addTerm(new org.apache.lucene.index.Term(PageFields.TEXT, "infarction")).build();
        var both = new org.apache.lucene.search.BooleanQuery.Builder()
                .add(new org.apache.lucene.search.BoostQuery(phrase, 2f), org.apache.lucene.search.BooleanClause.Occur.MUST)
                .add(word, org.apache.lucene.search.BooleanClause.Occur.SHOULD).build();
        assertTrue(LuceneSearchIndex.readsPositions(phrase));
        assertTrue(LuceneSearchIndex.readsPositions(both), "a phrase inside a boolean search");
        assertFalse(LuceneSearchIndex.readsPositions(word));
        assertFalse(LuceneSearchIndex.readsPositions(synonyms), "synonyms of one word match without positions");
    }

    @Test
    void searchesRacingIndexingAlwaysSeeTheSpellingVariantsOfTheirOwnIndex() throws Exception {
        List<String> words = List.of("cholecystectomy", "thoracentesis", "hyponatremia", "bronchoscopy", "pneumothorax",
                "cardiomyopathy", "pancreatitis", "osteomyelitis", "endocarditis", "hydronephrosis");
        ChartFixture.indexAll(index);
        AtomicBoolean indexing = new AtomicBoolean(true);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<?>> searchers = new ArrayList<>();
            CountDownLatch searching = new CountDownLatch(2);
            for (int s = 0; s < 2; s++) {
                searchers.add(pool.submit(() -> {
                    searching.countDown();
                    while (indexing.get()) {
                        for (String word : words) {
                            try {
                                index.search(SearchQuery.of(word));
                                index.search(new SearchQuery(word, "700000", null, null, null, 0, 20));
                            } catch (Exception | AssertionError e) {
                                failures.add(e);
                            }
                        }
                    }
                }));
            }
            searching.await();
            try {
                for (int round = 0; round < 3; round++) {
                    for (int w = 0; w < words.size(); w++) {
                        String word = words.get(w);
                        // one letter dropped: a new spelling within the edits allowed, never indexed before
                        String misread = word.substring(0, 3 + round) + word.substring(4 + round);
                        String id = "race-" + round + "-" + w;
                        Chart chart = ChartFixture.chart(id, "race.pdf",
                                new Indexing("700000", "Pat Race", null, "Progress Note", LocalDate.of(2024, 1, 1), null),
                                List.of(), "Status after " + misread + " today.");
                        index.index(chart.document(), chart.pages());
                        index.refresh();
                        Set<String> found = pageKeys(index.search(new SearchQuery(word, null, null, null, null, 0, 100)))
                                .stream().collect(Collectors.toSet());
                        assertTrue(found.contains(id + "/1"), misread + " not found by " + word + " once searchable");
                        assertTrue(pageKeys(index.search(new SearchQuery(word, "700000", null, null, null, 0, 100)))
                                .contains(id + "/1"), misread + " not found by " + word + " in the chart");
                    }
                }
            } finally {
                indexing.set(false); // a failed assertion must not leave the searchers spinning
            }
            for (Future<?> s : searchers) s.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), failures);
    }

    private static List<String> pageKeys(SearchResult result) {
        return result.hits().stream().map(h -> h.documentId() + "/" + h.page()).toList();
    }
}
