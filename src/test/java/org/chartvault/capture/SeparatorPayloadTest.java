package org.chartvault.capture;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeparatorPayloadTest {

    private static final SeparatorSheet FULL = new SeparatorSheet("00573910", "Operative report", LocalDate.of(2024, 1, 5),
            "O'DONNELL, GRACE", "V123456789");

    @Test
    void everyValueComesBackAsItWasPrinted() {
        String payload = SeparatorPayload.encode(FULL);

        assertTrue(payload.startsWith("CV1|mrn=00573910|type=Operative.20report".replace(".", "%")), payload);
        assertTrue(payload.matches("[A-Za-z0-9|=%._~-]+"), "URL-safe: " + payload);
        assertEquals(FULL, SeparatorPayload.decode(payload).orElseThrow());
    }

    @Test
    void valuesOutsideAsciiAndSeparatorCharactersSurvive() {
        SeparatorSheet sheet = new SeparatorSheet("A-1", "Consent | special = 100%", null, "ŻÓŁĆ, ŁUKASZ", null);

        assertEquals(sheet, SeparatorPayload.decode(SeparatorPayload.encode(sheet)).orElseThrow());
    }

    @Test
    void aSheetWithoutValuesStartsTheNextDocument() {
        String payload = SeparatorPayload.encode(SeparatorSheet.nextDocument());

        assertTrue(payload.matches("CV1\\|crc=[0-9A-F]{8}"), payload);
        assertTrue(SeparatorPayload.decode(payload).orElseThrow().isNextDocument());
    }

    @Test
    void anythingButAnIntactVersionOnePayloadIsRefusedWithAReason() {
        String good = SeparatorPayload.encode(FULL);
        String body = good.substring(0, good.lastIndexOf("|crc="));

        record Case(String text, String reason) {
        }
        for (Case c : new Case[] {
                new Case(good.replace("00573910", "00573911"), "checksum"),
                new Case(body, "no checksum"),
                new Case("CV2|mrn=1|crc=" + SeparatorPayload.crc("CV2|mrn=1"), "unsupported format version"),
                new Case(signed("CV1|mrn=1|ward=4"), "unknown field 'ward'"),
                new Case(signed("CV1|mrn=1|mrn=2"), "repeats the field 'mrn'"),
                new Case(signed("CV1|date=2024-13-01"), "not YYYY-MM-DD"),
                new Case(signed("CV1|mrn=12 34"), "unexpected character"),
                new Case(signed("CV1|mrn=%4"), "broken %-escape"),
                new Case(signed("CV1|mrn=DROP%3BTABLE"), "MRN"),
                new Case("https://example.org/", "not a ChartVault separator")}) {
            assertTrue(SeparatorPayload.decode(c.text()).isEmpty(), c.text());
            String problem = SeparatorPayload.problem(c.text()).orElseThrow();
            assertTrue(problem.contains(c.reason()), c.text() + " -> " + problem);
        }
    }

    @Test
    void onlyTextShapedLikeOursClaimsToBeASeparator() {
        assertTrue(SeparatorPayload.looksLikeOurs("CV7|anything"));
        assertFalse(SeparatorPayload.looksLikeOurs("CVS pharmacy"));
        assertFalse(SeparatorPayload.looksLikeOurs("MRN:00573910"));
    }

    @Test
    void sheetValuesAreCheckedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> new SeparatorSheet("12 34", null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SeparatorSheet(null, "x".repeat(65), null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SeparatorSheet(null, null, LocalDate.of(1850, 1, 1), null, null));
        assertThrows(IllegalArgumentException.class, () -> new SeparatorSheet(null, null, null, "DOE\nJANE", null));
    }

    private static String signed(String body) {
        return body + "|crc=" + SeparatorPayload.crc(body);
    }
}
