package org.chartvault.storage;

import org.chartvault.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hands out stored bytes while hashing them; when the stored stream ends, the SHA-256 of everything read must be
 * the one recorded at write time, or the end of the stream is an {@link IntegrityException} instead of -1.
 * A reader that stops early gets no verdict: only a whole read is a verified read.
 *
 * <p>Extends InputStream rather than FilterInputStream on purpose: a delegated {@code skip} would bypass the hash.
 */
final class VerifyingInputStream extends InputStream {
    private final InputStream stored;
    private final String key;
    private final String expectedSha256;
    private final MessageDigest digest = sha256();
    private IntegrityException failure;
    private boolean verified;

    VerifyingInputStream(InputStream stored, String key, String expectedSha256) {
        this.stored = stored;
        this.key = key;
        this.expectedSha256 = expectedSha256;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (failure != null) throw failure;
        if (length == 0) return 0;
        if (verified) return -1;
        int n = stored.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            return n;
        }
        if (n == 0) return 0;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            failure = new IntegrityException(key, expectedSha256, actual);
            throw failure;
        }
        verified = true;
        return -1;
    }

    @Override
    public int available() throws IOException {
        return failure != null || verified ? 0 : stored.available();
    }

    @Override
    public void close() throws IOException {
        stored.close();
    }

    static MessageDigest sha256() {
        return Sha256.digest();
    }
}
