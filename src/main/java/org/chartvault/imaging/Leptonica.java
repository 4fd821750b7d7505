package org.chartvault.imaging;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few Leptonica functions ChartVault calls, bound by hand. lept4j's own binding cannot be used here: it looks
 * for {@code libleptonica.so} while Debian 12 ships {@code liblept.so.5}, and its full interface is too large for the
 * proxy class JDK 25 generates. Pix handles are plain pointers.
 */
interface Leptonica extends Library {

    /** Loads the library under its Debian 12 name, or the name newer Leptonica releases use. */
    static Leptonica load() {
        try {
            return Native.load("lept", Leptonica.class);
        } catch (UnsatisfiedLinkError debian12) {
            try {
                return Native.load("leptonica", Leptonica.class);
            } catch (UnsatisfiedLinkError newer) {
                newer.addSuppressed(debian12);
                throw new IllegalStateException("Leptonica (liblept) is not installed; it comes with tesseract-ocr", newer);
            }
        }
    }

    Pointer pixCreate(int width, int height, int depth);

    Pointer pixGetData(Pointer pix);

    int pixGetWpl(Pointer pix);

    int pixGetWidth(Pointer pix);

    int pixGetHeight(Pointer pix);

    int pixGetDepth(Pointer pix);

    /**
     * Deskewed copy, or a clone of {@code pix} (the same pointer, its reference count raised: destroy it as well)
     * when the skew is too small or too uncertain.
     */
    Pointer pixFindSkewAndDeskew(Pointer pix, int reductionForSearch, FloatByReference angle, FloatByReference confidence);

    void pixDestroy(PointerByReference pix);
}
