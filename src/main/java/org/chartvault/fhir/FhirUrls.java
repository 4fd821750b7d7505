package org.chartvault.fhir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Absolute URLs of this server's FHIR resources, on the configured public base (e.g.
 * {@code https://archive.hospital.org/fhir}): FHIR wants full URLs in bundles and attachments.
 */
public record FhirUrls(String base) {

    public FhirUrls {
        if (base == null || !base.matches("https?://.+")) throw new IllegalArgumentException("not an http(s) base URL: " + base);
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String resource(String type, String id) {
        return base + "/" + type + "/" + id;
    }

    /** A search URL with these parameters, in the order given (each name may repeat). */
    public String search(String type, List<Map.Entry<String, String>> parameters) {
        if (parameters.isEmpty()) return base + "/" + type;
        return base + "/" + type + "?" + parameters.stream()
                .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The local reference ({@code Patient/123}) of an absolute URL on this server, or null if it is elsewhere. */
    public String localPart(String url) {
        return url != null && url.startsWith(base + "/") ? url.substring(base.length() + 1) : null;
    }

    private static String encode(String value) {
        // ':' stays readable (URIs allow it in a query); '|' does not, so the token separator goes as %7C
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
