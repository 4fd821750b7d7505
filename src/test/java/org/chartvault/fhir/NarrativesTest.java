package org.chartvault.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every resource carries a readable summary, with whatever a document or a name holds shown as text. */
class NarrativesTest {
    @Test
    void markupInAValueIsTextInTheNarrativeAndSurvivesTheParser() {
        Patient patient = Narratives.summarise(new Patient(), "<img src=x onerror=alert(1)> & \"Sons\"", null, "MRN 42");
        assertEquals(Narrative.NarrativeStatus.GENERATED, patient.getText().getStatus());
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(patient);
        Patient read = FhirContext.forR4Cached().newJsonParser().parseResource(Patient.class, json);
        String div = read.getText().getDivAsString();
        assertTrue(div.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Sons&quot;, MRN 42"), div);
        assertEquals(0, read.getText().getDiv().getChildNodes().stream().filter(n -> "img".equals(n.getName())).count());
    }

    @Test
    void aSubmittersOwnNarrativeIsKept() {
        Patient patient = new Patient();
        patient.getText().setStatus(Narrative.NarrativeStatus.ADDITIONAL)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">theirs</div>");
        Narratives.summarise(patient, "ours");
        assertTrue(patient.getText().getDivAsString().contains("theirs"));
    }
}
