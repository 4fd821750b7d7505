package org.chartvault.release;

import java.time.Instant;

/** The signed authorization as uploaded (a scan or PDF), kept under {@code releases/<id>/authorization}. */
public record AuthorizationFile(String fileName, String contentType, long bytes, String sha256, String uploadedBy,
                                Instant uploadedAt) {
}
