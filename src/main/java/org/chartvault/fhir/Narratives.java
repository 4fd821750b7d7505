package org.chartvault.fhir;

import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Narrative;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The human-readable summary FHIR asks every resource to carry (dom-6), generated from the resource's own values:
 * a client that cannot interpret a resource can still show a person what it is.
 */
final class Narratives {
    private Narratives() {
    }

    /**
     * Sets a generated narrative of the non-empty {@code parts}, joined with ", ", unless the resource already has
     * one (a submitter's own); returns the resource.
     */
    static <R extends DomainResource> R summarise(R resource, String... parts) {
        String text = Stream.of(parts).filter(Objects::nonNull).filter(p -> !p.isBlank()).collect(Collectors.joining(", "));
        if (text.isEmpty() || resource.hasText()) return resource;
        resource.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + escaped(text) + "</div>");
        return resource;
    }

    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    // characters XML 1.0 cannot hold at all are left out rather than break the resource
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.append(c);
                }
            }
        }
        return out.toString();
    }
}
