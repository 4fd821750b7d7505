package org.chartvault.security;

import org.chartvault.Refusal;

/** No API token has this id (or it was revoked already). */
public class UnknownTokenException extends RuntimeException implements Refusal.NotFound {
    public UnknownTokenException(String tokenId) {
        super("There is no API token with id '" + Refusal.quoted(tokenId) + "'.");
    }
}
