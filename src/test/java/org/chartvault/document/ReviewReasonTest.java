package org.chartvault.document;

import org.chartvault.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReviewReasonTest {

    @Test
    void aReasonKeepsItsKindAndFieldWhenStored() throws Exception {
        ReviewReason reason = ReviewReason.about("mrn", ReviewReason.Kind.MRN_NOT_IN_REGISTRY, "MRN 0081934 is not in the patient registry.");
        String json = new String(Json.bytes(reason), StandardCharsets.UTF_8);
        assertEquals(reason, Json.read(json.getBytes(StandardCharsets.UTF_8), ReviewReason.class), json);
    }

    @Test
    void aReasonStoredAsASentenceBeforeReasonsHadKindsIsReadAsOther() throws Exception {
        ReviewReason[] read = Json.read("[\"No patient (MRN) was given or found on the pages.\"]".getBytes(StandardCharsets.UTF_8),
                ReviewReason[].class);
        assertEquals(List.of(ReviewReason.legacy("No patient (MRN) was given or found on the pages.")), List.of(read));
        assertEquals(ReviewReason.Kind.OTHER, read[0].kind());
    }
}
