package org.chartvault.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.FileTypes;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.testing.Corpus;
import org.chartvault.testing.VeraPdf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchablePdfWriterTest {
    private static PageProcessor processor;
    /** A black-and-white G4 page and a gray JPEG page (upside down in the scan), read once for all tests. */
    private static List<ProcessedPage> pages;

    @BeforeAll
    static void readPages() throws Exception {
        processor = new PageProcessor(new OcrSettings(PageProcessorTest.TESSDATA, "eng", 2, Duration.ofSeconds(120)));
        pages = new ArrayList<>();
        for (String file : List.of("s05-referral.tif", "s03-pathology.jpg")) {
            Path scan = Corpus.scans().resolve(file);
            try (PageSource source = PageSource.open(scan, FileTypes.detect(scan), new PageLimits(10, 150_000_000L))) {
                pages.add(processor.process(source.page(1)));
            }
        }
    }

    @AfterAll
    static void stop() {
        processor.close();
    }

    @Test
    void searchablePdfHoldsEveryPageAtItsSizeWithItsWordsInOrder() throws Exception {
        AtomicInteger loaded = new AtomicInteger();
        byte[] pdf = write(new SearchablePdfWriter(PageProcessorTest.TESSDATA), loaded);
        assertEquals(pages.size(), loaded.get(), "each stored image loaded once, when its page was written");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertEquals(2, document.getNumberOfPages());
            for (int i = 0; i < pages.size(); i++) {
                PageContent content = pages.get(i).content();
                PDPage page = document.getPage(i);
                // physical size from pixels and resolution: 1755 x 2247 px at 300 DPI is 421.2 x 539.3 pt
                assertEquals(content.width() * 72.0 / content.dpi(), page.getMediaBox().getWidth(), 0.5);
                assertEquals(content.height() * 72.0 / content.dpi(), page.getMediaBox().getHeight(), 0.5);
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(i + 1);
                stripper.setEndPage(i + 1);
                String extracted = stripper.getText(document);
                assertEquals(OcrQuality.fold(content.text()), OcrQuality.fold(extracted), "page " + (i + 1));
                assertEquals(content.text().split("\n").length, extracted.strip().split("\\R").length,
                        "page " + (i + 1) + " keeps its lines");
                assertTrue(allTextIsInvisible(page), "page " + (i + 1));
            }
            assertEquals(COSName.CCITTFAX_DECODE, imageOf(document.getPage(0)).getCOSObject().getCOSName(COSName.FILTER),
                    "black-and-white page as CCITT G4");
            assertEquals(COSName.DCT_DECODE, imageOf(document.getPage(1)).getCOSObject().getCOSName(COSName.FILTER),
                    "gray page as JPEG");
        }
    }

    @Test
    void withoutTesseractsGlyphlessFontTheTextIsStillThereAndTheFileStillPdfA(@TempDir Path emptyTessdata) throws Exception {
        byte[] pdf = write(new SearchablePdfWriter(emptyTessdata), new AtomicInteger());
        assertEquals(List.of(), VeraPdf.failedRules(pdf), "the PDF/A-2b rules veraPDF finds broken");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String extracted = new PDFTextStripper().getText(document);
            String expected = pages.stream().map(p -> p.content().text()).reduce("", (a, b) -> a + "\n" + b);
            assertTrue(OcrQuality.characterErrorRate(extracted, expected) < 0.01, extracted);
        }
    }

    private static byte[] write(SearchablePdfWriter writer, AtomicInteger loaded) throws IOException {
        List<SearchablePdfWriter.Page> toWrite = new ArrayList<>();
        for (ProcessedPage page : pages) {
            toWrite.add(new SearchablePdfWriter.Page(page.content(), SearchablePdfWriter.ImageLoader.png(() -> {
                loaded.incrementAndGet();
                return page.imagePng();
            })));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(toWrite, out);
        return out.toByteArray();
    }

    private static PDImageXObject imageOf(PDPage page) throws IOException {
        for (COSName name : page.getResources().getXObjectNames()) {
            if (page.getResources().getXObject(name) instanceof PDImageXObject image) return image;
        }
        throw new AssertionError("no image on the page");
    }

    /** Every text object is drawn in render mode 3 (neither fill nor stroke) before any text is shown. */
    private static boolean allTextIsInvisible(PDPage page) throws IOException {
        PDFStreamParser parser = new PDFStreamParser(page);
        List<Object> tokens = parser.parse();
        int mode = 0;
        boolean showed = false;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) instanceof Operator operator) {
                if (operator.getName().equals("Tr")) mode = ((COSNumber) tokens.get(i - 1)).intValue();
                if (operator.getName().equals("Tj")) {
                    showed = true;
                    if (mode != 3) return false;
                }
            }
        }
        return showed;
    }
}
