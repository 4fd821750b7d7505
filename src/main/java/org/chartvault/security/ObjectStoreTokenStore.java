package org.chartvault.security;

import org.chartvault.Json;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TokenStore} in the object store, one object per token, named by the SHA-256 of the secret. */
public final class ObjectStoreTokenStore implements TokenStore {
    /** {@code tokens/<sha256-of-token>.json}: a request finds its token in one read, without a scan. */
    static final String PREFIX = "tokens/";
    private static final String JSON = "application/json";

    private final ObjectStore store;

    public ObjectStoreTokenStore(ObjectStore store) {
        this.store = store;
    }

    private static String key(String secretSha256) {
        if (secretSha256 == null || !secretSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a token key is a SHA-256 hex digest");
        }
        return PREFIX + secretSha256 + ".json";
    }

    @Override
    public void create(ApiToken token) throws IOException {
        if (store.putIfAbsent(key(token.secretSha256()), Json.bytes(token), JSON).isEmpty()) {
            throw new IllegalStateException("two API tokens with the same secret: the random source is broken");
        }
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretSha256) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(key(secretSha256)), ApiToken.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ApiToken> all() throws IOException {
        List<ApiToken> tokens = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            try {
                tokens.add(Json.read(store.getBytes(key), ApiToken.class));
            } catch (ObjectNotFoundException e) {
                // revoked between list and read
            }
        }
        return tokens;
    }

    @Override
    public void delete(ApiToken token) throws IOException {
        store.delete(key(token.secretSha256()));
    }
}
