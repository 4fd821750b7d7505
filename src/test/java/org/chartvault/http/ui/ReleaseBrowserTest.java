package org.chartvault.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/**
 * A release of information from start to packet in a real browser: a clerk logs the request, picks one page of a
 * patient's document by its thumbnail, blacks out a word on it with the keyboard alone, confirms that downloading
 * the packet releases the request, and finds it in the patient's accounting of disclosures. The packet is then
 * read with PDFBox: the word is gone from its text and blacked out in its page image, the rest of the page is there.
 */
class ReleaseBrowserTest extends BrowserTest {
    private static final String PASSWORD = "Copies-For-The-Lawyer-9";

    @TempDir
    static Path downloads;

    @BeforeAll
    static void downloadsToo() {
        browser.downloadsTo(downloads);
    }

    @Test
    void clerkReleasesOnePageWithAWordBlackedOutByKeyboard() throws Exception {
        RunningChartVault.Client admin = vault.admin();
        assertEquals(201, admin.post("/api/users", Map.of("username", "clerk", "password", PASSWORD, "roles", List.of("roi"))).status());
        ChartDocument chart = new ChartGenerator().document(8801, 2);
        Indexing patient = chart.indexing();
        String documentId = bornDigital(admin, chart, "discharge-summary.pdf");
        JsonNode words = admin.get("/api/documents/" + documentId + "/pages/1/words").json();
        JsonNode secret = onceOnPage(words, null);
        JsonNode kept = onceOnPage(words, secret.get("text").asText());

        browser.logIn(vault.url(""), "clerk", PASSWORD);
        assertEquals(List.of("Search", "Releases", "API tokens"), browser.all("#nav a").stream().map(WebElement::getText).toList());
        browser.find("#nav a[href='#/releases']").click();
        browser.awaitText(".release-list .empty", "No open requests");
        browser.find("#start-release").click();

        // the patient's documents, one page picked by its thumbnail
        browser.await("#new-release-mrn").sendKeys(patient.mrn(), Keys.ENTER);
        // the MRN's check answers above the list and moves it down a line: the clerk clicks once it stands still
        browser.awaitText(".mrn-check", "only the form of the MRN is checked");
        WebElement document = browser.await(".pick-doc[data-document-id='" + documentId + "']");
        assertTrue(document.getText().contains("discharge-summary.pdf"), document.getText());
        document.findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.await(".pick-doc[data-document-id='" + documentId + "'] input[type=radio][id$='-some']").click();
        browser.await("#pick-" + documentId + "-1").click();
        browser.awaitText(".picker-summary", "Chosen: 1 document, 1 page.");
        browser.find("input[name=requesterName]").sendKeys("Dana Whitfield");
        browser.find("input[name=requesterOrganisation]").sendKeys("Whitfield & Rowe LLP");
        browser.find("textarea[name=requesterAddress]").sendKeys("12 Court Street, Springfield");
        browser.find("input[name=purpose]").sendKeys("Legal proceedings");
        browser.find("#create-release").click();
        String releaseId = browser.until(d -> {
            String address = d.getCurrentUrl();
            return address.matches(".*#/releases/rel_[0-9a-z]+$") ? address.substring(address.lastIndexOf('/') + 1) : null;
        }, "the new request's page");
        browser.awaitText(".release-head h1", releaseId);
        assertEquals("1", browser.await(".included-table tbody tr[data-document-id='" + documentId + "'] td:nth-child(2)").getText(),
                "only the page picked goes in the packet");

        // a box over the word, made, moved and sized with the keyboard alone; a second one made and deleted
        awaitEditorImage();
        WebElement add = browser.find(".redact .toolbar button");
        add.sendKeys(Keys.ENTER);
        WebElement box = browser.await("rect.redaction.selected");
        assertEquals(box, focused(), "the new box has the focus");
        Map<String, Integer> target = padded(secret, 8, words.get("width").asInt(), words.get("height").asInt());
        driveBoxTo(target);
        assertEquals(target, fields(), "the box's fields show it in page pixels");
        assertTrue(coversOnScreen(secret), "the box drawn on the screen covers the word");
        add.sendKeys(Keys.ENTER);
        browser.until(d -> browser.all("rect.redaction").size() == 2, "a second box");
        new Actions(browser.driver()).sendKeys(Keys.DELETE).perform();
        browser.until(d -> browser.all("rect.redaction").size() == 1, "the second box deleted by the Delete key");
        browser.awaitText("#redactions-unsaved", "Unsaved");
        browser.screenshot("release-redaction");
        browser.find("#save-redactions").click();
        browser.awaitText(".redact-status .notice.ok", "1 redaction box saved");
        JsonNode saved = admin.get("/api/releases/" + releaseId).json().get("redactions");
        assertEquals(1, saved.size(), saved.toString());
        assertEquals(target, Map.of("x", saved.get(0).get("x").asInt(), "y", saved.get(0).get("y").asInt(),
                "width", saved.get(0).get("width").asInt(), "height", saved.get(0).get("height").asInt()));
        browser.await(".preview-frame rect.preview-redaction");

        // the first download is the release: asked for, then done
        browser.find("#release-packet").click();
        WebElement dialog = browser.await("dialog.confirm-dialog[open]");
        assertTrue(dialog.getText().contains("releases request " + releaseId), dialog.getText());
        assertTrue(dialog.getText().contains("accounting of disclosures"), dialog.getText());
        assertEquals("received", admin.get("/api/releases/" + releaseId).json().get("status").asText(), "nothing released before the confirmation");
        browser.find("#packet-confirm").click();
        String shown = browser.until(d -> {
            List<WebElement> hash = d.findElements(By.cssSelector("#packet-sha256"));
            return hash.isEmpty() || !hash.get(0).getText().matches("[0-9a-f]{64}") ? null : hash.get(0).getText();
        }, "the packet's hash");
        browser.awaitText(".release-facts .badge", "Released");
        byte[] file = browser.downloaded(downloads, "release-" + releaseId + ".pdf");
        assertEquals(shown, sha256(file), "the file the browser saved is the packet whose hash is shown");

        JsonNode released = admin.get("/api/releases/" + releaseId).json();
        assertEquals("released", released.get("status").asText());
        assertEquals(shown, released.get("packet").get("sha256").asText());
        RunningChartVault.Response packet = admin.get("/api/releases/" + releaseId + "/packet");
        assertEquals(shown, sha256(packet.body()), "the stored packet is the one downloaded");
        String text;
        try (PDDocument pdf = Loader.loadPDF(packet.body())) {
            text = new PDFTextStripper().getText(pdf).toLowerCase(Locale.ROOT);
        }
        String hidden = secret.get("text").asText().toLowerCase(Locale.ROOT);
        assertFalse(text.contains(hidden), "the redacted word '" + hidden + "' is not in the packet's text");
        assertTrue(text.replaceAll("\\s+", "").contains(kept.get("text").asText().toLowerCase(Locale.ROOT)),
                "the rest of the page is: '" + kept.get("text").asText() + "' in " + text);

        // and the word is gone from the page image of the file the browser saved: its box is black there, while the
        // same box on the archived page has paper showing through the ink, and the word kept is not blacked out
        BufferedImage archived = ImageIO.read(new ByteArrayInputStream(admin.get("/api/documents/" + documentId + "/pages/1/image").body()));
        BufferedImage packetImage = releasedPageImage(file);
        double scale = (double) packetImage.getWidth() / archived.getWidth();
        assertEquals(archived.getHeight() * scale, packetImage.getHeight(), 2, "the released page is the archived page, whole");
        assertTrue(lightShare(archived, target, 1) > 0.3, "the archived page shows paper where the box goes");
        assertEquals(0.0, lightShare(packetImage, target, scale), "the redaction box is solid black in the packet's page image");
        Map<String, Integer> keptBox = padded(kept, 0, words.get("width").asInt(), words.get("height").asInt());
        assertTrue(lightShare(packetImage, keptBox, scale) > 0.3, "the word kept is still on the packet's page image");

        // the patient's accounting lists it
        browser.find(".release-head a[href^='#/disclosures/']").click();
        WebElement row = browser.await(".disclosures-table tr[data-release-id='" + releaseId + "']");
        assertTrue(row.getText().contains("Dana Whitfield, Whitfield & Rowe LLP") && row.getText().contains("Legal proceedings"), row.getText());
        assertTrue(browser.find("#disclosures-pdf").getAttribute("href").endsWith("/api/patients/" + patient.mrn() + "/disclosures.pdf"));
        browser.assertNoProblems();
    }

