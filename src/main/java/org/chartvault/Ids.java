package org.chartvault;

import java.security.SecureRandom;

/**
 * Identifiers handed to users (documents, batches, holds, releases...). 128 random bits,
 * so an identifier can be neither guessed nor enumerated from another one.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray(); // Crockford base32

    private Ids() {
    }

    /** A new identifier such as {@code doc_5k2q...}: a readable kind prefix and 26 base32 characters. */
    public static String next(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder(prefix.length() + 27).append(prefix).append('_');
        int buffer = 0, bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        return out.toString();
    }

    /** True when {@code id} has the shape of an identifier of this kind: keeps junk out of storage keys. */
    public static boolean looksLike(String prefix, String id) {
        return id != null && id.matches(prefix + "_[0-9a-hjkmnp-tv-z]{26}");
    }
}
