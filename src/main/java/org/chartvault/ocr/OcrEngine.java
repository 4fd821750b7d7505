package org.chartvault.ocr;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import net.sourceforge.tess4j.ITessAPI.ETEXT_DESC;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessOcrEngineMode;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessPageIteratorLevel;
import net.sourceforge.tess4j.ITessAPI.TessPageSegMode;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;
import org.chartvault.imaging.Word;
import org.chartvault.imaging.PageImages;

/**
 * One Tesseract engine, initialised once and reused for every page it is given. Not thread-safe: each OCR worker
 * owns one (see {@link OcrWorkers}).
 * <p>
 * It holds two Tesseract handles: the recogniser (the configured language, LSTM) and an orientation detector. In
 * Tesseract 5.3 orientation detection needs {@code osd.traineddata}, which has only a legacy-engine model: a handle
 * initialised with "eng" or "eng+osd" in LSTM mode answers every page with "270 degrees, confidence 250", so the
 * detector is a second handle initialised with "osd" and the legacy engine.
 * <p>
 * Bound through tess4j's {@code TessAPI} (JNA interface mapping, functions looked up on first use) rather than
 * {@code TessAPI1}, whose direct mapping binds functions Tesseract 5.3 lacks (TessPAGERendererCreate...) and fails
 * to load.
 */
final class OcrEngine implements AutoCloseable {
    private final TessAPI api = TessAPI.INSTANCE;
    private final TessBaseAPI recogniser;
    private final TessBaseAPI orientationDetector;
    /** Pixels handed to Tesseract; kept between pages so a direct buffer is not allocated per page. */
    private ByteBuffer imageBuffer = ByteBuffer.allocateDirect(0);

    OcrEngine(Path tessdata, String language) {
        for (String model : List.of(language.split("\\+")[0], "osd")) {
            if (!Files.isRegularFile(tessdata.resolve(model + ".traineddata"))) {
                throw new IllegalStateException("Tesseract model " + model + ".traineddata is missing from " + tessdata
                        + " (Debian packages tesseract-ocr-" + model + ")");
            }
        }
        recogniser = create(tessdata, language, TessOcrEngineMode.OEM_LSTM_ONLY);
        orientationDetector = create(tessdata, "osd", TessOcrEngineMode.OEM_TESSERACT_ONLY);
        api.TessBaseAPISetPageSegMode(orientationDetector, TessPageSegMode.PSM_OSD_ONLY);
    }

    private TessBaseAPI create(Path tessdata, String language, int engineMode) {
        TessBaseAPI handle = api.TessBaseAPICreate();
        if (api.TessBaseAPIInit2(handle, tessdata.toString(), language, engineMode) != 0) {
            api.TessBaseAPIDelete(handle);
            throw new IllegalStateException("Tesseract could not load language '" + language + "' from " + tessdata);
        }
        // Tesseract's progress chatter ("Estimating resolution...") would otherwise go to the service's stderr
        api.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
        return handle;
    }

    /** How Tesseract looks for text on the page. */
    enum Layout {
        /** Find columns, blocks and lines (Tesseract's default page segmentation; needed for multi-column pages). */
        AUTO(TessPageSegMode.PSM_AUTO),
        /** Take the page as one block of text: finds a lone big word or number that AUTO discards as a picture. */
        SINGLE_BLOCK(TessPageSegMode.PSM_SINGLE_BLOCK);

        private final int pageSegMode;

        Layout(int pageSegMode) {
            this.pageSegMode = pageSegMode;
        }
    }

    /** How Tesseract turns the gray page into black and white before it looks for text. */
    enum Threshold {
        /** One Otsu threshold for the whole page (Tesseract's default): right for most pages, and the cheapest. */
        PAGE("0"),
        /**
         * Sauvola's local threshold (a window of a third of an inch): keeps text on a shaded band or a gray table
         * header that one threshold for the page turns solid. Not the default: it hollows strokes wider than its
         * window (large digits) and lost the first lines of a median-filtered book page (ocrmypdf-c02-22).
         */
        LOCAL("2");

        private final String method;

        Threshold(String method) {
            this.method = method;
        }
    }

    /** Which way up the page is, as Tesseract's orientation detector sees it. */
    Orientation detectOrientation(BufferedImage gray, int dpi) {
        setImage(orientationDetector, gray, dpi);
        try {
            IntBuffer degrees = IntBuffer.allocate(1);
            FloatBuffer confidence = FloatBuffer.allocate(1);
            FloatBuffer scriptConfidence = FloatBuffer.allocate(1);
            int found = api.TessBaseAPIDetectOrientationScript(orientationDetector, degrees, confidence,
                    new PointerByReference(), scriptConfidence);
            return found == 1 ? new Orientation(degrees.get(0), confidence.get(0)) : Orientation.UNKNOWN;
        } finally {
            api.TessBaseAPIClear(orientationDetector);
        }
    }

