package org.chartvault.security;

/** No API token has this id (or it was revoked already). */
public class UnknownTokenException extends RuntimeException {
    public UnknownTokenException(String tokenId) {
        super("There is no API token with id '" + tokenId + "'.");
    }
}
