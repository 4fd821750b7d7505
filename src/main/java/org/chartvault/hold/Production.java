package org.chartvault.hold;

import java.time.LocalDate;
import java.util.List;

/**
 * What building a production's ZIP gave: its Bates range, page count, the hashes of its two control files, what was
 * produced (for the accounting of disclosures) and what was withheld, each with the reason.
 */
public record Production(String batesBegin, String batesEnd, long pages, int documents, String manifestSha256,
                         String custodySha256, List<Produced> produced, List<String> withheld) {
    public Production {
        produced = produced == null ? List.of() : List.copyOf(produced);
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
    }

    /** One produced document as the accounting of disclosures names it. */
    public record Produced(String documentId, String mrn, String patientName, String documentType,
                           LocalDate serviceDate, List<Integer> pages, String category, boolean part2) {
    }
}
