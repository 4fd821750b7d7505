package org.chartvault.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The text in a separator sheet's barcode. Version 1 reads
 * <pre>CV1|mrn=00573910|type=Discharge%20summary|date=2024-01-05|enc=V123|name=DOE%2C%20JANE|crc=1A2B3C4D</pre>
 * Fields appear only when the sheet has the value, in this order; values are percent-encoded UTF-8 (only
 * {@code A-Z a-z 0-9 - . _ ~} stay as they are), so the payload survives being put in a URL. {@code crc} is
 * the CRC-32 of everything before {@code |crc=}, 8 upper-case hex digits. A sheet with no fields
 * ({@code CV1|crc=...}) starts a new document without values.
 *
 * <p>Parsing is strict: a foreign barcode, a misread, an unknown field or a repeated one is not a separator.
 * A later format gets a new version number ({@code CV2}), which this reader reports as unsupported.
 */
public final class SeparatorPayload {
    static final String MAGIC = "CV";
    static final int VERSION = 1;
    // a version-1 payload with every field at its longest is well under this; more is not ours
    private static final int MAX_LENGTH = 600;
    private static final List<String> KEYS = List.of("mrn", "type", "date", "enc", "name");

    private SeparatorPayload() {
    }

    public static String encode(SeparatorSheet sheet) {
        StringBuilder out = new StringBuilder(MAGIC).append(VERSION);
        field(out, "mrn", sheet.mrn());
        field(out, "type", sheet.documentType());
        field(out, "date", sheet.serviceDate() == null ? null : sheet.serviceDate().toString());
        field(out, "enc", sheet.encounter());
        field(out, "name", sheet.patientName());
        String signed = out.toString();
        return signed + "|crc=" + crc(signed);
    }

    /** True when the text claims to be a ChartVault separator payload of any version ("CV" + digits + "|"). */
    public static boolean looksLikeOurs(String text) {
        return text != null && text.matches("(?s)CV\\d{1,3}\\|.*");
    }

    /**
     * The sheet in {@code text}, or empty when it is not a valid version-1 payload. Use
     * {@link #problem(String)} to say why.
     */
    public static Optional<SeparatorSheet> decode(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Why {@code text} is not a valid payload, or empty when it is one. */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    static SeparatorSheet parse(String text) {
        if (text == null || !looksLikeOurs(text)) throw new IllegalArgumentException("not a ChartVault separator barcode");
        if (text.length() > MAX_LENGTH) throw new IllegalArgumentException("separator barcode text is too long");
        String[] parts = text.split("\\|", -1);
        if (!parts[0].equals(MAGIC + VERSION)) {
            throw new IllegalArgumentException("separator sheet of an unsupported format version (" + parts[0]
                    + "); print a new sheet from this ChartVault");
        }
        String last = parts[parts.length - 1];
        if (parts.length < 2 || !last.startsWith("crc=")) throw new IllegalArgumentException("separator barcode has no checksum");
        String signed = text.substring(0, text.length() - last.length() - 1);
        if (!last.substring(4).equals(crc(signed))) throw new IllegalArgumentException("separator barcode checksum does not match");

        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < parts.length - 1; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("separator barcode field '" + parts[i] + "' has no value");
            String key = parts[i].substring(0, eq);
            if (!KEYS.contains(key)) throw new IllegalArgumentException("separator barcode has an unknown field '" + key + "'");
            if (values.put(key, unescape(parts[i].substring(eq + 1))) != null) {
                throw new IllegalArgumentException("separator barcode repeats the field '" + key + "'");
            }
        }
        LocalDate date = null;
        if (values.containsKey("date")) {
            try {
                date = LocalDate.parse(values.get("date"));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("separator barcode date '" + values.get("date") + "' is not YYYY-MM-DD");
            }
        }
        return new SeparatorSheet(values.get("mrn"), values.get("type"), date, values.get("name"), values.get("enc"));
    }

    private static void field(StringBuilder out, String key, String value) {
        if (value != null) out.append('|').append(key).append('=').append(escape(value));
    }

    static String crc(String signed) {
        CRC32 crc = new CRC32();
        crc.update(signed.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08X", crc.getValue());
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String unescape(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) throw new IllegalArgumentException("separator barcode has a broken %-escape");
                try {
                    bytes.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("separator barcode has a broken %-escape");
                }
                i += 2;
            } else if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("separator barcode has an unexpected character '" + c + "'");
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
