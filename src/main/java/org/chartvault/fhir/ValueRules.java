package org.chartvault.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What FHIR R4 forbids but HAPI's parser lets through, checked on a parsed submission: a narrative with script,
 * event handlers or other than basic HTML (txt-1) or with nothing in it (txt-2), which an EHR would render from
 * a stored SubmissionSet; a time without a time zone, and an instant without a time, whose day would depend
 * on this server's zone.
 */
final class ValueRules {
    /** The elements txt-1 allows: HTML 4.0's basic formatting, links, images and tables. */
    private static final Set<String> NARRATIVE_ELEMENTS = Set.of("a", "abbr", "acronym", "address", "area", "b", "bdo", "big",
            "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "dfn", "div", "dl", "dt", "em", "h1", "h2",
            "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "map", "ol", "p", "pre", "q", "samp", "small", "span",
            "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var");

    private ValueRules() {
    }

    static List<FhirException.Issue> problems(FhirContext context, Resource root) {
        FhirTerser terser = context.newTerser();
        List<Resource> resources = new ArrayList<>(List.of(root));
        resources.addAll(terser.getAllPopulatedChildElementsOfType(root, Resource.class)); // entries' and contained ones
        List<FhirException.Issue> issues = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource instanceof DomainResource domain) narrative(domain, issues);
            // the terser stops at a resource's edge: each resource's own values
            for (BaseDateTimeType value : terser.getAllPopulatedChildElementsOfType(resource, BaseDateTimeType.class)) {
                dateTime(value, resource, issues);
            }
        }
        return issues;
    }

    private static void narrative(DomainResource resource, List<FhirException.Issue> issues) {
        if (!resource.hasText() || !resource.getText().hasDiv()) return;
        String where = resource.fhirType() + ".text.div";
        XhtmlNode div = resource.getText().getDiv();
        List<String> unsafe = new ArrayList<>();
        unsafe(div, unsafe);
        if (!unsafe.isEmpty()) {
            issues.add(new FhirException.Issue(IssueType.VALUE, "The narrative of a " + resource.fhirType() + " has "
                    + FhirJson.clip(String.join(", ", unsafe)) + "; a narrative holds basic HTML only (txt-1).", where));
        } else if (div.allText().isBlank() && !hasImage(div)) {
            issues.add(new FhirException.Issue(IssueType.VALUE, "The narrative of a " + resource.fhirType()
                    + " is empty; leave text out or say what the resource is (txt-2).", where));
        }
    }

    private static void unsafe(XhtmlNode node, List<String> found) {
        if (node.getNodeType() != NodeType.Element && node.getNodeType() != NodeType.Document) return;
        if (node.getNodeType() == NodeType.Element) {
            String name = node.getName() == null ? "" : node.getName().toLowerCase(Locale.ROOT);
            if (!NARRATIVE_ELEMENTS.contains(name)) found.add("a <" + name + "> element");
            node.getAttributes().forEach((attribute, value) -> {
                String a = attribute.toLowerCase(Locale.ROOT);
                String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
                if (a.startsWith("on")) found.add("an event handler (" + a + ")");
                else if ((a.equals("href") || a.equals("src")) && (v.startsWith("javascript:") || v.startsWith("vbscript:"))) {
                    found.add("a script link");
                }
            });
        }
        for (XhtmlNode child : node.getChildNodes()) unsafe(child, found);
    }

    private static boolean hasImage(XhtmlNode node) {
        if (node.getNodeType() == NodeType.Element && "img".equalsIgnoreCase(node.getName())) return true;
        for (XhtmlNode child : node.getChildNodes()) {
            if (hasImage(child)) return true;
        }
        return false;
    }

    private static void dateTime(BaseDateTimeType value, Resource in, List<FhirException.Issue> issues) {
        if (!value.hasValue()) return;
        boolean hasTime = value.getPrecision().ordinal() > TemporalPrecisionEnum.DAY.ordinal();
        if (value instanceof InstantType && !hasTime) {
            issues.add(new FhirException.Issue(IssueType.VALUE, "The instant '" + FhirJson.clip(value.getValueAsString())
                    + "' in a " + in.fhirType() + " has no time; an instant is a date, a time and a time zone.", null));
        } else if (hasTime && value.getTimeZone() == null) {
            issues.add(new FhirException.Issue(IssueType.VALUE, "The time '" + FhirJson.clip(value.getValueAsString())
                    + "' in a " + in.fhirType() + " has no time zone; FHIR needs one whenever a time is given (Z or +hh:mm).", null));
        }
    }
}
