package org.chartvault.audit;

import org.chartvault.Sha256;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One audit key: a secret that seals entries and checkpoints with HMAC-SHA256, and the id entries name it by.
 * The id is derived from the secret (a fingerprint), so it cannot be set wrongly and reveals nothing usable.
 */
public record AuditKey(String id, byte[] secret) {
    /** HMAC-SHA256 keys shorter than its output are weaker than the hash; refuse them. */
    public static final int MIN_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    public AuditKey {
        secret = secret.clone();
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("an audit key must be at least " + MIN_BYTES + " bytes (base64 of "
                    + MIN_BYTES + " random bytes, e.g. `openssl rand -base64 32`), not " + secret.length);
        }
        if (!id.equals(idOf(secret))) throw new IllegalArgumentException("audit key id does not belong to its secret");
    }

    public static AuditKey of(byte[] secret) {
        return new AuditKey(idOf(secret), secret);
    }

    /** A new random key of {@value #MIN_BYTES} bytes. */
    public static AuditKey generate() {
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        return of(secret);
    }

    /** {@code k} and 12 hex digits of SHA-256 over a fixed label and the secret. */
    static String idOf(byte[] secret) {
        MessageDigest sha256 = Sha256.digest();
        sha256.update("chartvault audit key id\n".getBytes(StandardCharsets.US_ASCII));
        return "k" + HexFormat.of().formatHex(sha256.digest(secret)).substring(0, 12);
    }

    /** HMAC-SHA256 of {@code text} (UTF-8) as 64 lower-case hex digits. */
    public String mac(String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** Whether {@code claimed} is the MAC of {@code text}, compared in constant time. */
    public boolean authenticates(String text, String claimed) {
        if (claimed == null) return false;
        return MessageDigest.isEqual(mac(text).getBytes(StandardCharsets.US_ASCII),
                claimed.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuditKey k && Arrays.equals(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Never the secret: keys end up in logs by accident. */
    @Override
    public String toString() {
        return "AuditKey[" + id + "]";
    }
}
