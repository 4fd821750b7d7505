package org.chartvault.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.http.ManagedWebAccess;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every resource the server returns must pass: HAPI's strict parser, and HAPI's validator with the instance
 * validator against the base R4 definitions (core profiles, in-memory terminology, the common code systems), with
 * web access prohibited so nothing is ever fetched. The validator takes ~15 s to load, so it is built in the
 * background while the test's archive starts. Warnings are counted for the closing note.
 */
final class FhirConformance {
    private final FhirContext context;
    private final CompletableFuture<FhirValidator> validator;
    private final Map<String, Integer> warnings = new TreeMap<>();
    private int validated;

    FhirConformance() {
        // The validator's own switch for web access: any attempt to fetch fails instead of going out.
        ManagedWebAccess.setAccessPolicy(ManagedWebAccess.WebAccessPolicy.PROHIBITED);
        context = FhirContext.forR4();
        context.setParserErrorHandler(new StrictErrorHandler());
        validator = CompletableFuture.supplyAsync(() -> {
            FhirContext own = FhirContext.forR4();
            ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(own),
                    new InMemoryTerminologyServerValidationSupport(own), new CommonCodeSystemsTerminologyService(own));
            FhirInstanceValidator instance = new FhirInstanceValidator(chain);
            FhirValidator v = own.newValidator();
            v.setValidateAgainstStandardSchema(false);
            v.setValidateAgainstStandardSchematron(false);
            v.registerValidatorModule(instance);
            v.validateWithResult(new org.hl7.fhir.r4.model.Patient()); // loads the definitions now
            return v;
        });
    }

    /** A FHIR context whose parsers are strict: unknown elements and bad values fail the parse. */
    FhirContext strictContext() {
        return context;
    }

    /** Parses the JSON strictly, validates that same JSON, and returns the resource. */
    <T extends IBaseResource> T parseAndValidate(Class<T> type, String json) {
        T resource = context.newJsonParser().parseResource(type, json);
        validateJson(resource.fhirType(), json);
        return resource;
    }

    /** Validates a resource a client already parsed strictly. */
    void validate(IBaseResource resource) {
        validateJson(resource.fhirType(), context.newJsonParser().encodeResourceToString(resource));
    }

    /** Validates against the base R4 definitions; errors fail the test, warnings are counted. */
    private synchronized void validateJson(String type, String json) {
        ValidationResult result = validator.join().validateWithResult(json);
        validated++;
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL).toList();
        assertTrue(errors.isEmpty(), () -> type + " does not validate: " + errors.stream()
                .map(m -> m.getLocationString() + " " + m.getMessage()).collect(Collectors.joining("\n")) + "\n"
                + (json.length() > 3000 ? json.substring(0, 3000) + "…" : json));
        for (SingleValidationMessage m : result.getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.WARNING) {
                String key = type + ": " + m.getMessage().replaceAll("'[^']*'", "'…'");
                warnings.merge(key.length() > 200 ? key.substring(0, 200) : key, 1, Integer::sum);
            }
        }
    }

    synchronized String report() {
        return "validated " + validated + " resources with 0 errors; warnings:\n" + warnings.entrySet().stream()
                .map(e -> "  " + e.getValue() + " x " + e.getKey()).collect(Collectors.joining("\n"));
    }
}
