package org.chartvault.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.time.Duration;
import java.util.List;

/**
 * A FHIR request refused, with every problem found: the HTTP layer answers it as an OperationOutcome with
 * {@link #status()}. Messages are sentences for the person reading the client's log, never stack traces.
 */
public class FhirException extends RuntimeException {
    private final int status;
    private final List<Issue> issues;
    /** For a refusal that passes (503): when to try again; null otherwise. */
    private final Duration retryAfter;

    /** One thing wrong. {@code expression} is where (a FHIRPath such as {@code Bundle.entry[1].resource}), or null. */
    public record Issue(IssueType type, String message, String expression) {
        public Issue {
            if (type == null || message == null) throw new IllegalArgumentException("an issue needs a type and a message");
        }
    }

    public FhirException(int status, List<Issue> issues) {
        this(status, issues, null);
    }

    private FhirException(int status, List<Issue> issues, Duration retryAfter) {
        super(issues.isEmpty() ? "refused" : issues.get(0).message());
        if (issues.isEmpty()) throw new IllegalArgumentException("a refusal names at least one issue");
        this.status = status;
        this.issues = List.copyOf(issues);
        this.retryAfter = retryAfter;
    }

    public FhirException(int status, IssueType type, String message) {
        this(status, List.of(new Issue(type, message, null)));
    }

    public static FhirException badRequest(String message) {
        return new FhirException(400, IssueType.INVALID, message);
    }

    public static FhirException notFound(String message) {
        return new FhirException(404, IssueType.NOTFOUND, message);
    }

    /** The server cannot take this now but will soon: 503, with when to try again. */
    public static FhirException busy(String message, Duration retryAfter) {
        return new FhirException(503, List.of(new Issue(IssueType.TRANSIENT, message, null)), retryAfter);
    }

    public int status() {
        return status;
    }

    public List<Issue> issues() {
        return issues;
    }

    /** When a passing refusal may be tried again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
