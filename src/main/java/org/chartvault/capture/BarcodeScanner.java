package org.chartvault.capture;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.GenericMultipleBarcodeReader;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the barcodes capture cares about on a scanned page: a ChartVault separator sheet (QR) and patient
 * labels (Code 128 or DataMatrix). Pages come 8-bit gray or bitonal, 200-300 DPI, a few degrees crooked or
 * upside down. QR and DataMatrix read at any angle; Code 128 is read in both directions and, with TRY_HARDER,
 * across the page too; so no page needs turning first.
 *
 * <p>Most pages carry no barcode, so each step is chosen to cost little when there is nothing to find:
 * <ol>
 *   <li>QR on a half-resolution copy (about 150 DPI; a separator's modules are still 4 pixels or more) —
 *       a separator found here ends the search;</li>
 *   <li>DataMatrix: ZXing's detector only looks at the middle of its image, so the ink blobs of the same copy
 *       that are shaped like a symbol are each read at full resolution in a crop of their own;</li>
 *   <li>Code 128 at full resolution (bars of 10-15 mil are 2-4 pixels), row by row, which needs no
 *       binarisation of the whole page; on a gray page, again on the reduced copy, where noise averages out.</li>
 * </ol>
 * Thread-safe: every call uses its own readers.
 */
public final class BarcodeScanner {
    // above this many pixels on the long side the 2D search reads a reduced copy (3300 at 300 DPI -> 1650)
    private static final int REDUCED_LONG_SIDE = 1800;
    // DataMatrix labels are 0.2 to 2.5 inches across; a letter or A4 page is about 11 inches long
    private static final double MIN_SYMBOL_INCHES = 0.2, MAX_SYMBOL_INCHES = 2.5, PAGE_INCHES = 11;
    // rectangular DataMatrix symbols run up to 16 x 48 modules
    private static final double MAX_SYMBOL_ASPECT = 3.3;
    // bounds the work on a page full of signatures or stamps
    private static final int MAX_SYMBOL_CANDIDATES = 40;

    private static final Map<DecodeHintType, Object> QR_HINTS = Map.of(
            DecodeHintType.POSSIBLE_FORMATS, EnumSet.of(BarcodeFormat.QR_CODE), DecodeHintType.TRY_HARDER, Boolean.TRUE);
    private static final Map<DecodeHintType, Object> DATA_MATRIX_HINTS = Map.of(
            DecodeHintType.POSSIBLE_FORMATS, EnumSet.of(BarcodeFormat.DATA_MATRIX), DecodeHintType.TRY_HARDER, Boolean.TRUE);
    private static final Map<DecodeHintType, Object> CODE_128_HINTS = Map.of(
            DecodeHintType.POSSIBLE_FORMATS, EnumSet.of(BarcodeFormat.CODE_128), DecodeHintType.TRY_HARDER, Boolean.TRUE);

    public PageBarcodes scan(BufferedImage page) {
        GrayPage full = GrayPage.of(page);
        int factor = Math.max(1, (int) Math.ceil(Math.max(full.width(), full.height()) / (double) REDUCED_LONG_SIDE));
        GrayPage reduced = full.reduced(factor);
        BinaryBitmap reducedBits = new BinaryBitmap(new HybridBinarizer(reduced.luminance()));

        Findings found = new Findings();
        found.add(qrCodes(reducedBits));
        if (found.separator != null) return found.result();
        found.add(dataMatrices(full, reduced, reducedBits, factor));
        List<String> bars = code128(full);
        // sensor noise on a gray page breaks thin bars; averaging four pixels into one calms it
        if (bars.isEmpty() && factor > 1 && !isBitonal(page)) bars = code128(reduced);
        found.add(bars);
        return found.result();
    }

    private static List<String> qrCodes(BinaryBitmap bits) {
        try {
            return texts(new QRCodeMultiReader().decodeMultiple(bits, QR_HINTS));
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private static List<String> dataMatrices(GrayPage full, GrayPage reduced, BinaryBitmap reducedBits, int factor) {
        BitMatrix black;
        try {
            black = reducedBits.getBlackMatrix();
        } catch (NotFoundException e) {
            return List.of();
        }
        double perInch = Math.max(black.getWidth(), black.getHeight()) / PAGE_INCHES;
        List<String> texts = new ArrayList<>();
        MultiFormatReader reader = new MultiFormatReader();
        reader.setHints(DATA_MATRIX_HINTS);
        for (InkBlobs.Blob blob : InkBlobs.symbolLike(black, (int) (MIN_SYMBOL_INCHES * perInch),
                (int) (MAX_SYMBOL_INCHES * perInch), MAX_SYMBOL_ASPECT, MAX_SYMBOL_CANDIDATES)) {
            // the blob with a margin of half its size (the quiet zone and some skew), in full-resolution pixels
            int marginX = blob.width() / 2 + 2, marginY = blob.height() / 2 + 2;
            int left = Math.max(0, (blob.left() - marginX) * factor), top = Math.max(0, (blob.top() - marginY) * factor);
            int right = Math.min(full.width(), (blob.right() + 1 + marginX) * factor);
            int bottom = Math.min(full.height(), (blob.bottom() + 1 + marginY) * factor);
            LuminanceSource crop = full.luminance().crop(left, top, right - left, bottom - top);
            Optional<String> text = dataMatrix(reader, crop);
            if (text.isEmpty() && factor > 1) {
                // thin or noisy modules read better averaged: the same crop at reduced resolution
                text = dataMatrix(reader, reduced.luminance().crop(left / factor, top / factor,
                        (right - left) / factor, (bottom - top) / factor));
            }
            text.ifPresent(texts::add);
        }
        return texts;
    }

    private static Optional<String> dataMatrix(MultiFormatReader reader, LuminanceSource crop) {
        try {
            return Optional.of(reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(crop))).getText());
        } catch (ReaderException e) {
            return Optional.empty();   // not a symbol after all: a letter, a stamp, a signature
        }
    }

    private static boolean isBitonal(BufferedImage page) {
        return page.getColorModel().getPixelSize() == 1;
    }

    private static List<String> code128(GrayPage full) {
        MultiFormatReader reader = new MultiFormatReader();
        reader.setHints(CODE_128_HINTS);
        // a row-by-row reader needs only a threshold per row, not a binarised page
        BinaryBitmap bits = new BinaryBitmap(new GlobalHistogramBinarizer(full.luminance()));
        try {
            return texts(new GenericMultipleBarcodeReader(reader).decodeMultiple(bits, CODE_128_HINTS));
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private static List<String> texts(Result[] results) {
        List<String> texts = new ArrayList<>(results.length);
        for (Result r : results) texts.add(r.getText());
        return texts;
    }

    /** What the passes found so far. */
    private static final class Findings {
        SeparatorSheet separator;
        final Set<PatientLabel> labels = new LinkedHashSet<>();
        final Set<String> problems = new LinkedHashSet<>();

        void add(List<String> texts) {
            for (String text : texts) {
                if (SeparatorPayload.looksLikeOurs(text)) {
                    var sheet = SeparatorPayload.decode(text);
                    if (sheet.isPresent()) {
                        separator = sheet.get();
                    } else {
                        problems.add("A ChartVault separator sheet could not be used: "
                                + SeparatorPayload.problem(text).orElse("unreadable") + ".");
                        if (separator == null) separator = SeparatorSheet.nextDocument();
                    }
                } else {
                    PatientLabel.parse(text).ifPresent(labels::add);
                }
            }
            // one good copy of the sheet outweighs a damaged one
            boolean readable = separator != null && texts.stream().anyMatch(t -> SeparatorPayload.decode(t).isPresent());
            if (readable) problems.removeIf(p -> p.startsWith("A ChartVault separator"));
        }

        PageBarcodes result() {
            return new PageBarcodes(separator, List.copyOf(labels), List.copyOf(problems));
        }
    }
}
