package org.chartvault.hold;

/** What building a production's ZIP gave: its Bates range, page count, and the hashes of its two control files. */
public record Production(String batesBegin, String batesEnd, long pages, int documents, String manifestSha256,
                         String custodySha256) {
}
