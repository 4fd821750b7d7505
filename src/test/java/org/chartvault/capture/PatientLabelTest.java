package org.chartvault.capture;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PatientLabelTest {

    @Test
    void labelTextIsReadInTheDocumentedForms() {
        record Case(String text, PatientLabel expected) {
        }
        for (Case c : new Case[] {
                new Case("MRN:00573910", new PatientLabel("00573910", null)),
                new Case("mrn: 00573910^V123456789", new PatientLabel("00573910", "V123456789")),
                new Case("MRN#A-77812", new PatientLabel("A-77812", null)),
                new Case("12345678^E123", new PatientLabel("12345678", "E123")),
                new Case("123456", new PatientLabel("123456", null)),
                new Case(" 1234567890 ", new PatientLabel("1234567890", null)),
                new Case("12345", null),              // too short for a bare MRN
                new Case("12345678901", null),        // too long
                new Case("LOT 4471-B", null),         // a product code
                new Case("SPECIMEN:00573910", null),
                new Case("MRN:00573910^V 1", null)}) {
            assertEquals(Optional.ofNullable(c.expected()), PatientLabel.parse(c.text()), c.text());
        }
    }

    @Test
    void whatALabelPrintsReadsBackTheSame() {
        PatientLabel label = new PatientLabel("00573910", "V123456789");
        assertEquals(label, PatientLabel.parse(label.barcodeText()).orElseThrow());
        assertEquals("MRN:00573910", new PatientLabel("00573910", null).barcodeText());
    }
}
