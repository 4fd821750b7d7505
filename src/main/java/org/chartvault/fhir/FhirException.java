package org.chartvault.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.util.List;

/**
 * A FHIR request refused, with every problem found: the HTTP layer answers it as an OperationOutcome with
 * {@link #status()}. Messages are sentences for the person reading the client's log, never stack traces.
 */
public class FhirException extends RuntimeException {
    private final int status;
    private final List<Issue> issues;

    /** One thing wrong. {@code expression} is where (a FHIRPath such as {@code Bundle.entry[1].resource}), or null. */
    public record Issue(IssueType type, String message, String expression) {
        public Issue {
            if (type == null || message == null) throw new IllegalArgumentException("an issue needs a type and a message");
        }
    }

    public FhirException(int status, List<Issue> issues) {
        super(issues.isEmpty() ? "refused" : issues.get(0).message());
        if (issues.isEmpty()) throw new IllegalArgumentException("a refusal names at least one issue");
        this.status = status;
        this.issues = List.copyOf(issues);
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

    public int status() {
        return status;
    }

    public List<Issue> issues() {
        return issues;
    }
}
