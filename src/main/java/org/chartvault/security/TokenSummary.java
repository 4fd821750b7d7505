package org.chartvault.security;

import java.time.Instant;

/** An API token as its owner or an administrator sees it in a list: without the secret. */
public record TokenSummary(String id, String name, String owner, Instant created, Instant expires) {
}
