package org.chartvault.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

import org.chartvault.imaging.Word;
import org.junit.jupiter.api.Test;

/**
 * The measure that decides whether a gray page is read a second time with local thresholds: the share of its ink
 * outside every word read.
 */
class UnreadInkTest {

    @Test
    void inkInsideTheWordsReadIsNotUnread() {
        BufferedImage page = page();
        ink(page, 100, 100, 200, 40);
        assertEquals(0.0, PageProcessor.unreadInkShare(page, List.of(word(100, 100, 200, 40))), 1e-9);
    }

    @Test
    void aColumnNoWordCoversCountsAsUnreadInk() {
        BufferedImage page = page();
        ink(page, 100, 100, 200, 40);   // read
        ink(page, 600, 100, 200, 40);   // a column the reading left out, as much ink again
        double share = PageProcessor.unreadInkShare(page, List.of(word(100, 100, 200, 40)));
        assertEquals(0.5, share, 0.01);
        assertTrue(share >= PageProcessor.UNREAD_INK, "unread " + share);
    }

    @Test
    void specksAndRulesRightBesideAWordCountAsRead() {
        BufferedImage page = page();
        ink(page, 100, 100, 200, 40);
        ink(page, 305, 130, 4, 4);      // a period a few pixels after the word's box
        assertEquals(0.0, PageProcessor.unreadInkShare(page, List.of(word(100, 100, 200, 40))), 1e-9);
    }

    @Test
    void aBlankPageHasNoUnreadInk() {
        assertEquals(0.0, PageProcessor.unreadInkShare(page(), List.of()), 1e-9);
    }

    private static BufferedImage page() {
        BufferedImage page = new BufferedImage(1000, 400, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, page.getWidth(), page.getHeight());
        g.dispose();
        return page;
    }

    private static void ink(BufferedImage page, int x, int y, int width, int height) {
        Graphics2D g = page.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(x, y, width, height);
        g.dispose();
    }

    private static Word word(int x, int y, int width, int height) {
        return new Word("word", x, y, width, height, 95, 0);
    }
}
