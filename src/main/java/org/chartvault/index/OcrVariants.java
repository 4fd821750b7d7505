package org.chartvault.index;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;

/**
 * The character confusions OCR makes that plain edit distance handles badly. "rn" read as "m"
 * ("intemal" for "internal") costs two edits, too many for a short word; a zero in a word
 * ("hypertensi0n") or a one for an l ("b1ood") stack up with other errors. Folding maps every
 * spelling of such a word onto one key: rn→m, vv→w, and inside words that have letters 0→o, 1→l.
 *
 * <p>At index time a word whose key differs from itself gets the key as an extra token at the same
 * position, marked with {@link #MARK} so it can never collide with a real word. A query word then
 * looks for its key both marked (pages where the word was spelled another way) and unmarked (pages
 * where the OCR'd text is literally the key). Pure numbers are never folded: 10 and lo are not the
 * same dose.
 */
final class OcrVariants {
    private OcrVariants() {
    }

    /** Unit separator: StandardTokenizer never emits it, so marked keys live apart from real words. */
    static final char MARK = '\u001F';

    /** Shorter words are mostly abbreviations where one confusion makes another real abbreviation. */
    static final int MIN_INDEX_LENGTH = 3;

    /** The confusion key of a lower-cased token. */
    static String fold(CharSequence token) {
        boolean hasLetter = false;
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                hasLetter = true;
                break;
            }
        }
        StringBuilder key = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            char next = i + 1 < token.length() ? token.charAt(i + 1) : 0;
            if (c == 'r' && next == 'n') {
                key.append('m');
                i++;
            } else if (c == 'v' && next == 'v') {
                key.append('w');
                i++;
            } else if (hasLetter && c == '0') {
                key.append('o');
            } else if (hasLetter && c == '1') {
                key.append('l');
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** The marked key to stack on an indexed token, or null when the token is its own key. */
    static String indexVariant(CharSequence token) {
        if (token.length() < MIN_INDEX_LENGTH) return null;
        String key = fold(token);
        return key.contentEquals(token) ? null : MARK + key;
    }

    /** Stacks the marked confusion key on each token that has one (index time only). */
    static final class Filter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
        private State original;
        private String pendingVariant;

        Filter(TokenStream input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (pendingVariant != null) {
                restoreState(original);
                term.setEmpty().append(pendingVariant);
                position.setPositionIncrement(0);
                pendingVariant = null;
                return true;
            }
            if (!input.incrementToken()) return false;
            pendingVariant = indexVariant(term);
            if (pendingVariant != null) original = captureState();
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            original = null;
            pendingVariant = null;
        }
    }
}
