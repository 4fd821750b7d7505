package org.chartvault.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Pseudo-random bytes made on the fly (xorshift from a seed), so a test can send and check objects of tens of
 * MiB without holding them in memory. {@link #digest()} is the SHA-256 of everything read so far.
 */
final class GeneratedContent extends InputStream {
    private final long size;
    private final MessageDigest digest = VerifyingInputStream.sha256();
    private long produced;
    private long state;
    private final boolean endEarlyByOne;

    private GeneratedContent(long size, long seed, boolean endEarlyByOne) {
        this.size = size;
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        this.endEarlyByOne = endEarlyByOne;
    }

    static GeneratedContent of(long size, long seed) {
        return new GeneratedContent(size, seed, false);
    }

    /** A stream that stops one byte short of {@code size}: a broken upload. */
    static GeneratedContent shortOf(long size, long seed) {
        return new GeneratedContent(size, seed, true);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        long limit = endEarlyByOne ? size - 1 : size;
        if (produced >= limit) return -1;
        int n = (int) Math.min(length, limit - produced);
        for (int i = 0; i < n; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            buffer[offset + i] = (byte) state;
        }
        digest.update(buffer, offset, n);
        produced += n;
        return n;
    }

    long size() {
        return size;
    }

    String digest() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a whole stream, read in chunks so a large object never sits in memory. */
    static String sha256Of(InputStream in) throws IOException {
        MessageDigest md = VerifyingInputStream.sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) md.update(buffer, 0, n);
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256Of(byte[] bytes) {
        return HexFormat.of().formatHex(VerifyingInputStream.sha256().digest(bytes));
    }
}
