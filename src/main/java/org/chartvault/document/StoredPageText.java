package org.chartvault.document;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.chartvault.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a stored page ({@code pages/<n>.json}) without its word boxes, for readers that need only its text: the
 * reindex reads every page of the archive. The words are nine tenths of a page's bytes and come after its text, so
 * the fields are read in order until the words, and {@code blank}, the one field after them, is looked up at the end.
 * Any other order of fields is read whole (the words skipped), only more slowly.
 */
final class StoredPageText {
    /**
     * How {@code blank} is written. Only a key of the page object can match: inside a JSON string every quote is
     * escaped, and the second quote here has no backslash before it; no object nested in a page has this key.
     */
    private static final byte[] BLANK = "\"blank\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private StoredPageText() {
    }

    static PageContent read(byte[] json) throws IOException {
        int number = 0, width = 0, height = 0, dpi = 0, rotation = 0;
        double skew = 0;
        Double confidence = null;
        String source = null, text = null;
        boolean blank = false;
        try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("a stored page is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "number" -> number = p.getIntValue();
                    case "width" -> width = p.getIntValue();
                    case "height" -> height = p.getIntValue();
                    case "dpi" -> dpi = p.getIntValue();
                    case "rotation" -> rotation = p.getIntValue();
                    case "skew" -> skew = p.getDoubleValue();
                    case "confidence" -> confidence = value == JsonToken.VALUE_NULL ? null : p.getDoubleValue();
                    case "source" -> source = p.getValueAsString();
                    case "text" -> text = p.getValueAsString();
                    case "blank" -> blank = p.getBooleanValue();
                    case "words" -> {
                        if (number > 0 && source != null && text != null) {
                            return new PageContent(number, width, height, dpi, source, rotation, skew, confidence, text,
                                    List.of(), blankAtEnd(json));
                        }
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new PageContent(number, width, height, dpi, source, rotation, skew, confidence, text, List.of(), blank);
    }

    /** {@code "blank":true} as the last such key (false when absent, as Jackson reads a missing boolean). */
    private static boolean blankAtEnd(byte[] json) {
        for (int i = json.length - BLANK.length; i >= 0; i--) {
            if (json[i] == '"' && matches(json, i, BLANK)) {
                int v = i + BLANK.length;
                while (v < json.length && json[v] == ' ') v++;
                return matches(json, v, TRUE);
            }
        }
        return false;
    }

    private static boolean matches(byte[] json, int at, byte[] expected) {
        if (at + expected.length > json.length) return false;
        for (int j = 0; j < expected.length; j++) {
            if (json[at + j] != expected[j]) return false;
        }
        return true;
    }
}
