package org.chartvault.ocr;

import java.util.ArrayList;
import java.util.List;

import org.chartvault.imaging.Word;

/**
 * Words recognised on one page image.
 *
 * @param words          every word with its box in the image's pixels and its line
 * @param text           the words line by line, one space between words
 * @param meanConfidence mean word confidence 0..100, or null for a page without words
 */
record OcrResult(List<Word> words, String text, Double meanConfidence) {
    OcrResult {
        words = List.copyOf(words);
    }

    static OcrResult of(List<Word> words) {
        return new OcrResult(words, textOf(words), meanConfidence(words));
    }

    static String textOf(List<Word> words) {
        StringBuilder text = new StringBuilder();
        int line = Integer.MIN_VALUE;
        for (Word word : words) {
            if (word.line() != line) {
                if (!text.isEmpty()) text.append('\n');
                line = word.line();
            } else {
                text.append(' ');
            }
            text.append(word.text());
        }
        return text.toString();
    }

    static Double meanConfidence(List<Word> words) {
        if (words.isEmpty()) return null;
        double sum = 0;
        for (Word word : words) sum += word.confidence();
        return sum / words.size();
    }

    /**
     * How much believable text there is: confidence times length of every word with letters or digits. Used to
     * choose between a page and the same page upside down; garbage from upside-down print scores far lower.
     */
    double evidence() {
        double evidence = 0;
        for (Word word : words) {
            long letters = word.text().codePoints().filter(Character::isLetterOrDigit).count();
            evidence += letters * word.confidence() / 100.0;
        }
        return evidence;
    }

    /** The same reading on the image scaled by {@code factor}, boxes kept inside a {@code width} x {@code height} page. */
    OcrResult scaled(double factor, int width, int height) {
        List<Word> scaled = new ArrayList<>(words.size());
        for (Word word : words) {
            int x = Math.min(width - 1, (int) Math.floor(word.x() * factor));
            int y = Math.min(height - 1, (int) Math.floor(word.y() * factor));
            int right = Math.min(width, Math.max(x + 1, (int) Math.ceil((word.x() + word.width()) * factor)));
            int bottom = Math.min(height, Math.max(y + 1, (int) Math.ceil((word.y() + word.height()) * factor)));
            scaled.add(new Word(word.text(), x, y, right - x, bottom - y, word.confidence(), word.line()));
        }
        return new OcrResult(scaled, text, meanConfidence);
    }
}
