package org.chartvault.security;

import org.chartvault.Ids;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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

    /** How long a token lasts unless its owner asks for less (or the operator sets another default). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
    /** Tokens stored before tokens carried an expiry end this long after they were made. */
    static final Duration LEGACY_LIFETIME = DEFAULT_LIFETIME;

    private final TokenStore tokens;
    private final UserStore users;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration lifetime;

    public TokenService(TokenStore tokens, UserStore users, AuditLog audit, Clock clock, Duration lifetime) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("an API token's lifetime must be positive");
        }
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A new token for the configured lifetime. */
    public IssuedToken create(Caller by, String name) throws IOException {
        return create(by, name, null);
    }

    /**
     * A new token owned by {@code by}, acting with their roles, for {@code days} days (null: the configured
     * lifetime, which is also the most a token may last). The secret in the result is shown only once. A token
     * cannot make tokens: a stolen one must not be able to outlive its own revocation.
     */
    public IssuedToken create(Caller by, String name, Integer days) throws IOException {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_LENGTH || cleanName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Give the token a name of 1 to " + MAX_NAME_LENGTH
                    + " characters, so you can recognize it later.");
        }
        if (by.how() == Caller.How.SYSTEM) throw new NotPermittedException("API tokens belong to a person.");
        if (by.how() == Caller.How.TOKEN) {
            throw new NotPermittedException("An API token cannot create tokens; log in with your password to make one.");
        }
        Duration wanted = days == null ? lifetime : Duration.ofDays(days);
        if (days != null && (days < 1 || wanted.compareTo(lifetime) > 0)) {
            throw new IllegalArgumentException("A token lasts from 1 to " + lifetime.toDays() + " days.");
        }
        String secret = PREFIX + Secrets.newSecret();
        Instant now = clock.instant();
        ApiToken token = new ApiToken(Ids.next("tok"), cleanName, by.username(), now, Secrets.sha256Hex(secret),
                now.plus(wanted));
        tokens.create(token);
        audit.append(by.event(AuditActions.TOKEN_CREATE, Target.token(token.id())).with("name", cleanName)
                .with("expires", token.expires()));
        return new IssuedToken(secret, token.summary());
    }

    /** The caller's own tokens that still work; an administrator sees everyone's. Oldest first. */
    public List<TokenSummary> list(Caller by) throws IOException {
        Instant now = clock.instant();
        Map<String, Optional<User>> owners = new HashMap<>();
        return tokens.all().stream()
                .filter(t -> by.isAdmin() || t.owner().equals(by.username()))
                .filter(t -> now.isBefore(t.expiry()))
                .filter(t -> owners.computeIfAbsent(t.owner(), this::findUser)
                        .map(u -> u.acceptsTokenCreatedAt(t.created())).orElse(false))
                .map(ApiToken::summary)
                .sorted(Comparator.comparing(TokenSummary::created).thenComparing(TokenSummary::id))
                .toList();
    }

    private Optional<User> findUser(String username) {
        try {
            return users.find(username);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
     * Checks the bearer token of a request. Empty when it is unknown, revoked, expired, made before its owner's
     * password was changed or reset or a role taken away, or its owner is disabled or gone; otherwise the caller
     * with the owner's current roles.
     */
    public Optional<Caller> authenticate(String bearerToken, String clientAddress) throws IOException {
        if (bearerToken == null || !bearerToken.startsWith(PREFIX)
                || !Secrets.looksLikeSecret(bearerToken.substring(PREFIX.length()))) {
            return Optional.empty();
        }
        Optional<ApiToken> token = tokens.findBySecretHash(Secrets.sha256Hex(bearerToken));
        if (token.isEmpty()) return Optional.empty();
        if (!clock.instant().isBefore(token.get().expiry())) return Optional.empty();
        Optional<User> owner = users.find(token.get().owner());
        if (owner.isEmpty() || !owner.get().acceptsTokenCreatedAt(token.get().created())) return Optional.empty();
        return Optional.of(new Caller(owner.get().username(), owner.get().roles(), Caller.How.TOKEN, clientAddress,
                token.get().id(), owner.get().mustChangePassword()));
    }
}
