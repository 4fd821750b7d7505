package org.chartvault.imaging;

import org.chartvault.testing.ChartGenerator;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leptonica's copies of a page live outside the Java heap, where no collector frees them. An upright page comes back
 * from Leptonica as a clone of the page handed in (one image, counted twice); freeing it once kept every such page's
 * pixels for the life of the process: about 8 MB per scanned 300 DPI page, found by {@code bench memory}.
 */
class DeskewerNativeMemoryTest {
    private static final long MB = 1024 * 1024;

    @Test
    void deskewingUprightPagesLeavesNoPageBehindInNativeMemory() throws IOException {
        Deskewer deskewer = new Deskewer();
        BufferedImage page = PageImages.toGray(new ChartGenerator().page(4242).scan(300).image()); // 2550 x 3300
        for (int i = 0; i < 3; i++) assertSame(page, deskewer.deskew(page).image(), "an upright page is left alone");
        long before = nativeBytes();
        int pages = 30;
        for (int i = 0; i < pages; i++) deskewer.deskew(page);
        long grown = nativeBytes() - before;
        long perPage = (long) page.getWidth() * page.getHeight();
        // leaking, 30 pages keep about 250 MB; without the leak the allocator reuses the same memory every time
        assertTrue(grown < 10 * perPage, "native memory grew by " + grown / MB + " MB over " + pages + " upright pages ("
                + perPage / MB + " MB each)");
    }

    /** Anonymous resident memory less what the JVM has committed for its heap: native allocations, roughly. */
    private static long nativeBytes() throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return status("RssAnon") - memory.getHeapMemoryUsage().getCommitted();
    }

    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IllegalStateException(field + " is not in /proc/self/status");
    }
}
