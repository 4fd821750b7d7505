package org.chartvault.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * A batch as it comes off a sheet-fed scanner: the pages of several documents in one run, and which document
 * each page belongs to. Write it with {@link ChartFiles} as one multi-page TIFF or PDF.
 *
 * <pre>{@code
 * List<ChartDocument> chart = new ChartGenerator().chart(11, 4);
 * ScanStream batch = ScanStream.duplex(chart, 300, i -> Degradation.skew(i % 2 == 0 ? 0.8 : -1.1)
 *         .then(Degradation.gaussianNoise(6, i)), 11);
 * byte[] tiff = ChartFiles.tiff(batch.pages(), TiffCompression.LZW);
 * String truth = ChartFiles.groundTruth(batch.printed());   // pages separated by form feeds
 * }</pre>
 *
 * @param documentOfPage for each page, the index in {@code documents} it belongs to (a blank back belongs to
 *                       the document of the sheet it is the back of)
 */
public record ScanStream(List<ScannedPage> pages, List<Integer> documentOfPage, List<ChartDocument> documents) {

    public ScanStream {
        pages = List.copyOf(pages);
        documentOfPage = List.copyOf(documentOfPage);
        documents = List.copyOf(documents);
        if (pages.size() != documentOfPage.size()) throw new IllegalArgumentException("every page needs its document");
    }

    /**
     * Every page of every document, scanned at {@code dpi} and then degraded by {@code scanner.apply(i)},
     * {@code i} being the page's position in the stream (so noise can differ from page to page).
     */
    public static ScanStream of(List<ChartDocument> documents, int dpi, IntFunction<Degradation> scanner) {
        return build(documents, dpi, scanner, null);
    }

    /**
     * Single-sided sheets scanned in duplex: every page is followed by its back — mostly plain paper, now and
     * then with a punch-hole or pen mark or with the front showing through ({@link BlankPages}).
     */
    public static ScanStream duplex(List<ChartDocument> documents, int dpi, IntFunction<Degradation> scanner, long seed) {
        return build(documents, dpi, scanner, Seeds.random(seed, 0));
    }

    private static ScanStream build(List<ChartDocument> documents, int dpi, IntFunction<Degradation> scanner, Random backs) {
        List<ScannedPage> pages = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            for (ChartPage page : documents.get(d).pages()) {
                pages.add(page.scan(dpi).apply(scanner.apply(pages.size())));
                owners.add(d);
                if (backs == null) continue;
                int kind = backs.nextInt(10);
                long seed = backs.nextLong();
                ScannedPage back = kind < 7 ? BlankPages.backOfSheet(dpi, seed)
                        : kind < 9 ? BlankPages.withMark(dpi, seed) : BlankPages.withBleedThrough(page, dpi, seed);
                pages.add(back.apply(scanner.apply(pages.size())));
                owners.add(d);
            }
        }
        return new ScanStream(pages, owners, documents);
    }

    /** The pages of one document, blank backs included, in stream order. */
    public List<ScannedPage> pagesOf(int document) {
        return IntStream.range(0, pages.size()).filter(i -> documentOfPage.get(i) == document).mapToObj(pages::get).toList();
    }

    /** Stream positions (0-based) where each document's first page lies: where a capture step should split. */
    public List<Integer> documentStarts() {
        return IntStream.range(0, pages.size())
                .filter(i -> i == 0 || !documentOfPage.get(i).equals(documentOfPage.get(i - 1))).boxed().toList();
    }

    /** What is printed on each page of the stream, in order. */
    public List<ChartPage> printed() {
        return pages.stream().map(ScannedPage::printed).toList();
    }
}
