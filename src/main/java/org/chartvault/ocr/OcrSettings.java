package org.chartvault.ocr;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.chartvault.Config;

/**
 * How OCR runs.
 *
 * @param tessdata    folder with {@code <language>.traineddata}, {@code osd.traineddata} and {@code pdf.ttf}
 * @param language    Tesseract language(s), e.g. {@code eng} or {@code eng+spa}
 * @param workers     OCR worker threads, one Tesseract engine each (OpenMP off: OMP_THREAD_LIMIT=1)
 * @param pageTimeout how long one page may take, normalisation and OCR together, before it fails
 */
public record OcrSettings(Path tessdata, String language, int workers, Duration pageTimeout) {
    public OcrSettings {
        Objects.requireNonNull(tessdata, "tessdata");
        if (language == null || language.isBlank()) throw new IllegalArgumentException("an OCR language is needed");
        if (workers < 1) throw new IllegalArgumentException("at least one OCR worker is needed, not " + workers);
        if (pageTimeout == null || pageTimeout.isNegative() || pageTimeout.isZero()) {
            throw new IllegalArgumentException("the page timeout must be positive");
        }
    }

    public static OcrSettings from(Config.Ocr ocr) {
        return new OcrSettings(ocr.tessdata(), ocr.language(), ocr.workers(), ocr.pageTimeout());
    }
}
