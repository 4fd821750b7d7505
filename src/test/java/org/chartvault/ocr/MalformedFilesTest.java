package org.chartvault.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.chartvault.document.PageContent;
import org.chartvault.imaging.FileTypes;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.SourcePage;
import org.chartvault.imaging.UnreadableFileException;
import org.chartvault.testing.Corpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every damaged or hostile PDF and image in the corpus goes through the whole page path (open, decode, normalise,
 * OCR) and ends either processed or refused with a reason, without hanging and without exhausting memory
 * (surefire runs with -Xmx3g). The time limit is only a guard against hangs.
 */
class MalformedFilesTest {
    private static final PageLimits LIMITS = new PageLimits(2000, 150_000_000L);
    /** Enough to see that a file is readable past its first page without OCR'ing all of a large one. */
    private static final int PAGES_TRIED = 3;

    /** What must happen to the files whose fate is certain; the others must merely end one way or the other. */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("qpdf-encrypted-40-bit-R3.pdf", "refused ENCRYPTED"),
            Map.entry("ocrmypdf-skew-encrypted.pdf", "refused ENCRYPTED"),
            Map.entry("pdfbox-PasswordSample-256bit.pdf", "refused ENCRYPTED"),
            Map.entry("png-100000x100000.png", "refused PAGE_TOO_LARGE"),
            Map.entry("ocrmypdf-hugemono.pdf", "page refused PAGE_TOO_LARGE"),
            Map.entry("pdfjs-bomb_giant.pdf", "page refused DAMAGED"),
            Map.entry("empty.pdf", "refused DAMAGED"),
            Map.entry("not-a-tiff.tif", "refused DAMAGED"),
            Map.entry("page-tree-cycle.pdf", "refused DAMAGED"),
            Map.entry("pillow-decompression_bomb.gif", "refused UNSUPPORTED"),
            Map.entry("pillow-invalid_header_length.jp2", "refused UNSUPPORTED"),
            Map.entry("pdfjs-empty_protected.pdf", "processed"),
            Map.entry("pdfjs-poppler-67295-0.pdf", "processed"),
            Map.entry("pdfjs-Pages-tree-refs.pdf", "processed"),
            Map.entry("qpdf-pages-loop.pdf", "processed"),
            Map.entry("pdfjs-scan-bad.pdf", "processed"),
            Map.entry("ocrmypdf-no_contents.pdf", "processed"),
            Map.entry("pillow-truncated_image.png", "processed"),
            Map.entry("pillow-truncated_jpeg.jpg", "processed"));

    private static PageProcessor processor;

    @BeforeAll
    static void startOcr() {
        processor = new PageProcessor(new OcrSettings(Path.of("/usr/share/tesseract-ocr/5/tessdata"), "eng", 2,
                Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stopOcr() {
        processor.close();
    }

    @TestFactory
    Stream<DynamicTest> everyDamagedOrHostileFileIsProcessedOrRefusedWithAReason() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : List.of(Corpus.malformed(), Corpus.hostile())) {
            for (Path file : Corpus.filesIn(folder)) {
                String type = FileTypes.pdfOrImageType(file);
                if (type == null) continue; // archives are the ingest pipeline's to unpack and refuse
                String name = file.getFileName().toString();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    String outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> outcomeOf(file, type),
                            name + " hung");
                    System.out.printf("%-60s %s%n", name, outcome);
                    String expected = EXPECTED.get(name);
                    if (expected != null) assertTrue(outcome.startsWith(expected), name + ": " + outcome);
                }));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static String outcomeOf(Path file, String type) throws Exception {
        try (PageSource source = PageSource.open(file, type, LIMITS)) {
            List<String> pages = new ArrayList<>();
            for (int number = 1; number <= Math.min(PAGES_TRIED, source.pageCount()); number++) {
                try {
                    SourcePage page = source.page(number);
                    PageContent content = processor.process(page).content();
                    assertSane(content, number);
                    pages.add(describe(content));
                } catch (UnreadableFileException e) {
                    assertReasoned(e);
                    return "page refused " + e.reason() + ": " + e.getMessage();
                } catch (PageFailedException e) {
                    assertSentence(e.getMessage());
                    return "page failed: " + e.getMessage();
                }
            }
            return "processed " + source.pageCount() + " page(s): " + String.join("; ", pages);
        } catch (UnreadableFileException e) {
            assertReasoned(e);
            return "refused " + e.reason() + ": " + e.getMessage();
        }
    }

    private static void assertSane(PageContent content, int number) {
        assertEquals(number, content.number());
        assertTrue(content.width() > 0 && content.height() > 0 && content.dpi() > 0);
        assertNotNull(content.text());
        assertTrue(content.words().stream().allMatch(w -> w.x() >= 0 && w.y() >= 0
                && w.x() + w.width() <= content.width() && w.y() + w.height() <= content.height()));
    }

    private static void assertReasoned(UnreadableFileException e) {
        assertNotNull(e.reason());
        assertSentence(e.getMessage());
    }

    /** A sentence for a person: no class names, no stack traces. */
    private static void assertSentence(String message) {
        Objects.requireNonNull(message);
        assertTrue(message.endsWith("."), message);
        assertFalse(message.contains("Exception") || message.contains("java.") || message.contains("\n"), message);
    }

    private static String describe(PageContent content) {
        String text = OcrQuality.fold(content.text());
        return String.format("%s %dx%d@%d%s %d words \"%s\"", content.source(), content.width(), content.height(),
                content.dpi(), content.blank() ? " blank" : "", content.words().size(),
                text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
