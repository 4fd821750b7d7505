package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The day of a clerk who scans and then answers a request, in a real browser against a real ChartVault: log in,
 * upload two scanned pages and watch them process live, search for a word printed on one of them, open the hit
 * and see the box drawn over that very word, log out.
 */
class ArchiveWorkflowBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Scan-and-Release-2026";

    @TempDir
    static Path scans;

    @Test
    void clerkUploadsWatchesProgressFindsAWordAndSeesItMarkedOnThePage() throws Exception {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "clerk", "password", PASSWORD,
                "roles", List.of("scanner", "roi"))).status());
        ChartGenerator generator = new ChartGenerator();
        ChartPage wanted = generator.page(4101);
        ChartPage other = generator.page(4102);
        Path first = scans.resolve("admission-note.png");
        Path second = scans.resolve("lab-results.png");
        Files.write(first, ChartFiles.png(wanted.scan(300)));
        Files.write(second, ChartFiles.png(other.scan(300)));

        browser.logIn(vault.url(""), "clerk", PASSWORD);
        assertEquals(List.of("Capture", "Search", "Releases", "API tokens"), navigation(), "a scanner and ROI clerk sees their screens only");

        // one batch: two scans and a copy of one picked, a note dragged in; a bar per file for the upload,
        // then live processing from the server, with the copy and the note explained
        Path copy = scans.resolve("admission-note-copy.png");
        Files.copy(first, copy);
        browser.await("#capture-files").sendKeys(first + "\n" + second + "\n" + copy);
        browser.script("""
                const files = new DataTransfer();
                files.items.add(new File(['call the patient back on Monday'], 'phone-note.txt', {type: 'text/plain'}));
                const zone = document.getElementById('drop-zone');
                zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: files, bubbles: true, cancelable: true}));
                zone.dispatchEvent(new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true}));""");
        browser.awaitText(".chosen caption", "4 files chosen");
        browser.script("window.__sameDocument = true;");
        browser.find(".upload-form button[type=submit]").click();
        WebElement receipt = browser.await(".upload-form .notice.ok");
        assertTrue(receipt.getText().contains("2 accepted") && receipt.getText().contains("1 duplicate")
                && receipt.getText().contains("1 rejected"), receipt.getText());
        for (WebElement bar : browser.all(".chosen progress.upload-progress")) {
            assertEquals("100", bar.getAttribute("value"), "every file's upload bar is full once sent");
        }
        browser.await(".live-batches .batch-card .batch-summary[data-status=processing]");
        WebElement done = browser.until(d -> d.findElements(By.cssSelector(".live-batches .batch-card.done")).stream()
                .findFirst().orElse(null), "the batch to be done", Duration.ofSeconds(120));
        assertEquals(Boolean.TRUE, browser.script("return window.__sameDocument === true;"), "progress came without a page reload");
        String batchId = done.getAttribute("data-batch-id");
        Map<String, String> statuses = new java.util.TreeMap<>();
        Map<String, String> explained = new java.util.TreeMap<>();
        for (WebElement row : done.findElements(By.cssSelector("tbody tr"))) {
            String file = row.findElement(By.cssSelector(".file-name")).getText();
            statuses.put(file, row.getAttribute("data-status"));
            explained.put(file, row.findElements(By.cssSelector("td")).get(3).getText());
        }
        assertEquals(Set.of("admission-note.png", "lab-results.png", "admission-note-copy.png", "phone-note.txt"), statuses.keySet());
        assertEquals("duplicate", statuses.get("admission-note-copy.png"));
        assertTrue(explained.get("admission-note-copy.png").contains("already archived"), explained.toString());
        assertEquals("rejected", statuses.get("phone-note.txt"));
        assertTrue(explained.get("phone-note.txt").contains("Not a supported file"), explained.toString());
        for (String scan : List.of("admission-note.png", "lab-results.png")) {
            assertTrue(Set.of("indexed", "needs-review").contains(statuses.get(scan)), statuses.toString());
        }
        for (WebElement bar : done.findElements(By.cssSelector("tbody progress"))) {
            assertEquals(bar.getAttribute("max"), bar.getAttribute("value"), "each document's processing bar is full");
        }
        browser.awaitText(".history-table", batchId);

        // a word printed once on the first page (and not on the second), as OCR read it
        JsonNode batch = admin.get("/api/batches/" + batchId).json();
        String wantedId = documentOf(batch, "admission-note.png");
        String otherId = documentOf(batch, "lab-results.png");
        JsonNode words = admin.get("/api/documents/" + wantedId + "/pages/1/words").json().get("words");
        JsonNode otherWords = admin.get("/api/documents/" + otherId + "/pages/1/words").json().get("words");
        JsonNode target = distinctiveWord(wanted, words, otherWords);
        String word = normal(target.get("text").asText());

        browser.find("#nav a[href='#/search']").click();
        WebElement box = browser.await("#search-q");
        box.sendKeys(word, Keys.ENTER);
        WebElement group = awaitResults(wantedId);
        List<String> marked = group.findElements(By.cssSelector(".snippet mark")).stream()
                .map(m -> m.getText().toLowerCase(Locale.ROOT)).toList();
        assertTrue(marked.stream().anyMatch(m -> m.contains(word)), "the snippet marks the word: " + marked);
        // titled by type, date of service and patient; the scan's file name is only a detail
        assertFalse(group.findElement(By.cssSelector(".doc-link")).getText().contains("admission-note.png"));
        assertTrue(group.findElement(By.cssSelector(".result-meta")).getText().contains("scanned as admission-note.png"));
        assertEquals("Page 1", group.findElement(By.cssSelector(".page-link")).getText());
        browser.screenshot("search-results");

        group.findElement(By.cssSelector(".page-link")).click();
        browser.awaitText(".doc-info", "admission-note.png");
        browser.await("svg.hit-overlay rect.hit");
        browser.until(d -> browser.script("const i = document.querySelector('.page-image');"
                + " return i.complete && i.naturalWidth > 0 && !i.classList.contains('loading');"), "the page image");
        List<Map<String, Double>> drawn = drawnHitBoxes();
        assertFalse(drawn.isEmpty());
        Map<String, Double> expected = Map.of("x", target.get("x").asDouble(), "y", target.get("y").asDouble(),
                "width", target.get("width").asDouble(), "height", target.get("height").asDouble());
        assertTrue(drawn.stream().anyMatch(d -> sameBox(d, expected)),
                "a highlight sits over the word '" + word + "' at " + expected + "; drawn: " + drawn);
        browser.awaitText("#hit-status", "on this page");
        browser.screenshot("viewer-highlights");

        // zoom and a turned view keep the box on its word: the overlay turns and grows with the image
        double fitWidth = imageSize().get(0);
        browser.find("button[aria-label='Zoom in']").click();
        browser.until(d -> imageSize().get(0) > fitWidth * 1.2, "the page to grow");
        browser.find("button[aria-label='Rotate view right']").click();
        browser.until(d -> imageSize().get(0) > imageSize().get(1), "the page to lie on its side");
        browser.find("button[aria-label='Rotate view left']").click();
        browser.find("button[aria-label='Zoom out']").click();
        browser.until(d -> Math.abs(imageSize().get(0) - fitWidth) < 2, "the page back at its width");
        assertTrue(drawnHitBoxes().stream().anyMatch(d -> sameBox(d, expected)), "the box is still over the word");

        browser.logOut();
        assertEquals(401L, browser.sessionStatus(), "the server session is over, not only the screen");
        browser.assertNoProblems();
    }

    private List<String> navigation() {
        return browser.all("#nav a").stream().map(WebElement::getText).toList();
    }

    /** Submits the search until the page is findable (the contract allows a few seconds after indexing). */
    private WebElement awaitResults(String documentId) {
        for (int attempt = 0; attempt < 20; attempt++) {
            browser.until(d -> !d.findElements(By.cssSelector(".results .result-group, .results .empty, .results .notice")).isEmpty(),
                    "search results");
            List<WebElement> groups = browser.all(".result-group[data-document-id='" + documentId + "']");
            if (!groups.isEmpty()) return groups.get(0);
            sleep(500);
            browser.find(".search-form button[type=submit]").click();
        }
        throw new AssertionError("the uploaded page never appeared in the search results: " + browser.find(".results").getText());
    }

    private static String documentOf(JsonNode batch, String file) {
        for (JsonNode d : batch.get("documents")) {
            if (d.get("file").asText().equals(file)) return d.get("documentId").asText();
        }
        throw new AssertionError(file + " is not in " + batch);
    }

    /** A long word of the printed text that OCR read exactly, once on this page and nowhere on the other. */
    private static JsonNode distinctiveWord(ChartPage printed, JsonNode words, JsonNode otherWords) {
        Set<String> truth = printed.words().stream().map(ArchiveWorkflowBrowserTest::normal).collect(Collectors.toSet());
        Set<String> elsewhere = new java.util.HashSet<>();
        otherWords.forEach(w -> elsewhere.add(normal(w.get("text").asText())));
        Map<String, List<JsonNode>> byText = new java.util.HashMap<>();
        words.forEach(w -> byText.computeIfAbsent(normal(w.get("text").asText()), k -> new ArrayList<>()).add(w));
        return byText.entrySet().stream()
                .filter(e -> e.getKey().length() >= 7 && e.getKey().chars().allMatch(Character::isLetter))
                .filter(e -> e.getValue().size() == 1 && truth.contains(e.getKey()) && !elsewhere.contains(e.getKey()))
                .map(e -> e.getValue().get(0))
                .findFirst().orElseThrow(() -> new AssertionError("no distinctive word on the page"));
    }

    private static String normal(String word) {
        return word.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    }

    /** The drawn highlight rectangles, measured on screen and converted back to page-image pixels. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Double>> drawnHitBoxes() {
        Object boxes = browser.script("""
                const img = document.querySelector('.page-image');
                const i = img.getBoundingClientRect();
                const sx = img.naturalWidth / i.width, sy = img.naturalHeight / i.height;
                return [...document.querySelectorAll('svg.hit-overlay rect.hit')].map(r => {
                  const b = r.getBoundingClientRect();
                  return {x: (b.left - i.left) * sx, y: (b.top - i.top) * sy, width: b.width * sx, height: b.height * sy};
                });""");
        List<Map<String, Double>> result = new ArrayList<>();
        for (Map<String, Object> box : (List<Map<String, Object>>) boxes) {
            Map<String, Double> converted = new java.util.HashMap<>();
            box.forEach((k, v) -> converted.put(k, ((Number) v).doubleValue()));
            result.add(converted);
        }
        return result;
    }

    /** Width and height of the page image as it is drawn on screen (turned with the view). */
    @SuppressWarnings("unchecked")
    private static List<Double> imageSize() {
        List<Number> size = (List<Number>) browser.script(
                "const r = document.querySelector('.page-image').getBoundingClientRect(); return [r.width, r.height];");
        return size.stream().map(Number::doubleValue).toList();
    }

    /** Within a few page pixels (the drawn box also has a stroke and is measured in rounded screen pixels). */
    private static boolean sameBox(Map<String, Double> drawn, Map<String, Double> word) {
        double tolerance = 6;
        return Math.abs(drawn.get("x") - word.get("x")) <= tolerance && Math.abs(drawn.get("y") - word.get("y")) <= tolerance
                && Math.abs(drawn.get("width") - word.get("width")) <= tolerance
                && Math.abs(drawn.get("height") - word.get("height")) <= tolerance;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
