package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.RunningChartVault;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generated chart documents put into a running ChartVault, and what release tests read back out of packets. */
final class ChartUploads {
    private ChartUploads() {
    }

    /**
     * Adds the hospital's own document types to the list, as an administrator does before filing records of a
     * specially protected kind ({@code rows} in the list's CSV form: name,loinc,display,keywords).
     */
    static void addDocumentTypes(RunningChartVault.Client admin, String... rows) {
        String csv = admin.get("/api/document-types?format=csv").text();
        String extended = csv.stripTrailing() + "\n" + String.join("\n", rows) + "\n";
        RunningChartVault.Response put = admin.send("PUT", "/api/document-types", "text/csv",
                extended.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (put.status() != 200) throw new AssertionError("document types not saved: " + put);
    }

    /** Uploads the document as a born-digital PDF (text layer, no OCR) under {@code documentType}. */
    static String bornDigital(RunningChartVault.Client scanner, ChartDocument document, String documentType) {
        return upload(scanner, document.indexing(), documentType, "chart.pdf", ChartFiles.bornDigitalPdf(document.pages()));
    }

    /** Uploads the document's first page as a clean 300 DPI gray PNG scan, which is OCR'd. */
    static String scanned(RunningChartVault.Client scanner, ChartDocument document) {
        return upload(scanner, document.indexing(), document.indexing().documentType(), "scan.png",
                ChartFiles.png(document.pages().get(0).scan(300)));
    }

    static String upload(RunningChartVault.Client scanner, Indexing indexing, String documentType, String fileName, byte[] file) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", indexing.mrn());
        fields.put("patientName", indexing.patientName());
        fields.put("birthDate", indexing.birthDate().toString());
        fields.put("documentType", documentType);
        fields.put("serviceDate", indexing.serviceDate().toString());
        fields.put("encounter", indexing.encounter());
        RunningChartVault.Response receipt = scanner.upload(fields, new RunningChartVault.Part(fileName, file));
        if (receipt.status() != 202) throw new AssertionError("upload refused: " + receipt);
        JsonNode batch = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
        JsonNode entry = batch.get("documents").get(0);
        String status = entry.get("status").asText();
        if (!status.equals("indexed") && !status.equals("needs-review")) throw new AssertionError("not processed: " + batch);
        return entry.get("documentId").asText();
    }

    /** The words of one page, as the viewer gets them. */
    static JsonNode words(RunningChartVault.Client clerk, String documentId, int page) {
        RunningChartVault.Response r = clerk.get("/api/documents/" + documentId + "/pages/" + page + "/words");
        if (r.status() != 200) throw new AssertionError("words: " + r);
        return r.json();
    }

    /** The words on the line holding {@code firstWord}, in page order. */
    static List<JsonNode> lineOf(JsonNode page, String firstWord) {
        int line = -1;
        for (JsonNode word : page.get("words")) {
            if (word.get("text").asText().equals(firstWord)) line = word.get("line").asInt();
        }
        if (line < 0) throw new AssertionError("no word '" + firstWord + "' on the page: " + page.get("text").asText());
        List<JsonNode> words = new ArrayList<>();
        for (JsonNode word : page.get("words")) if (word.get("line").asInt() == line) words.add(word);
        return words;
    }

    /** The smallest box around the words, widened by {@code pad} pixels. */
    static Rectangle around(List<JsonNode> words, int pad) {
        Rectangle box = null;
        for (JsonNode w : words) {
            Rectangle r = new Rectangle(w.get("x").asInt(), w.get("y").asInt(), w.get("width").asInt(), w.get("height").asInt());
            box = box == null ? r : box.union(r);
        }
        if (box == null) throw new AssertionError("no words");
        box.grow(pad, pad);
        return box;
    }

    static Map<String, Object> redaction(String documentId, int page, Rectangle box) {
        return Map.of("documentId", documentId, "page", page, "x", box.x, "y", box.y, "width", box.width, "height", box.height);
    }

    /** Text of each page of the PDF, as extraction (copy, search) sees it. */
    static List<String> pageTexts(byte[] pdf) {
        return org.chartvault.testing.PdfPages.texts(pdf);
    }

    /** The picture of the PDF page (0-based), decoded as embedded. */
    static BufferedImage imageOn(byte[] pdf, int pageIndex) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDPage page = document.getPage(pageIndex);
            for (COSName name : page.getResources().getXObjectNames()) {
                if (page.getResources().getXObject(name) instanceof PDImageXObject image) return image.getImage();
            }
            throw new AssertionError("no image on page " + (pageIndex + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Largest gray value (0 black .. 255 white) inside the box. */
    static int brightest(BufferedImage image, Rectangle box) {
        int max = 0;
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                int rgb = image.getRGB(x, y);
                int gray = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                max = Math.max(max, gray);
            }
        }
        return max;
    }

    /** Mean gray value inside the box. */
    static double mean(BufferedImage image, Rectangle box) {
        long sum = 0;
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                int rgb = image.getRGB(x, y);
                sum += ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
            }
        }
        return (double) sum / ((long) box.width * box.height);
    }
}
