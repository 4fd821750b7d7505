package org.chartvault.security;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as stored under {@code tokens/<secretSha256>.json}: the token itself is shown once when it is
 * created and never stored. The token acts with its owner's roles as they are at each request.
 *
 * @param id           public identifier ({@code tok_...}) for listing and revoking
 * @param name         what the owner called it ("nightly export script")
 * @param secretSha256 SHA-256 of the token, the key it is found under
 * @param expires      the token stops working at this time; null for tokens stored before tokens expired, which
 *                     then last {@link TokenService#LEGACY_LIFETIME} from their creation
 */
public record ApiToken(String id, String name, String owner, Instant created, String secretSha256, Instant expires) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(secretSha256, "secretSha256");
    }

    public TokenSummary summary() {
        return new TokenSummary(id, name, owner, created, expiry());
    }

    public Instant expiry() {
        return expires != null ? expires : created.plus(TokenService.LEGACY_LIFETIME);
    }
}
