package org.chartvault.release;

import java.time.Instant;

/**
 * A letter produced for a request and kept with it ({@code releases/<id>/letters/<letterId>.pdf}).
 *
 * @param sha256 of the stored PDF, so a copy handed out can be matched to the one on file
 */
public record Letter(String letterId, LetterKind kind, String title, String sha256, long bytes, String producedBy,
                     Instant producedAt) {
}
