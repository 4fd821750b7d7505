package org.chartvault.index;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.List;

/**
 * One matching page. {@code snippet} is plain text (never HTML); {@code highlights} are the
 * [start, end) character ranges of the matching words inside it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SearchHit(String documentId, int page, float score, String snippet, List<Highlight> highlights,
                        String mrn, String patientName, String documentType, LocalDate serviceDate, String fileName) {
    public record Highlight(int start, int end) {
    }
}