    private static String bornDigital(RunningChartVault.Client admin, ChartDocument chart, String fileName) {
        Indexing ix = chart.indexing();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", ix.mrn());
        fields.put("patientName", ix.patientName());
        fields.put("documentType", "Discharge summary");
        fields.put("serviceDate", ix.serviceDate().toString());
        JsonNode receipt = admin.upload(fields, new RunningChartVault.Part(fileName, ChartFiles.bornDigitalPdf(chart.pages()))).json();
        JsonNode batch = admin.awaitBatch(receipt.get("batchId").asText(), Duration.ofSeconds(90));
        return batch.get("documents").get(0).get("documentId").asText();
    }

    /** A long word of the running text (lower-case letters only) that occurs once on the page; not {@code other}. */
    private static JsonNode onceOnPage(JsonNode page, String other) {
        Map<String, List<JsonNode>> byText = new HashMap<>();
        page.get("words").forEach(w -> byText.computeIfAbsent(w.get("text").asText().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(w));
        String pageText = page.get("text").asText().toLowerCase(Locale.ROOT);
        // words of the running text (written in lower case), not of headings the cover sheet might repeat
        return byText.entrySet().stream()
                .filter(e -> e.getKey().length() >= 8 && e.getValue().get(0).get("text").asText().chars().allMatch(Character::isLowerCase))
                .filter(e -> e.getValue().size() == 1 && pageText.indexOf(e.getKey()) == pageText.lastIndexOf(e.getKey()))
                .filter(e -> other == null || !e.getKey().equals(other.toLowerCase(Locale.ROOT)) && !e.getKey().contains(other.toLowerCase(Locale.ROOT)) && !other.toLowerCase(Locale.ROOT).contains(e.getKey()))
                .map(e -> e.getValue().get(0))
                .sorted(java.util.Comparator.comparing(w -> w.get("text").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no word occurs once on the page: " + pageText));
    }

    /** The word's box widened by pad pixels, kept on the page. */
    private static Map<String, Integer> padded(JsonNode word, int pad, int pageWidth, int pageHeight) {
        int x = Math.max(0, word.get("x").asInt() - pad);
        int y = Math.max(0, word.get("y").asInt() - pad);
        int right = Math.min(pageWidth, word.get("x").asInt() + word.get("width").asInt() + pad);
        int bottom = Math.min(pageHeight, word.get("y").asInt() + word.get("height").asInt() + pad);
        return Map.of("x", x, "y", y, "width", right - x, "height", bottom - y);
    }

    private static void awaitEditorImage() {
        browser.until(d -> browser.script("const i = document.querySelector('.redact-image');"
                + " return i && i.complete && i.naturalWidth > 0 && !i.classList.contains('loading');"), "the page to redact");
    }

    /** The chosen box as its X / Y / width / height fields show it. */
    private static Map<String, Integer> fields() {
        List<WebElement> inputs = browser.all(".box-fields input");
        return Map.of("x", Integer.parseInt(inputs.get(0).getAttribute("value")), "y", Integer.parseInt(inputs.get(1).getAttribute("value")),
                "width", Integer.parseInt(inputs.get(2).getAttribute("value")), "height", Integer.parseInt(inputs.get(3).getAttribute("value")));
    }

    /**
     * Moves and sizes the focused box with arrow keys: steps of ten, then Ctrl+arrows by one pixel; Shift+arrows
     * resize. Every key goes to whatever has the focus, as a person's would.
     */
    private static void driveBoxTo(Map<String, Integer> target) {
        Map<String, Integer> now = fields();
        keys(target.get("x") - now.get("x"), Keys.ARROW_RIGHT, Keys.ARROW_LEFT, null);
        keys(target.get("y") - now.get("y"), Keys.ARROW_DOWN, Keys.ARROW_UP, null);
        now = fields();
        keys(target.get("width") - now.get("width"), Keys.ARROW_RIGHT, Keys.ARROW_LEFT, Keys.SHIFT);
        keys(target.get("height") - now.get("height"), Keys.ARROW_DOWN, Keys.ARROW_UP, Keys.SHIFT);
    }

    private static void keys(int delta, Keys more, Keys less, Keys held) {
        Keys key = delta >= 0 ? more : less;
        int tens = Math.abs(delta) / 10;
        int ones = Math.abs(delta) % 10;
        Actions actions = new Actions(browser.driver());
        if (held != null) actions.keyDown(held);
        for (int i = 0; i < tens; i++) actions.sendKeys(key);
        if (ones > 0) {
            actions.keyDown(Keys.CONTROL);
            for (int i = 0; i < ones; i++) actions.sendKeys(key);
            actions.keyUp(Keys.CONTROL);
        }
        if (held != null) actions.keyUp(held);
        actions.perform();
    }

    /** Whether the drawn box, measured on the screen and turned back into page pixels, covers the word. */
    @SuppressWarnings("unchecked")
    private static boolean coversOnScreen(JsonNode word) {
        Map<String, Number> b = (Map<String, Number>) browser.script("""
                const img = document.querySelector('.redact-image');
                const i = img.getBoundingClientRect();
                const r = document.querySelector('rect.redaction.selected').getBoundingClientRect();
                const sx = img.naturalWidth / i.width, sy = img.naturalHeight / i.height;
                return {x: (r.left - i.left) * sx, y: (r.top - i.top) * sy, width: r.width * sx, height: r.height * sy};""");
        double tolerance = 3; // the stroke and rounding to screen pixels
        return b.get("x").doubleValue() <= word.get("x").asDouble() + tolerance
                && b.get("y").doubleValue() <= word.get("y").asDouble() + tolerance
                && b.get("x").doubleValue() + b.get("width").doubleValue() >= word.get("x").asDouble() + word.get("width").asDouble() - tolerance
                && b.get("y").doubleValue() + b.get("height").doubleValue() >= word.get("y").asDouble() + word.get("height").asDouble() - tolerance;
    }

    /** The one scanned page image of the packet (the cover sheet is text only). */
    private static BufferedImage releasedPageImage(byte[] packet) throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        try (PDDocument pdf = Loader.loadPDF(packet)) {
            for (PDPage page : pdf.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject image) images.add(image.getImage());
                }
            }
        }
        assertEquals(1, images.size(), "one released page, one page image");
        return images.get(0);
    }

    /**
     * The share of pixels inside the box (page-image pixels, times scale; 2 pixels in from each edge so resampling
     * at the border does not count) that are light: paper rather than ink or redaction.
     */
    private static double lightShare(BufferedImage image, Map<String, Integer> box, double scale) {
        int x0 = (int) Math.ceil(box.get("x") * scale) + 2;
        int y0 = (int) Math.ceil(box.get("y") * scale) + 2;
        int x1 = (int) Math.floor((box.get("x") + box.get("width")) * scale) - 2;
        int y1 = (int) Math.floor((box.get("y") + box.get("height")) * scale) - 2;
        int light = 0;
        int all = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                int gray = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
                if (gray > 128) light++;
                all++;
            }
        }
        assertTrue(all > 0, "the box " + box + " has pixels");
        return (double) light / all;
    }

}
