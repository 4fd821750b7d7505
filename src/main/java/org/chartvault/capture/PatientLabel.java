package org.chartvault.capture;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a patient label sticker (Code 128 or DataMatrix) says: the patient's MRN and, if printed, the encounter.
 *
 * <p>Barcode text ChartVault accepts, case-insensitive label, surrounding spaces ignored:
 * <ul>
 *   <li>{@code MRN:00573910} and {@code MRN:00573910^V123456789} — what {@link #barcodeText()} prints; the MRN
 *       is 1-20 letters, digits or hyphens;</li>
 *   <li>{@code 00573910^V123456789} — MRN and encounter separated by {@code ^} as in HL7, MRN 6-10 digits;</li>
 *   <li>{@code 00573910} — a bare MRN of 6-10 digits, as many label printers encode it.</li>
 * </ul>
 * The encounter is 1-30 letters, digits or hyphens. Anything else (a specimen number, a product code) is not a
 * patient label.
 */
public record PatientLabel(String mrn, String encounter) {

    private static final Pattern LABELLED = Pattern.compile("MRN\\s*[:#=]\\s*([A-Z0-9-]{1,20})(?:\\^([A-Z0-9-]{1,30}))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE = Pattern.compile("(\\d{6,10})(?:\\^([A-Za-z0-9-]{1,30}))?");

    public PatientLabel {
        if (mrn == null || !mrn.matches(SeparatorSheet.MRN_PATTERN)) {
            throw new IllegalArgumentException("A patient label carries an MRN of 1-20 letters, digits or hyphens, not '" + mrn + "'.");
        }
        if (encounter != null && encounter.isBlank()) encounter = null;
        if (encounter != null && !encounter.matches(SeparatorSheet.ENCOUNTER_PATTERN)) {
            throw new IllegalArgumentException("An encounter number is 1-30 letters, digits or hyphens, not '" + encounter + "'.");
        }
    }

    /** The label's values if {@code barcodeText} is in one of the accepted forms. */
    public static Optional<PatientLabel> parse(String barcodeText) {
        if (barcodeText == null) return Optional.empty();
        String text = barcodeText.strip();
        Matcher m = LABELLED.matcher(text);
        if (!m.matches()) m = BARE.matcher(text);
        if (!m.matches()) return Optional.empty();
        return Optional.of(new PatientLabel(m.group(1).toUpperCase(Locale.ROOT), m.group(2)));
    }

    /** The text to encode on a label: {@code MRN:<mrn>} or {@code MRN:<mrn>^<encounter>}. */
    public String barcodeText() {
        return "MRN:" + mrn + (encounter == null ? "" : "^" + encounter);
    }
}
