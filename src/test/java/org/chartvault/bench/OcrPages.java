package org.chartvault.bench;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.chartvault.imaging.FileTypes;
import org.chartvault.imaging.PageImages;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.SourcePage;
import org.chartvault.imaging.UnreadableFileException;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Corpus;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.ScannedPage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pages the OCR benchmarks read, as files: generated chart pages scanned at 300 DPI the way a scanning room
 * delivers them, and the corpus scans. Each file keeps what the tesseract command reads (the file itself; for a PDF,
 * its page images as PNG, since the command does not read PDF), and its ground truth when there is one.
 */
final class OcrPages {
    static final PageLimits LIMITS = new PageLimits(2000, 150_000_000L);
    private static final Set<String> IMAGE_ENDINGS = Set.of("png", "tif", "tiff", "jpg", "jpeg", "pdf");

    /**
     * One original.
     *
     * @param set          "generated" or "corpus"
     * @param file         the original as uploaded to ChartVault
     * @param commandInput what the tesseract command reads: the file, or the page images of a PDF
     * @param truths       ground truth per page, or empty
     * @param scoring      "cer" for ground truth in reading order, "words" for bag-of-words scoring only
     * @param what         how the page was made or what it exercises, for the tables
     */
    record Original(String set, String name, Path file, List<Path> commandInput, List<String> truths, String scoring,
                    String what) {
    }

    private OcrPages() {
    }

    /**
     * {@code count} generated single-page chart documents at 300 DPI, in the mix of a scanning room: a third clean
     * gray, about half black-and-white (CCITT G4 TIFF), some skewed with sensor noise, one in twelve upside down.
     */
    static List<Original> generated(Path dir, int count) throws IOException {
        ChartGenerator generator = new ChartGenerator();
        List<Original> originals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ChartPage page = generator.page(9_000 + i);
            ScannedPage clean = page.scan(300);
            String name = String.format("g%02d", i + 1);
            Path file;
            String what;
            switch (i % 12) {
                case 0, 1, 2, 3 -> {
                    file = dir.resolve(name + "-gray.png");
                    Files.write(file, ChartFiles.png(clean));
                    what = "clean gray PNG";
                }
                case 8, 9 -> {
                    file = dir.resolve(name + "-skewed-noisy.png");
                    Files.write(file, ChartFiles.png(clean.apply(Degradation.skew(1.5).then(Degradation.gaussianNoise(8, i)))));
                    what = "gray PNG, skewed 1.5 degrees, noise";
                }
                case 11 -> {
                    file = dir.resolve(name + "-upside-down.tif");
                    Files.write(file, ChartFiles.tiff(List.of(clean.apply(Degradation.rotate(180).then(Degradation.binarize(150)))),
                            ChartFiles.TiffCompression.CCITT_G4));
                    what = "black-and-white G4 TIFF, upside down";
                }
                default -> {
                    file = dir.resolve(name + "-bw.tif");
                    Files.write(file, ChartFiles.tiff(List.of(clean.apply(Degradation.binarize(150))),
                            ChartFiles.TiffCompression.CCITT_G4));
                    what = "black-and-white G4 TIFF";
                }
            }
            originals.add(new Original("generated", file.getFileName().toString(), file, List.of(file),
                    List.of(page.text()), "cer", what));
        }
        return originals;
    }

    /** Every corpus scan (PDF, TIFF, PNG, JPEG), with ground truth where the corpus has it. */
    static List<Original> corpus(Path dir) throws IOException, UnreadableFileException {
        List<Original> originals = new ArrayList<>();
        for (Path file : Corpus.filesIn(Corpus.scans())) {
            String name = file.getFileName().toString();
            String ending = name.substring(name.lastIndexOf('.') + 1).toLowerCase();
            if (!IMAGE_ENDINGS.contains(ending)) continue;
            List<Path> input = ending.equals("pdf") ? pageImages(file, dir) : List.of(file);
            List<String> truths = List.of();
            Path truth = Corpus.groundTruthOf(file);
            if (Files.exists(truth)) truths = List.of(Files.readString(truth).split("\f"));
            String scoring = name.startsWith("scribe-") ? "words" : "cer";
            originals.add(new Original("corpus", name, file, input, truths, scoring, ""));
        }
        return originals;
    }

    /** The pages of a PDF as ChartVault reads them, written as PNG at their resolution (1-bit when bitonal). */
    static List<Path> pageImages(Path pdf, Path dir) throws IOException, UnreadableFileException {
        List<Path> images = new ArrayList<>();
        String base = pdf.getFileName().toString().replaceAll("\\.pdf$", "");
        for (SourcePage page : decode(pdf)) {
            Path image = dir.resolve(base + "-p" + page.number() + ".png");
            Files.write(image, PageImages.encodePng(page.bitonal() ? PageImages.toBitonal(page.image()) : page.image(), page.dpi()));
            images.add(image);
        }
        return images;
    }

    /** Every page of the file, decoded by ChartVault's page sources. */
    static List<SourcePage> decode(Path file) throws IOException, UnreadableFileException {
        List<SourcePage> pages = new ArrayList<>();
        try (PageSource source = PageSource.open(file, FileTypes.detect(file), LIMITS)) {
            for (int n = 1; n <= source.pageCount(); n++) pages.add(source.page(n));
        }
        return pages;
    }

    /**
     * One image-only PDF of all the pages, pixels unchanged (CCITT G4 for black-and-white pages, lossless for gray),
     * each page the physical size of its scan: the input ocrmypdf takes.
     */
    static void scannedPdf(List<SourcePage> pages, Path target) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            for (SourcePage page : pages) {
                float width = page.image().getWidth() * 72f / page.dpi();
                float height = page.image().getHeight() * 72f / page.dpi();
                PDPage pdfPage = new PDPage(new PDRectangle(width, height));
                pdf.addPage(pdfPage);
                PDImageXObject image = page.bitonal()
                        ? CCITTFactory.createFromImage(pdf, PageImages.toBitonal(page.image()))
                        : LosslessFactory.createFromImage(pdf, page.image());
                try (PDPageContentStream content = new PDPageContentStream(pdf, pdfPage)) {
                    content.drawImage(image, 0, 0, width, height);
                }
            }
            pdf.save(target.toFile());
        }
    }
}
