package org.chartvault.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where API tokens live, shared by every node so a revoked token stops working everywhere at once.
 * {@link ObjectStoreTokenStore} is the embedded implementation.
 */
public interface TokenStore {

    void create(ApiToken token) throws IOException;

    /** The token whose secret hashes to {@code secretSha256}. */
    Optional<ApiToken> findBySecretHash(String secretSha256) throws IOException;

    /** Every token, for listing and for finding one by id. */
    List<ApiToken> all() throws IOException;

    /** Removes the token; removing one that is gone already is not an error. */
    void delete(ApiToken token) throws IOException;
}
