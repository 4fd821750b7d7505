package org.chartvault.release;

import java.time.Instant;

/**
 * The release packet as produced and stored ({@code releases/<id>/packet.pdf}).
 *
 * @param sha256     hash of the PDF bytes: what was handed out, provably
 * @param pages      pages in the PDF, cover sheet included
 * @param coverPages pages of the cover sheet
 * @param firstBates Bates number of the first released page, null when no page was released
 * @param lastBates  Bates number of the last released page
 */
public record Packet(String sha256, long bytes, int pages, int coverPages, String firstBates, String lastBates,
                     Instant producedAt) {
}
