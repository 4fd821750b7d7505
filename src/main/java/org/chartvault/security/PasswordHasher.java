package org.chartvault.security;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;

/**
 * Argon2id password hashing (BouncyCastle), stored as PHC strings. Passwords are NFKC-normalised first
 * (NIST SP 800-63B), so the same password typed on another keyboard still matches.
 */
public final class PasswordHasher {

    /**
     * Argon2id cost. {@link #RECOMMENDED} is RFC 9106's second recommended option (64 MiB, 3 passes, 1 lane);
     * on this 2-core machine one hash takes about 180 ms with BouncyCastle, under the 250 ms a login may cost.
     * One lane, because BouncyCastle computes lanes one after another: more lanes add no speed, only work.
     */
    public record Settings(int memoryKib, int iterations, int parallelism) {
        public static final Settings RECOMMENDED = new Settings(64 * 1024, 3, 1);

        public Settings {
            if (memoryKib < 8 * parallelism || memoryKib > PhcHash.MAX_MEMORY_KIB) throw new IllegalArgumentException("argon2 memory out of range");
            if (iterations < 1 || iterations > PhcHash.MAX_ITERATIONS) throw new IllegalArgumentException("argon2 iterations out of range");
            if (parallelism < 1 || parallelism > PhcHash.MAX_PARALLELISM) throw new IllegalArgumentException("argon2 parallelism out of range");
        }
    }

    /** 128-bit salt and 256-bit hash, as RFC 9106 recommends. */
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Settings settings;
    private final SecureRandom random = new SecureRandom();
    /**
     * At most one hash per core at a time: each takes {@code memoryKib} of heap, so a burst of logins must queue
     * rather than run the JVM out of memory.
     */
    private final Semaphore slots;
    /** A real hash of a random password, verified against when the user does not exist, so that costs the same. */
    private final PhcHash decoy;

    public PasswordHasher(Settings settings) {
        this.settings = settings;
        this.slots = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);
        byte[] noise = new byte[24];
        random.nextBytes(noise);
        this.decoy = PhcHash.parse(hash(HexFormat.of().formatHex(noise)));
    }

    public Settings settings() {
        return settings;
    }

    /** A fresh salt and the Argon2id hash of {@code password}, as a PHC string. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, settings.memoryKib(), settings.iterations(), settings.parallelism(), HASH_BYTES);
        return new PhcHash(settings.memoryKib(), settings.iterations(), settings.parallelism(), salt, hash).encode();
    }

    /**
     * True when {@code password} matches {@code encoded}; the comparison takes the same time wherever the bytes
     * differ. A malformed {@code encoded} is simply no match.
     */
    public boolean verify(String password, String encoded) {
        PhcHash stored;
        try {
            stored = PhcHash.parse(encoded);
        } catch (IllegalArgumentException e) {
            verifyDecoy(password);
            return false;
        }
        byte[] actual = argon2(password, stored.salt(), stored.memoryKib(), stored.iterations(), stored.parallelism(),
                stored.hash().length);
        return MessageDigest.isEqual(actual, stored.hash());
    }

    /** Spends the time of a real verification and returns false: for logins whose user name does not exist. */
    boolean verifyDecoy(String password) {
        argon2(password, decoy.salt(), decoy.memoryKib(), decoy.iterations(), decoy.parallelism(), decoy.hash().length);
        return false;
    }

    /** True when {@code encoded} was made with weaker (or unreadable) parameters: hash the password again at login. */
    public boolean needsRehash(String encoded) {
        try {
            PhcHash h = PhcHash.parse(encoded);
            return h.memoryKib() < settings.memoryKib() || h.iterations() < settings.iterations()
                    || h.parallelism() != settings.parallelism() || h.hash().length < HASH_BYTES
                    || h.salt().length < SALT_BYTES;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        byte[] pw = Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        slots.acquireUninterruptibly();
        try {
            generator.generateBytes(pw, out);
        } finally {
            slots.release();
            Arrays.fill(pw, (byte) 0);
        }
        return out;
    }
}
