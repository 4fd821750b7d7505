package org.chartvault.ocr;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;
import org.chartvault.imaging.BlankPageDetector;
import org.chartvault.imaging.Deskewer;
import org.chartvault.imaging.PageImages;
import org.chartvault.imaging.SourcePage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ingest pipeline calls for every page it takes out of an original: normalise the page, read its text and
 * hand back what to store.
 * <p>
 * For a scanned page: blank check (a blank page is kept but not OCR'd), speckle filter when the page is full of lone
 * specks, deskew by Leptonica, then OCR with a deadline; a page whose reading is poor or runs up the page is turned
 * as Tesseract's orientation detector says and read again. Pages finer than 400 DPI are brought to 300; pages coarser
 * than 150 DPI are read from a copy enlarged to 200 DPI. When the orientation detector is unsure and the text comes
 * out poor, the page is read upside down as well and the better reading wins. A gray page whose reading leaves much
 * of its ink outside the words read (a shaded band, a table column the page-wide threshold lost) is read again with
 * local thresholds. For a born-digital PDF page (text layer), the rendered page and the
 * layer's words are stored as they are: no OCR, no turning.
 * <p>
 * All the work runs on the OCR workers (one Tesseract engine each), so at most {@code workers} pages are being
 * processed at once whatever the number of callers. Thread-safe.
 */
public final class PageProcessor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PageProcessor.class);

    /** Resolution of stored pages scanned finer than {@link #MAX_DPI}. */
    static final int TARGET_DPI = 300;
    /** Above this, OCR and storage cost grows with no gain in accuracy: such pages are scaled down and stored so. */
    static final int MAX_DPI = 400;
    /**
     * Below this, text is too small for Tesseract: the page is read from a copy enlarged to {@link #READ_DPI} and
     * stored at its own resolution (enlarging adds no information to the archive, only bytes). Measured on corpus
     * pages reduced to 150, 100 and 75 DPI: at 150 DPI reading the page as it is was as good as enlarging it;
     * at 100 and 75 DPI enlarging cut the character error rate from 2-5 % to about 1 %, and 300 DPI did no better
     * than 200 while costing a quarter more OCR time (a 96 DPI receipt read worse at 300: 2.0 % against 0.4 %).
     */
    static final int ENLARGE_BELOW_DPI = 150;
    static final int READ_DPI = 200;
    /**
     * Share of lone dark specks above which a page gets a median filter before OCR. Clean pages measure under
     * 0.00001; the corpus page with impulse noise measures 0.023 and its OCR error falls from 16 % to 0 % filtered.
     */
    static final double SPECKLED = 0.001;
    /** Mean word confidence from which a reading is accepted without trying the page upside down. */
    private static final double GOOD_CONFIDENCE = 75;
    /** A page read with at least this many words at {@link #GOOD_CONFIDENCE} is taken as upright without asking. */
    private static final int WELL_READ_WORDS = 20;

    /**
     * Share of a gray page's ink left outside every word box from which the page is read a second time with local
     * thresholds ({@link OcrEngine.Threshold#LOCAL}). Text pages measure 0 to 0.03 (the scribe prose pages, the
     * s01-s06 charts, table_08); the bank-statement table that lost its cheque-number column 0.135, pages with a
     * shaded band, margin numbers or a picture 0.23 to 0.77 (BENCHMARKS.md, "OCR quality").
     */
    static final double UNREAD_INK = 0.10;
    /**
     * The local-threshold reading is kept unless it finds clearly less text: on the corpus pages read twice its
     * evidence was 0.995-1.07 of the first reading's, and it found as many ground-truth words or more on all but one
     * (0.862 against 0.868), while a page whose first lines it lost (a median-filtered book page) scored far lower.
     */
    static final double LOCAL_EVIDENCE = 0.95;
    /** Size in pixels of the cells word boxes are marked in when measuring unread ink. */
    private static final int INK_CELL = 4;

    private final OcrSettings settings;
    private final OcrWorkers workers;
    private final Deskewer deskewer = new Deskewer();
    private final BlankPageDetector blankPages = new BlankPageDetector();

    /** Starts the OCR workers; fails at once when Tesseract or its models are missing. */
    public PageProcessor(OcrSettings settings) {
        this.settings = settings;
        this.workers = new OcrWorkers(settings);
    }

    /** Processes the page on an OCR worker and waits for the result. */
    public ProcessedPage process(SourcePage page) throws PageFailedException {
        try {
            return submit(page).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PageFailedException("Processing of page " + page.number() + " was interrupted.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PageFailedException failed) throw failed;
            log.warn("page {} failed", page.number(), cause);
            throw new PageFailedException("Page " + page.number() + " could not be processed ("
                    + cause.getClass().getSimpleName() + ").", cause);
        }
    }

    /**
     * Reads again a stored page that a person turned upright by hand: no orientation detection and no deskew
     * (the person decided), OCR only. {@code rotation} is the page's total turn from the scan, kept in its record.
     */
    public ProcessedPage reread(int number, BufferedImage uprightGray, int dpi, boolean bitonal, int rotation, double skew)
            throws PageFailedException {
        SourcePage page = new SourcePage(number, uprightGray, dpi, bitonal, SourcePage.Origin.IMAGE_FILE, List.of(), skew,
                List.of("Turned by hand; read again."));
        try {
            return workers.submit(engine -> {
                Clock clock = new Clock(settings.pageTimeout());
                List<String> notes = new ArrayList<>(page.notes());
                OcrResult result = read(engine, uprightGray, dpi, clock);
                if (!bitonal) result = withLocalThresholds(engine, number, uprightGray, dpi, result, notes, clock);
                long ocrMillis = clock.lap();
                PageContent content = new PageContent(number, uprightGray.getWidth(), uprightGray.getHeight(), dpi,
                        PageContent.SOURCE_OCR, Math.floorMod(rotation, 360), skew, result.meanConfidence(), result.text(),
                        result.words(), false);
                return stored(page, uprightGray, content, notes, clock, 0, 0, 0, ocrMillis);
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PageFailedException("Reading page " + number + " again was interrupted.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PageFailedException failed) throw failed;
            throw new PageFailedException("Page " + number + " could not be read again.", e.getCause());
        }
    }

    /** Queues the page for the next free OCR worker. */
    public CompletableFuture<ProcessedPage> submit(SourcePage page) {
        return workers.submit(engine -> process(engine, page));
    }

    ProcessedPage process(OcrEngine engine, SourcePage page) throws PageFailedException {
        Clock clock = new Clock(settings.pageTimeout());
        List<String> notes = new ArrayList<>(page.notes());
        if (page.hasTextLayer()) return textLayerPage(page, notes, clock);

        BufferedImage image = page.image();
        int dpi = page.dpi();
        if (dpi > MAX_DPI) {
            image = PageImages.scale(image, (double) TARGET_DPI / dpi, (double) TARGET_DPI / dpi);
            notes.add("Scaled from " + dpi + " to " + TARGET_DPI + " DPI.");
            dpi = TARGET_DPI;
        }
        if (blankPages.isBlank(image, dpi)) {
            PageContent content = new PageContent(page.number(), image.getWidth(), image.getHeight(), dpi,
                    PageContent.SOURCE_OCR, 0, page.skewRemoved(), null, "", List.of(), true);
            return stored(page, image, content, notes, clock, clock.lap(), 0, 0, 0);
        }
        if (PageImages.isolatedSpeckShare(image) >= SPECKLED) {
            image = PageImages.median3x3(image);
            notes.add("Speckle noise was filtered out before OCR.");
        }
        double enlargement = dpi < ENLARGE_BELOW_DPI ? (double) READ_DPI / dpi : 1;
        int readDpi = enlargement > 1 ? READ_DPI : dpi;
        if (enlargement > 1) {
            image = PageImages.scale(image, enlargement, enlargement);
            notes.add("Read at " + READ_DPI + " DPI, enlarged from " + dpi + " DPI.");
        }
        long normalise = clock.lap();

        // Nearly every page a scanning room sends is upright: it is read as it is, and the orientation detector
        // (half the cost of a reading at 300 DPI) is asked only when that reading is poor.
        BufferedImage asScanned = image;
        boolean readAsStored = page.bitonal() && enlargement == 1;
        Deskewer.Result straightened = straighten(asScanned, readAsStored);
        image = straightened.image();
        long deskewMillis = clock.lap();
        OcrResult result = read(engine, image, readDpi, clock);
        long ocrMillis = clock.lap();
        int rotation = 0;
        long orientationMillis = 0;
        if (!readsUpright(result)) {
            Orientation orientation = engine.detectOrientation(asScanned, readDpi);
            orientationMillis = clock.lap();
            if (orientation.correction() != 0) {
                rotation = orientation.correction();
                straightened = straighten(PageImages.rotateQuarterTurns(asScanned, rotation / 90), readAsStored);
                image = straightened.image();
                deskewMillis += clock.lap();
                result = read(engine, image, readDpi, clock);
            }
            if (!orientation.sure() && !confident(result)) {
                BufferedImage flipped = PageImages.rotateQuarterTurns(image, 2);
                OcrResult flippedResult = read(engine, flipped, readDpi, clock);
                log.debug("page {}: orientation {} unsure ({}); evidence {} vs {} upside down", page.number(),
                        orientation.degrees(), orientation.confidence(), result.evidence(), flippedResult.evidence());
                if (flippedResult.evidence() > result.evidence()) {
                    image = flipped;
                    result = flippedResult;
                    rotation = Math.floorMod(rotation + 180, 360);
                }
            }
            ocrMillis += clock.lap();
        }
        if (!page.bitonal()) {
            result = withLocalThresholds(engine, page.number(), image, readDpi, result, notes, clock);
            ocrMillis += clock.lap();
        }
        if (enlargement > 1) {
            // back to the page's own resolution, words with it
            image = PageImages.resize(image, (int) Math.round(image.getWidth() / enlargement),
                    (int) Math.round(image.getHeight() / enlargement));
            result = result.scaled(1 / enlargement, image.getWidth(), image.getHeight());
        }
        if (rotation != 0) notes.add("Turned " + rotation + " degrees clockwise to make the page upright.");
        PageContent content = new PageContent(page.number(), image.getWidth(), image.getHeight(), dpi,
                PageContent.SOURCE_OCR, rotation, page.skewRemoved() + straightened.degreesClockwise(),
                result.meanConfidence(), result.text(), result.words(), false);
        return stored(page, image, content, notes, clock, normalise, orientationMillis, deskewMillis, ocrMillis);
    }

    /**
     * Deskews the page. Straightening mixes a black-and-white page's edges into grays; with {@code blackAndWhite}
     * the result is made black and white again at the middle, as it is stored, so Tesseract reads the pixels the
     * archive keeps. Read with the gray edges, a bitonal page turned 0.8 degrees (tesseract-eurotext) came out with
     * two more misread words than the tesseract command; read as stored it matches the command.
     */
    private Deskewer.Result straighten(BufferedImage gray, boolean blackAndWhite) {
        Deskewer.Result straightened = deskewer.deskew(gray);
        if (!blackAndWhite || straightened.degreesClockwise() == 0) return straightened;
        return new Deskewer.Result(PageImages.toGray(PageImages.toBitonal(straightened.image())),
                straightened.degreesClockwise());
    }

    private static boolean confident(OcrResult result) {
        return result.meanConfidence() != null && result.meanConfidence() >= GOOD_CONFIDENCE;
    }

    /**
     * A reading that shows the page was upright: read well, in lines that run across the page. Tesseract also
     * reads lines that run up or down the page, so a page turned a quarter can read well too.
     */
    private static boolean readsUpright(OcrResult result) {
        if (!confident(result) || result.words().size() < WELL_READ_WORDS) return false;
        long across = 0, words = 0;
        for (Word word : result.words()) {
            if (word.text().length() < 3) continue;
            words++;
            if (word.width() > word.height()) across++;
        }
        return words > 0 && across >= 0.9 * words;
    }

    /**
     * Share of the page's dark pixels (sampled every other pixel) that lie outside every word box, boxes widened by
     * a quarter of their height. Text, rules and specks near words are covered; what is left is ink Tesseract
     * did not read: pictures, lines, shaded areas, and text it lost.
     */
    static double unreadInkShare(BufferedImage gray, List<Word> words) {
        int width = gray.getWidth();
        int height = gray.getHeight();
        int cellsAcross = (width + INK_CELL - 1) / INK_CELL;
        boolean[] covered = new boolean[cellsAcross * ((height + INK_CELL - 1) / INK_CELL)];
        for (Word word : words) {
            int margin = word.height() / 4;
            int left = Math.max(0, word.x() - margin) / INK_CELL;
            int right = Math.min(width - 1, word.x() + word.width() + margin) / INK_CELL;
            int top = Math.max(0, word.y() - margin) / INK_CELL;
            int bottom = Math.min(height - 1, word.y() + word.height() + margin) / INK_CELL;
            for (int cy = top; cy <= bottom; cy++) {
                for (int cx = left; cx <= right; cx++) covered[cy * cellsAcross + cx] = true;
            }
        }
        byte[] pixels = PageImages.pixels(gray);
        long dark = 0, unread = 0;
        for (int y = 0; y < height; y += 2) {
            int row = y * width;
            int cellRow = (y / INK_CELL) * cellsAcross;
            for (int x = 0; x < width; x += 2) {
                if ((pixels[row + x] & 0xff) >= 128) continue;
                dark++;
                if (!covered[cellRow + x / INK_CELL]) unread++;
            }
        }
        return dark == 0 ? 0 : (double) unread / dark;
    }

    /**
     * The reading of a gray page, or its reading with local thresholds when the first left {@link #UNREAD_INK} of the
     * ink outside its words (text on a shaded band, a table column lost to one threshold for the page) and the
     * second finds about as much text or more.
     */
    private static OcrResult withLocalThresholds(OcrEngine engine, int number, BufferedImage image, int dpi,
                                                 OcrResult result, List<String> notes, Clock clock)
            throws PageFailedException {
        double unread = unreadInkShare(image, result.words());
        if (unread < UNREAD_INK) return result;
        OcrResult local;
        try {
            local = engine.recognise(image, dpi, OcrEngine.Layout.AUTO, OcrEngine.Threshold.LOCAL, clock.remaining());
        } catch (PageFailedException e) {
            if (clock.expired()) throw clock.timedOut();
            throw e;
        }
        log.debug("page {}: {} of the ink unread; evidence {} with one threshold, {} with local thresholds",
                number, unread, result.evidence(), local.evidence());
        if (local.evidence() < LOCAL_EVIDENCE * result.evidence()) return result;
        notes.add("Read with local thresholds (shaded areas or table columns on the page).");
        return local;
    }

    /** OCR with automatic layout; a page where that finds nothing is read again as a single block of text. */
    private static OcrResult read(OcrEngine engine, BufferedImage image, int dpi, Clock clock) throws PageFailedException {
        try {
            OcrResult result = engine.recognise(image, dpi, OcrEngine.Layout.AUTO, clock.remaining());
            if (!result.words().isEmpty()) return result;
            return engine.recognise(image, dpi, OcrEngine.Layout.SINGLE_BLOCK, clock.remaining());
        } catch (PageFailedException e) {
            if (clock.expired()) throw clock.timedOut();
            throw e;
        }
    }

    private ProcessedPage textLayerPage(SourcePage page, List<String> notes, Clock clock) {
        List<Word> words = page.textLayer();
        BufferedImage image = page.image();
        int width = page.isPreview() ? page.fullSize().width() : image.getWidth();
        int height = page.isPreview() ? page.fullSize().height() : image.getHeight();
        PageContent content = new PageContent(page.number(), width, height, page.dpi(),
                PageContent.SOURCE_TEXT_LAYER, 0, 0, words.isEmpty() ? null : 100.0, OcrResult.textOf(words), words,
                false);
        if (page.isPreview()) {
            byte[] thumbnail = PageImages.thumbnailPng(image);
            var timings = new ProcessedPage.Timings(0, 0, 0, 0, clock.lap(), clock.total());
            return new ProcessedPage(null, thumbnail, content, notes, timings);
        }
        return stored(page, image, content, notes, clock, 0, 0, 0, 0);
    }

    private ProcessedPage stored(SourcePage page, BufferedImage image, PageContent content, List<String> notes,
                                 Clock clock, long normalise, long orientation, long deskew, long ocr) {
        byte[] png = PageImages.encodePng(page.bitonal() ? PageImages.toBitonal(image) : image, content.dpi());
        byte[] thumbnail = PageImages.thumbnailPng(image);
        long encode = clock.lap();
        var timings = new ProcessedPage.Timings(normalise, orientation, deskew, ocr, encode, clock.total());
        log.debug("page {}: {} words, confidence {}, rotation {}, skew {}, {}", page.number(), content.words().size(),
                content.confidence(), content.rotation(), content.skew(), timings);
        return new ProcessedPage(png, thumbnail, content, notes, timings);
    }

    @Override
    public void close() {
        workers.close();
    }

    /** Time spent on a page, stage by stage, against the page's time limit. */
    private static final class Clock {
        private final long started = System.nanoTime();
        private final Duration limit;
        private long lastLap = started;

        Clock(Duration limit) {
            this.limit = limit;
        }

        long lap() {
            long now = System.nanoTime();
            long millis = (now - lastLap) / 1_000_000;
            lastLap = now;
            return millis;
        }

        long total() {
            return (System.nanoTime() - started) / 1_000_000;
        }

        Duration remaining() throws PageFailedException {
            if (expired()) throw timedOut();
            return limit.minusNanos(System.nanoTime() - started);
        }

        boolean expired() {
            return System.nanoTime() - started >= limit.toNanos();
        }

        PageFailedException timedOut() {
            return new PageFailedException("The page took longer than " + PageFailedException.seconds(limit) + " to process.");
        }
    }
}
