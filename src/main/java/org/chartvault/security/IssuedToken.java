package org.chartvault.security;

/**
 * A token just created: {@code token} is the secret the client sends as {@code Authorization: Bearer <token>}.
 * It is shown this once; ChartVault keeps only its SHA-256.
 */
public record IssuedToken(String token, TokenSummary summary) {
    @Override
    public String toString() {
        return "IssuedToken[" + summary + "]";
    }
}
