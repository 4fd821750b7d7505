package org.chartvault.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * FHIR JSON in and out, always through HAPI's R4 model and parser. Holds the one {@link FhirContext} of the
 * process (building it scans the whole model, a few hundred milliseconds); parsers are cheap and not shared
 * between threads, so each call makes its own.
 */
public final class FhirJson {
    public static final String MEDIA_TYPE = "application/fhir+json";
    // parser messages can quote the offending value, which may be megabytes of base64
    private static final int MAX_MESSAGE = 300;

    private final FhirContext context;

    public FhirJson(FhirContext context) {
        if (context.getVersion().getVersion() != FhirVersionEnum.R4) {
            throw new IllegalArgumentException("ChartVault speaks FHIR R4, not " + context.getVersion().getVersion());
        }
        this.context = context;
    }

    public FhirContext context() {
        return context;
    }

    public String encode(IBaseResource resource) {
        return context.newJsonParser().setPrettyPrint(false).encodeResourceToString(resource);
    }

    /**
     * Parses a Bundle strictly: unknown elements, values of the wrong type, malformed base64 and narratives or
     * times FHIR forbids are refused with every problem listed (400) before anything is acted on. Whatever the
     * parser throws on the JSON is the sender's fault: a 400 too, never a 500. ITI-65 bodies come here through
     * {@link SpoolingBundleReader}, which takes the documents out first.
     */
    Bundle parseBundle(Reader json) {
        Problems problems = new Problems();
        IParser parser = context.newJsonParser().setParserErrorHandler(problems);
        IBaseResource parsed;
        try {
            parsed = parser.parseResource(json);
        } catch (DataFormatException e) {
            problems.add(IssueType.STRUCTURE, "The body is not FHIR JSON: " + clip(e.getMessage()));
            throw new FhirException(400, problems.issues);
        } catch (RuntimeException e) { // e.g. a narrative that is XML but no XHTML div: HAPI's XHTML parser throws its own
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceFirst("^[\\w.$]+: ", "");
            problems.add(IssueType.STRUCTURE, "The body is not FHIR JSON: " + clip(reason));
            throw new FhirException(400, problems.issues);
        }
        if (!problems.issues.isEmpty()) throw new FhirException(400, problems.issues);
        if (!(parsed instanceof Bundle bundle)) {
            throw FhirException.badRequest("Expected a Bundle of type transaction, found a "
                    + context.getResourceType(parsed) + ".");
        }
        List<FhirException.Issue> forbidden = ValueRules.problems(context, bundle);
        if (!forbidden.isEmpty()) throw new FhirException(400, forbidden);
        return bundle;
    }

    /** An OperationOutcome with one error issue per problem. */
    public OperationOutcome outcome(List<FhirException.Issue> issues) {
        OperationOutcome outcome = new OperationOutcome();
        for (FhirException.Issue issue : issues) {
            var added = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issue.type()).setDiagnostics(issue.message());
            if (issue.expression() != null) added.addExpression(issue.expression());
        }
        return Narratives.summarise(outcome, outcome.getIssue().stream()
                .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics).toArray(String[]::new));
    }

    /** The issue type FHIR uses for an HTTP status, for refusals that carry only a status and a sentence. */
    public static IssueType issueTypeOf(int status) {
        return switch (status) {
            case 400 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404, 410 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 413 -> IssueType.TOOCOSTLY;
            case 422 -> IssueType.PROCESSING;
            case 429 -> IssueType.THROTTLED;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.INVALID;
        };
    }

    static String clip(String message) {
        if (message == null) return "";
        String shown = message.replaceAll("\\p{Cntrl}", " ");
        return shown.length() > MAX_MESSAGE ? shown.substring(0, MAX_MESSAGE) + "…" : shown;
    }

    /** Collects what the parser finds wrong instead of stopping at the first problem. */
    private static final class Problems implements IParserErrorHandler {
        final List<FhirException.Issue> issues = new ArrayList<>();

        void add(IssueType type, String message) {
            issues.add(new FhirException.Issue(type, message, null));
        }

        private static String where(IParseLocation location) {
            return location == null || location.getParentElementName() == null ? "" : " (in " + location.getParentElementName() + ")";
        }

        @Override
        public void containedResourceWithNoId(IParseLocation location) {
            add(IssueType.STRUCTURE, "A contained resource has no id" + where(location) + ".");
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String element, BaseJsonLikeValue.ValueType expected,
                                      BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                                      BaseJsonLikeValue.ScalarType foundScalar) {
            add(IssueType.STRUCTURE, "Element '" + element + "'" + where(location) + " should be a JSON "
                    + kind(expected, expectedScalar) + ", not a " + kind(found, foundScalar) + ".");
        }

        private static String kind(BaseJsonLikeValue.ValueType type, BaseJsonLikeValue.ScalarType scalar) {
            if (type == null) return "value";
            return (scalar != null ? scalar.name() : type.name()).toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            // the value itself is not repeated: it may be a whole document in base64
            String name = location == null ? null : location.getParentElementName();
            String reason = error == null ? "" : error.replaceFirst("^.*Exception: ", "").strip();
            if (reason.isEmpty() && "data".equals(name)) reason = "not base64";
            add(IssueType.VALUE, (name == null ? "An element" : "Element '" + name + "'") + " has an invalid value"
                    + (reason.isEmpty() ? "." : ": " + clip(reason) + "."));
        }

        @Override
        public void missingRequiredElement(IParseLocation location, String element) {
            add(IssueType.REQUIRED, "Required element '" + element + "' is missing" + where(location) + ".");
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation location, String element) {
            add(IssueType.STRUCTURE, "Element '" + element + "'" + where(location) + " may appear only once.");
        }

        @Override
        public void unknownAttribute(IParseLocation location, String attribute) {
            add(IssueType.STRUCTURE, "Unknown attribute '" + clip(attribute) + "'" + where(location) + ".");
        }

        @Override
        public void unknownElement(IParseLocation location, String element) {
            add(IssueType.STRUCTURE, "Unknown element '" + clip(element) + "'" + where(location) + "; FHIR R4 has no such element.");
        }

        @Override
        public void unknownReference(IParseLocation location, String reference) {
            add(IssueType.STRUCTURE, "Reference '" + clip(reference) + "'" + where(location) + " points to no contained resource.");
        }

        @Override
        public void invalidInternalReference(IParseLocation location, String reference) {
            add(IssueType.STRUCTURE, "Internal reference '" + clip(reference) + "'" + where(location) + " is not valid.");
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
            add(IssueType.STRUCTURE, "An extension" + where(location) + " has both a value and nested extensions.");
        }
    }
}