    /**
     * Recognises the page's words, giving up when {@code timeLimit} has passed. Tesseract checks the deadline
     * between words; page layout analysis before that is not interruptible but is bounded by the page size.
     */
    OcrResult recognise(BufferedImage gray, int dpi, Layout layout, Duration timeLimit) throws PageFailedException {
        return recognise(gray, dpi, layout, Threshold.PAGE, timeLimit);
    }

    OcrResult recognise(BufferedImage gray, int dpi, Layout layout, Threshold threshold, Duration timeLimit)
            throws PageFailedException {
        long started = System.nanoTime();
        api.TessBaseAPISetPageSegMode(recogniser, layout.pageSegMode);
        api.TessBaseAPISetVariable(recogniser, "thresholding_method", threshold.method);
        setImage(recogniser, gray, dpi);
        try {
            ETEXT_DESC monitor = api.TessMonitorCreate();
            int status;
            try {
                api.TessMonitorSetDeadlineMSecs(monitor, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeLimit.toMillis())));
                status = api.TessBaseAPIRecognize(recogniser, monitor);
            } finally {
                api.TessMonitorDelete(monitor);
            }
            if (status != 0) {
                Duration spent = Duration.ofNanos(System.nanoTime() - started);
                throw new PageFailedException(spent.compareTo(timeLimit) >= 0
                        ? "OCR of the page did not finish within " + PageFailedException.seconds(timeLimit) + "."
                        : "Tesseract could not recognize the page.");
            }
            return collectWords();
        } finally {
            api.TessBaseAPIClear(recogniser);
        }
    }

    private OcrResult collectWords() {
        List<Word> words = new ArrayList<>();
        TessResultIterator iterator = api.TessBaseAPIGetIterator(recogniser);
        if (iterator == null) return OcrResult.of(words);
        try {
            TessPageIterator page = api.TessResultIteratorGetPageIterator(iterator);
            int level = TessPageIteratorLevel.RIL_WORD;
            int line = -1;
            IntBuffer left = IntBuffer.allocate(1);
            IntBuffer top = IntBuffer.allocate(1);
            IntBuffer right = IntBuffer.allocate(1);
            IntBuffer bottom = IntBuffer.allocate(1);
            do {
                if (api.TessPageIteratorIsAtBeginningOf(page, TessPageIteratorLevel.RIL_TEXTLINE) != 0 || line < 0) line++;
                Pointer utf8 = api.TessResultIteratorGetUTF8Text(iterator, level);
                if (utf8 == null) continue;
                String text;
                try {
                    text = utf8.getString(0, StandardCharsets.UTF_8.name()).strip();
                } finally {
                    api.TessDeleteText(utf8);
                }
                if (text.isEmpty()) continue;
                float confidence = api.TessResultIteratorConfidence(iterator, level);
                api.TessPageIteratorBoundingBox(page, level, left, top, right, bottom);
                words.add(new Word(text, left.get(0), top.get(0), Math.max(1, right.get(0) - left.get(0)),
                        Math.max(1, bottom.get(0) - top.get(0)), Math.max(0, Math.min(100, confidence)), line));
            } while (api.TessPageIteratorNext(page, level) != 0);
        } finally {
            api.TessResultIteratorDelete(iterator);
        }
        return OcrResult.of(renumberLines(words));
    }

    /** Lines numbered 0, 1, 2... without the gaps left by lines that held only empty words. */
    private static List<Word> renumberLines(List<Word> words) {
        List<Word> renumbered = new ArrayList<>(words.size());
        int previous = Integer.MIN_VALUE;
        int line = -1;
        for (Word word : words) {
            if (word.line() != previous) {
                line++;
                previous = word.line();
            }
            renumbered.add(word.line() == line ? word
                    : new Word(word.text(), word.x(), word.y(), word.width(), word.height(), word.confidence(), line));
        }
        return renumbered;
    }

    private void setImage(TessBaseAPI handle, BufferedImage gray, int dpi) {
        byte[] pixels = PageImages.pixels(gray);
        if (imageBuffer.capacity() < pixels.length) imageBuffer = ByteBuffer.allocateDirect(pixels.length);
        imageBuffer.clear();
        imageBuffer.put(pixels).flip();
        // Tesseract copies the pixels into its own image here, so the buffer can be reused for the next page
        api.TessBaseAPISetImage(handle, imageBuffer, gray.getWidth(), gray.getHeight(), 1, gray.getWidth());
        api.TessBaseAPISetSourceResolution(handle, dpi);
    }

    @Override
    public void close() {
        for (TessBaseAPI handle : List.of(recogniser, orientationDetector)) {
            api.TessBaseAPIEnd(handle);
            api.TessBaseAPIDelete(handle);
        }
    }
}
