package org.chartvault.fhir;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ITI-67 Find Document References query as understood: the patient (by {@code patient.identifier} or a
 * {@code patient} reference), status, type (LOINC code, or a type's name), date bounds and the page wanted.
 * Parameters this server does not support are ignored, as FHIR asks, and left out of the {@code self} link.
 *
 * @param mrn       the patient's MRN; null when the query names a patient this server cannot have (another
 *                  identifier system): then nothing matches
 * @param statuses  the statuses asked for, or null for any
 * @param loincs    the LOINC codes asked for, or null for any type
 * @param applied   the parameters as understood, for the {@code self} and {@code next} links
 */
record DocumentSearch(String mrn, Set<String> statuses, Set<String> loincs, List<DateBound> dates, int offset,
                      int count, List<Map.Entry<String, String>> applied) {
    static final String STATUS_SYSTEM = "http://hl7.org/fhir/document-reference-status";
    private static final List<String> STATUSES = List.of("current", "superseded", "entered-in-error");

    DocumentSearch {
        statuses = statuses == null ? null : Set.copyOf(statuses);
        loincs = loincs == null ? null : Set.copyOf(loincs);
        dates = List.copyOf(dates);
        applied = List.copyOf(applied);
    }

    /** The same query, one page on. */
    DocumentSearch page(int newOffset) {
        return new DocumentSearch(mrn, statuses, loincs, dates, newOffset, count, applied);
    }

    static DocumentSearch parse(Map<String, List<String>> query, FhirSettings settings, FhirUrls urls,
                                DocumentTypeList types) {
        List<Map.Entry<String, String>> applied = new ArrayList<>();
        String mrn = null;
        boolean patientNamed = false;
        for (String name : List.of("patient.identifier", "patient", "subject")) {
            for (String value : query.getOrDefault(name, List.of())) {
                if (patientNamed) throw FhirException.badRequest("Name the patient once (patient or patient.identifier).");
                patientNamed = true;
                if (value.contains(",")) throw FhirException.badRequest("Search one patient at a time.");
                mrn = name.equals("patient.identifier") ? mrnOfIdentifier(value, settings) : mrnOfReference(name, value, urls);
                applied.add(entry(name, value.strip()));
            }
        }
        if (!patientNamed) {
            throw FhirException.badRequest("Find Document References needs the patient: patient.identifier=system|MRN "
                    + "(or the bare MRN) or patient=Patient/id.");
        }

        Set<String> statuses = null;
        for (String value : query.getOrDefault("status", List.of())) {
            Set<String> these = new HashSet<>();
            for (String part : value.split(",")) {
                Token token = Token.parse("status", part);
                if (!(token.system() == null || token.system().equals(STATUS_SYSTEM)) || !STATUSES.contains(token.code())) {
                    throw FhirException.badRequest("status is current, superseded or entered-in-error, not '"
                            + FhirJson.clip(part.strip()) + "'.");
                }
                these.add(token.code());
            }
            statuses = intersect(statuses, these);
            applied.add(entry("status", value.strip()));
        }

        Set<String> loincs = null;
        for (String value : query.getOrDefault("type", List.of())) {
            Set<String> these = new HashSet<>();
            for (String part : value.split(",")) {
                Token token = Token.parse("type", part);
                boolean loinc = token.system() == null || token.system().equals(DocumentTypeCode.LOINC_SYSTEM);
                if (!loinc) continue; // a code of another system names none of our types
                String code = token.system() == null ? types.resolve(token.code()).map(DocumentTypeCode::loinc).orElse(null)
                        : types.byLoinc(token.code()).map(DocumentTypeCode::loinc).orElse(null);
                if (code != null) these.add(code);
            }
            loincs = intersect(loincs, these);
            applied.add(entry("type", value.strip()));
        }

        List<DateBound> dates = new ArrayList<>();
        for (String value : query.getOrDefault("date", List.of())) {
            if (value.contains(",")) throw FhirException.badRequest("Give each date bound as its own date parameter.");
            dates.add(DateBound.parse(value, settings.zone()));
            applied.add(entry("date", value.strip()));
        }

        int count = wholeNumber(query, "_count", settings.defaultPageSize());
        count = Math.min(count, settings.maxPageSize());
        applied.add(entry("_count", Integer.toString(count)));
        int offset = wholeNumber(query, "_offset", 0);
        return new DocumentSearch(mrn, statuses, loincs, dates, offset, count, applied);
    }

    /** The MRN of {@code system|value}; null when the system is not the hospital's MRN system. */
    static String mrnOfIdentifier(String value, FhirSettings settings) {
        Token token = Token.parse("patient.identifier", value);
        return token.allowsSystem(settings.mrnSystem()) ? token.code() : null;
    }

    /** The MRN of {@code Patient/id}, a bare id, or this server's absolute Patient URL; null when it names none. */
    static String mrnOfReference(String parameter, String value, FhirUrls urls) {
        String reference = value.strip();
        String local = urls.localPart(reference);
        if (local != null) reference = local;
        if (reference.startsWith("Patient/")) {
            reference = reference.substring("Patient/".length());
        } else if (reference.contains("/")) {
            throw FhirException.badRequest(parameter + " must be a Patient of this server (Patient/id), not '"
                    + FhirJson.clip(value) + "'.");
        }
        return FhirIds.mrnOf(reference).orElse(null);
    }

    private static int wholeNumber(Map<String, List<String>> query, String name, int fallback) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.isEmpty()) return fallback;
        if (values.size() > 1) throw FhirException.badRequest("Give " + name + " once.");
        try {
            int n = Integer.parseInt(values.get(0).strip());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw FhirException.badRequest(name + " must be a whole number from 0, not '" + FhirJson.clip(values.get(0)) + "'.");
    }

    private static Set<String> intersect(Set<String> sofar, Set<String> these) {
        if (sofar == null) return new LinkedHashSet<>(these);
        Set<String> both = new LinkedHashSet<>(sofar);
        both.retainAll(these);
        return both;
    }

    private static Map.Entry<String, String> entry(String name, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }
}
