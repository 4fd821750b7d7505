package org.chartvault.security;

import org.chartvault.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for sessions, CSRF and API tokens, and the SHA-256 under which they are stored. */
final class Secrets {
    /** 256 random bits: cannot be guessed, and SHA-256 of it is as good as a password hash for lookup. */
    private static final int BYTES = 32;
    /** Base64url of 32 bytes without padding. */
    static final int LENGTH = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String newSecret() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True when {@code s} has the shape of {@link #newSecret()}: junk never reaches the store. */
    static boolean looksLikeSecret(String s) {
        if (s == null || s.length() != LENGTH) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    static String sha256Hex(String s) {
        return Sha256.hex(s);
    }

    /** Equality that takes the same time wherever the strings differ. */
    static boolean constantTimeEquals(String expected, String given) {
        if (expected == null || given == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** A password for the first administrator: 24 characters from an alphabet without look-alikes (about 138 bits). */
    static String newPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder out = new StringBuilder(24);
        for (int i = 0; i < 24; i++) out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return out.toString();
    }
}
