package org.chartvault.security;

import java.util.Base64;

/**
 * An Argon2id password hash in the PHC string format,
 * {@code $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>} (salt and hash in base64 without padding).
 * The parameters travel with each hash, so they can be raised later and old hashes still verify.
 */
record PhcHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    static final String ALGORITHM = "argon2id";
    /** Argon2 version 1.3, the only one we write. */
    static final int VERSION = 19;
    /** Bounds for values read back from storage, so a damaged or planted record cannot make us allocate gigabytes. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    PhcHash {
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) throw new IllegalArgumentException("argon2 memory out of range");
        if (iterations < 1 || iterations > MAX_ITERATIONS) throw new IllegalArgumentException("argon2 iterations out of range");
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) throw new IllegalArgumentException("argon2 parallelism out of range");
        if (salt.length < 8 || hash.length < 16) throw new IllegalArgumentException("argon2 salt or hash too short");
    }

    static PhcHash parse(String encoded) {
        if (encoded == null) throw new IllegalArgumentException("no password hash");
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 6 || !parts[0].isEmpty() || !ALGORITHM.equals(parts[1])
                || !("v=" + VERSION).equals(parts[2])) {
            throw new IllegalArgumentException("not an argon2id v=19 PHC string");
        }
        int m = -1, t = -1, p = -1;
        for (String param : parts[3].split(",")) {
            int eq = param.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("bad argon2 parameter '" + param + "'");
            int value;
            try {
                value = Integer.parseInt(param.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad argon2 parameter '" + param + "'");
            }
            switch (param.substring(0, eq)) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> throw new IllegalArgumentException("unknown argon2 parameter '" + param + "'");
            }
        }
        if (m < 0 || t < 0 || p < 0) throw new IllegalArgumentException("argon2 parameters m, t and p are all needed");
        Base64.Decoder b64 = Base64.getDecoder();
        return new PhcHash(m, t, p, b64.decode(parts[4]), b64.decode(parts[5]));
    }

    String encode() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$" + ALGORITHM + "$v=" + VERSION + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public String toString() {
        return "PhcHash[m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "]";
    }
}
