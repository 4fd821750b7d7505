package org.chartvault.storage;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The rules every adapter applies to keys and prefixes, so that a key accepted by one store is accepted by all,
 * and no key can name anything outside the store (a parent folder, an absolute path, a device).
 */
final class Keys {
    /** S3's own limit on a key, in UTF-8 bytes; local disk follows it so both adapters accept the same keys. */
    static final int MAX_KEY_BYTES = 1024;

    /** S3 list order: by Unicode code point, which is the byte order of UTF-8 (String.compareTo is not, for emoji). */
    static final Comparator<String> ORDER = Keys::compareCodePoints;

    /** What a put without a content type is stored as. */
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private Keys() {
    }

    /** Returns {@code key} when it is a valid object key, else throws with the reason. */
    static String check(String key) {
        if (key == null || key.isEmpty()) throw refused(key, "it is empty");
        checkCharacters(key, key);
        if (key.endsWith("/")) throw refused(key, "it ends with '/', which names a folder, not an object");
        checkSegments(key, key);
        return key;
    }

    /**
     * Returns {@code prefix} when it is a valid listing prefix: empty, or a key's beginning. Everything before
     * the last '/' must be whole valid segments; the part after it may be any beginning of a name.
     */
    static String checkPrefix(String prefix) {
        if (prefix == null) throw new IllegalArgumentException("a listing prefix must not be null (use \"\" for all)");
        if (prefix.isEmpty()) return prefix;
        checkCharacters(prefix, prefix);
        int slash = prefix.lastIndexOf('/');
        if (slash >= 0) checkSegments(prefix, prefix.substring(0, slash));
        return prefix;
    }

    /** Content types travel as an HTTP header and in the local-disk trailer: printable ASCII only. */
    static String contentType(String contentType) {
        if (contentType == null || contentType.isBlank()) return DEFAULT_CONTENT_TYPE;
        if (contentType.length() > 200) throw new IllegalArgumentException("content type is longer than 200 characters");
        for (int i = 0; i < contentType.length(); i++) {
            char c = contentType.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("content type '" + printable(contentType)
                        + "' may contain only printable ASCII characters");
            }
        }
        return contentType.strip();
    }

    private static void checkCharacters(String key, String text) {
        if (text.startsWith("/")) throw refused(key, "it starts with '/'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') throw refused(key, "it contains a backslash");
            if (c < 0x20 || c == 0x7f) throw refused(key, "it contains a control character (code " + (int) c + ")");
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) throw refused(key, "it is not valid Unicode (a lone surrogate)");
                i++;
            }
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw refused(key, "it is longer than " + MAX_KEY_BYTES + " bytes");
        }
    }

    private static void checkSegments(String key, String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) throw refused(key, "it has an empty segment ('//' or a leading or trailing '/')");
            if (segment.equals(".") || segment.equals("..")) {
                throw refused(key, "it has a '" + segment + "' segment, which could point outside the store");
            }
        }
    }

    private static IllegalArgumentException refused(String key, String reason) {
        return new IllegalArgumentException("storage key '" + printable(key) + "' is not allowed: " + reason);
    }

    /** Keys end up in messages and logs: show control characters as escapes rather than printing them. */
    static String printable(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) out.append(String.format("\\u%04x", cp));
            else out.appendCodePoint(cp);
        });
        return out.toString();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
