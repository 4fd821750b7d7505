package org.chartvault.imaging;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Degradation;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leptonica's copies of a page live outside the Java heap, where no collector frees them. An upright page comes back
 * from Leptonica as a clone of the page handed in (one image, counted twice); freeing it once kept every such page's
 * pixels for the life of the process: about 8 MB per scanned 300 DPI page, found by {@code bench memory}.
 *
 * <p>Measured as the bytes glibc's malloc has handed out and not had back ({@code mallinfo2}), which Leptonica's
 * allocations go through and the Java heap does not.
 */
class DeskewerNativeMemoryTest {
    private static final long MB = 1024 * 1024;

    /** glibc 2.33 and later: {@code struct mallinfo2}, every field a size_t. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost"})
    public static final class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    interface C extends Library {
        C LIBC = Native.load("c", C.class);

        MallInfo2 mallinfo2();
    }

    /** Bytes allocated with malloc and not freed: in use in the arenas plus the blocks mapped on their own. */
    private static long mallocInUse() {
        MallInfo2 info = C.LIBC.mallinfo2();
        return info.uordblks + info.hblkhd;
    }

    @Test
    void deskewingLeavesNoPageBehindInNativeMemory() {
        Deskewer deskewer = new Deskewer();
        ChartGenerator generator = new ChartGenerator();
        BufferedImage upright = PageImages.toGray(generator.page(4242).scan(300).image()); // 2550 x 3300
        BufferedImage turned = PageImages.toGray(generator.page(4243).scan(300).apply(Degradation.skew(2.5)).image());
        for (int i = 0; i < 3; i++) assertSame(upright, deskewer.deskew(upright).image(), "an upright page is left alone");
        long perPage = (long) upright.getWidth() * upright.getHeight();
        int pages = 20;

        long before = mallocInUse();
        for (int i = 0; i < pages; i++) deskewer.deskew(upright); // Leptonica hands back a clone
        long grown = mallocInUse() - before;
        // leaking, 20 pages keep about 170 MB; without the leak the same memory is freed each time
        assertTrue(grown < 2 * perPage, "malloc'd memory grew by " + grown / MB + " MB over " + pages
                + " upright pages (" + perPage / MB + " MB each)");

        assertEquals(2.5, Math.abs(deskewer.deskew(turned).degreesClockwise()), 0.2, "a skewed page is straightened");
        before = mallocInUse();
        for (int i = 0; i < pages; i++) deskewer.deskew(turned); // Leptonica hands back a new, straightened page
        grown = mallocInUse() - before;
        assertTrue(grown < 2 * perPage, "malloc'd memory grew by " + grown / MB + " MB over " + pages
                + " straightened pages (" + perPage / MB + " MB each)");
    }
}
