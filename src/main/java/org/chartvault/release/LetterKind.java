package org.chartvault.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The letters an ROI office sends about a request. */
public enum LetterKind {
    ACKNOWLEDGEMENT("acknowledgement"),
    /** 164.524(b)(2)(i): the reason for the delay and the date by which the hospital will act. */
    EXTENSION_NOTICE("extension-notice"),
    /** 164.524(d)(2): the basis, the review rights and how to use them, how to complain, to the Secretary too. */
    DENIAL("denial"),
    INVOICE("invoice"),
    /** Goes with the packet. */
    COVER_LETTER("cover-letter");

    private final String wire;

    LetterKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static LetterKind fromWire(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (wanted.equals("acknowledgment")) wanted = "acknowledgement";
        String w = wanted;
        return Arrays.stream(values()).filter(k -> k.wire.equals(w)).findFirst()
                .orElseThrow(() -> new InvalidReleaseException("bad-letter", "'" + value + "' is not a kind of letter; use "
                        + Arrays.stream(values()).map(LetterKind::wire).collect(Collectors.joining(", ")) + "."));
    }
}
