package org.chartvault.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a submitted body is read: strictly, with every problem named and nothing of the content echoed. */
class FhirJsonTest {
    /** Building a context scans the whole R4 model: the tests share one. */
    static final FhirContext R4 = FhirContext.forR4();
    private final FhirJson json = new FhirJson(R4);

    @TempDir
    Path work;

    /** The body read as ITI-65 reads it: documents taken out by the spooling reader, the rest parsed here. */
    private FhirException refusal(String body, long maxBytes) {
        SubmissionMemory memory = new SubmissionMemory(SubmissionMemory.FIRST_SHARE);
        return assertThrows(FhirException.class, () -> {
            try (var share = memory.reserve()) {
                new SpoolingBundleReader(json, work, maxBytes).read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), share).close();
            }
        });
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"resourceType\":\"Bundle\",\"type\":\"transactio\"}| Element 'type' has an invalid value: Unknown BundleType code",
            "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"totl\":1}| Unknown element 'totl'",
            "{\"resourceType\":\"Bundle\",\"total\":\"many\"}| Element 'total' has an invalid value",
            "{not json| The body is not FHIR JSON",
            "{\"resourceType\":\"Patient\"}| Expected a Bundle of type transaction, found a Patient.",
            "'   '| The request has no body",
    })
    void aMalformedBodyIsRefusedSayingWhatIsWrong(String body, String says) {
        FhirException e = refusal(body.equals("'   '") ? "   " : body, 1 << 20);
        assertEquals(400, e.status());
        assertTrue(e.issues().stream().anyMatch(i -> i.message().startsWith(says.strip())), e.issues().toString());
    }

    @Test
    void badBase64IsNamedWithoutEchoingTheDocument() {
        String document = Base64.getEncoder().encodeToString("a confidential discharge summary".repeat(20).getBytes(StandardCharsets.UTF_8));
        FhirException e = refusal("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Binary\",\"contentType\":\"application/pdf\",\"data\":\"***" + document + "\"}}]}", 1 << 20);
        assertEquals("Element 'data' has an invalid value: not base64.", e.issues().get(0).message());
        assertFalse(e.issues().toString().contains(document.substring(10, 40)));
    }

    @Test
    void aBodyOverTheLimitIsRefusedAsTooLarge() {
        FhirException e = refusal("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[]}" + " ".repeat(2048), 1024);
        assertEquals(413, e.status());
    }
}
