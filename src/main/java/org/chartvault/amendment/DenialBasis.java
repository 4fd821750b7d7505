package org.chartvault.amendment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The only grounds on which 45 CFR 164.526(a)(2) lets a covered entity deny an amendment. */
public enum DenialBasis {
    /** (a)(2)(i): not created by the hospital, unless the originator is no longer available to act on it. */
    NOT_CREATED_BY_US("not-created-by-us", "The information you asked us to amend was not created by us, and its "
            + "originator is available to act on your request."),
    /** (a)(2)(ii) */
    NOT_IN_DESIGNATED_RECORD_SET("not-in-designated-record-set", "The information is not part of the designated "
            + "record set we keep about you."),
    /** (a)(2)(iii): information the patient could not inspect under 164.524 (e.g. psychotherapy notes). */
    NOT_AVAILABLE_FOR_INSPECTION("not-available-for-inspection", "The information is not available for you to "
            + "inspect under 45 CFR 164.524."),
    /** (a)(2)(iv) */
    ACCURATE_AND_COMPLETE("accurate-and-complete", "We find the information accurate and complete as it is.");

    private final String wire;
    private final String sentence;

    DenialBasis(String wire, String sentence) {
        this.wire = wire;
        this.sentence = sentence;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The basis as the denial tells it to the patient, in plain language (164.526(d)(1)(i)). */
    public String sentence() {
        return sentence;
    }

    @JsonCreator
    public static DenialBasis fromWire(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Arrays.stream(values()).filter(b -> b.wire.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidAmendmentException("bad-basis", "A denial needs its basis under 45 CFR "
                        + "164.526(a)(2) as 'basis', one of " + Arrays.stream(values()).map(DenialBasis::wire)
                        .collect(Collectors.joining(", ")) + "."));
    }
}
