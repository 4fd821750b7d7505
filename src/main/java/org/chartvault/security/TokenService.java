package org.chartvault.security;

import org.chartvault.Ids;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;

import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * API tokens for scripts and integrations ({@code Authorization: Bearer cvt_...}). Every request looks its
 * token up in the store, so a revoked token fails on the very next request, on every node.
 */
public final class TokenService {
    /** Marks ChartVault tokens, so secret scanners and people can recognise one pasted where it should not be. */
    static final String PREFIX = "cvt_";
    /** A name is for people to recognise the token by; long enough for a sentence. */
    static final int MAX_NAME_LENGTH = 100;

    private final TokenStore tokens;
    private final UserStore users;
    private final AuditLog audit;
    private final Clock clock;

    public TokenService(TokenStore tokens, UserStore users, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new token owned by {@code by}, acting with their roles. The secret in the result is shown only once. */
    public IssuedToken create(Caller by, String name) throws IOException {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_LENGTH || cleanName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Give the token a name of 1 to " + MAX_NAME_LENGTH
                    + " characters, so you can recognise it later.");
        }
        if (by.how() == Caller.How.SYSTEM) throw new NotPermittedException("API tokens belong to a person.");
        String secret = PREFIX + Secrets.newSecret();
        ApiToken token = new ApiToken(Ids.next("tok"), cleanName, by.username(), clock.instant(), Secrets.sha256Hex(secret));
        tokens.create(token);
        audit.append(by.event(AuditActions.TOKEN_CREATE, Target.token(token.id())).with("name", cleanName));
        return new IssuedToken(secret, token.summary());
    }

    /** The caller's own tokens; an administrator sees everyone's. Oldest first. */
    public List<TokenSummary> list(Caller by) throws IOException {
        return tokens.all().stream()
                .filter(t -> by.isAdmin() || t.owner().equals(by.username()))
                .map(ApiToken::summary)
                .sorted(Comparator.comparing(TokenSummary::created).thenComparing(TokenSummary::id))
                .toList();
    }

    /** Revokes a token at once. Its owner and administrators may; anyone else gets {@link NotPermittedException}. */
    public void revoke(Caller by, String tokenId) throws IOException {
        ApiToken token = tokens.all().stream().filter(t -> t.id().equals(tokenId)).findFirst()
                .orElseThrow(() -> new UnknownTokenException(tokenId));
        if (!by.isAdmin() && !token.owner().equals(by.username())) {
            throw new NotPermittedException("Only the token's owner or an administrator can revoke it.");
        }
        tokens.delete(token);
        audit.append(by.event(AuditActions.TOKEN_REVOKE, Target.token(token.id())).with("owner", token.owner()));
    }

    /**
     * Checks the bearer token of a request. Empty when it is unknown, revoked, or its owner is disabled or gone;
     * otherwise the caller with the owner's current roles.
     */
    public Optional<Caller> authenticate(String bearerToken, String clientAddress) throws IOException {
        if (bearerToken == null || !bearerToken.startsWith(PREFIX)
                || !Secrets.looksLikeSecret(bearerToken.substring(PREFIX.length()))) {
            return Optional.empty();
        }
        Optional<ApiToken> token = tokens.findBySecretHash(Secrets.sha256Hex(bearerToken));
        if (token.isEmpty()) return Optional.empty();
        Optional<User> owner = users.find(token.get().owner());
        if (owner.isEmpty() || owner.get().disabled()) return Optional.empty();
        return Optional.of(new Caller(owner.get().username(), owner.get().roles(), Caller.How.TOKEN, clientAddress,
                token.get().id()));
    }
}
