package org.chartvault.release;

import org.chartvault.document.PageContent;
import org.chartvault.imaging.Word;
import org.chartvault.imaging.PageImages;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Redaction that cannot be undone in the packet: the boxes are painted black into the page image's pixels
 * before it is compressed, and every word whose box touches a redaction (with a small margin) is left out of
 * the invisible text, so the hidden words can be neither seen, selected, searched nor extracted.
 */
final class Redactor {
    /**
     * Pixels added around each box when choosing the words to drop: OCR boxes hug the ink, and a box drawn by
     * hand over a line may stop a pixel short of a word it was meant to cover. About 0.3 mm at 300 DPI.
     */
    static final int WORD_MARGIN = 4;

    private Redactor() {
    }

    /**
     * The image with the boxes (clipped to it) filled black; 1-bit and 8-bit gray images are painted in place,
     * anything else is converted to 8-bit gray first.
     */
    static BufferedImage burn(BufferedImage image, List<Rectangle> boxes) {
        if (boxes.isEmpty()) return image;
        BufferedImage target = image.getType() == BufferedImage.TYPE_BYTE_GRAY || PageImages.isBitonal(image)
                ? image : PageImages.toGray(image);
        Graphics2D g = target.createGraphics();
        try {
            g.setColor(Color.BLACK);
            for (Rectangle box : boxes) {
                Rectangle clipped = box.intersection(new Rectangle(0, 0, target.getWidth(), target.getHeight()));
                if (!clipped.isEmpty()) g.fillRect(clipped.x, clipped.y, clipped.width, clipped.height);
            }
        } finally {
            g.dispose();
        }
        return target;
    }

    /** The page with only the words that no redaction box (widened by {@link #WORD_MARGIN}) touches. */
    static PageContent withoutRedactedWords(PageContent page, List<Rectangle> boxes) {
        if (boxes.isEmpty()) return page;
        List<Rectangle> widened = boxes.stream().map(b -> {
            Rectangle w = new Rectangle(b);
            w.grow(WORD_MARGIN, WORD_MARGIN);
            return w;
        }).toList();
        List<Word> kept = page.words().stream()
                .filter(word -> {
                    Rectangle box = new Rectangle(word.x(), word.y(), Math.max(1, word.width()), Math.max(1, word.height()));
                    return widened.stream().noneMatch(box::intersects);
                })
                .toList();
        String text = kept.stream().collect(Collectors.groupingBy(Word::line, java.util.TreeMap::new,
                        Collectors.mapping(Word::text, Collectors.joining(" "))))
                .values().stream().collect(Collectors.joining("\n"));
        return new PageContent(page.number(), page.width(), page.height(), page.dpi(), page.source(), page.rotation(),
                page.skew(), page.confidence(), text, kept, page.blank());
    }
}
