package org.chartvault.release;

import java.time.Instant;

/** One step of a request's life: who moved it to which status, when, and why (for a denial). */
public record StatusChange(ReleaseStatus status, String by, Instant at, String reason) {
}
