package org.chartvault.document;

import org.chartvault.imaging.Word;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DocumentRepository#pageTexts}: every stored page as {@link DocumentRepository#pages} reads it, minus the words. */
class PageTextsTest {
    @TempDir
    Path dir;
    LocalDiskStore store;
    DocumentRepository repository;

    @BeforeEach
    void open() throws Exception {
        store = new LocalDiskStore(dir);
        repository = new DocumentRepository(store, new InProcessLocks(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pageTextsAreThePagesWithoutTheirWords() throws Exception {
        List<PageContent> stored = List.of(
                page(1, "DISCHARGE SUMMARY\nBlood pressure 150/90", false, PageContent.SOURCE_OCR, 87.5),
                // text that looks like the keys the reader looks for, with quotes, brackets and escapes
                page(2, "\"blank\":true \"words\":[ ] } { \\\" \"text\":\"x\" \u00e9t\u00e9 \u2014 \ud83d\ude00", false,
                        PageContent.SOURCE_TEXT_LAYER, null),
                page(3, "", true, PageContent.SOURCE_OCR, null),
                PageContent.failed(4));
        Document document = store(stored);

        List<PageContent> read = repository.pageTexts(document);

        List<PageContent> expected = new ArrayList<>();
        for (PageContent p : repository.pages(document)) {
            expected.add(new PageContent(p.number(), p.width(), p.height(), p.dpi(), p.source(), p.rotation(), p.skew(),
                    p.confidence(), p.text(), List.of(), p.blank()));
        }
        assertEquals(expected, read);
        assertEquals(stored.get(1).text(), read.get(1).text());
        assertTrue(read.get(2).blank());
        assertTrue(read.get(3).isFailed());
    }

    @Test
    void aPageStoredWithItsFieldsInAnotherOrderIsReadWhole() throws Exception {
        Document document = store(List.of(page(1, "placeholder", false, PageContent.SOURCE_OCR, 90.0)));
        store.put(StorageKeys.pageContent(document.documentId(), 1), ("{\"words\":[{\"text\":\"late\",\"x\":1,\"y\":2,"
                + "\"width\":3,\"height\":4,\"confidence\":90.0,\"line\":0}],\"blank\":true,\"text\":\"late\","
                + "\"number\":1,\"source\":\"ocr\",\"dpi\":300}").getBytes(StandardCharsets.UTF_8), "application/json");

        PageContent read = repository.pageTexts(document).get(0);

        assertEquals("late", read.text());
        assertEquals(300, read.dpi());
        assertTrue(read.blank());
        assertEquals(List.of(), read.words());
    }

    @Test
    void aDamagedPageIsAnErrorNotAnEmptyPage() throws Exception {
        Document document = store(List.of(page(1, "ok", false, PageContent.SOURCE_OCR, 90.0)));
        store.put(StorageKeys.pageContent(document.documentId(), 1), "[1, 2]".getBytes(StandardCharsets.UTF_8),
                "application/json");

        assertThrows(java.io.IOException.class, () -> repository.pageTexts(document));
    }

    private Document store(List<PageContent> pages) throws Exception {
        List<PageSummary> summaries = new ArrayList<>();
        for (PageContent page : pages) {
            repository.savePage("doc_texts", page);
            summaries.add(new PageSummary(page.number(), page.confidence(), page.source(), page.blank()));
        }
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        return repository.create(new Document("doc_texts", "0".repeat(64), "scan.pdf", "application/pdf", 1, "bat_1",
                "scanner", at, Indexing.EMPTY, DocumentStatus.INDEXED, pages.size(), summaries, List.of(), List.of(),
                null, 0, at));
    }

    private static PageContent page(int number, String text, boolean blank, String source, Double confidence) {
        List<Word> words = new ArrayList<>();
        int line = 0;
        for (String l : text.split("\n")) {
            int x = 0;
            for (String w : l.split(" ")) {
                words.add(new Word(w, x, line * 40, w.length() * 20, 30, 91f, line));
                x += (w.length() + 1) * 20;
            }
            line++;
        }
        return new PageContent(number, 2550, 3300, 300, source, 90, 0.7, confidence, text, words, blank);
    }
}
