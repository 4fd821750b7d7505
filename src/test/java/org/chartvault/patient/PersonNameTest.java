package org.chartvault.patient;

import org.chartvault.patient.PersonName.Agreement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PersonNameTest {

    @Test
    void namesAreComparedAsAClerkWould() {
        PersonName registry = new PersonName("O'Donnell", List.of("Grace", "Anne"));
        record Case(String seen, Agreement expected) {
        }
        for (Case c : new Case[] {
                new Case("O'DONNELL, GRACE ANNE", Agreement.SAME),
                new Case("ODONNELL, GRACE", Agreement.SAME),
                new Case("Grace O'Donnell", Agreement.SAME),
                new Case("Grace A. O'Donnell", Agreement.SAME),
                new Case("O'DONNELL, G.", Agreement.LIKELY),
                new Case("O'DONNELL GRACE", Agreement.LIKELY),          // family name first, comma lost
                new Case("O'D0NNELL, GRACE", Agreement.LIKELY),         // one letter misread in a long name
                new Case("O'DONNELL, MARY", Agreement.DIFFERENT),
                new Case("DONNELLY, GRACE", Agreement.DIFFERENT),
                new Case("O'DONNELL", Agreement.LIKELY)}) {
            assertEquals(c.expected(), registry.compare(PersonName.parse(c.seen()).orElseThrow()).agreement(), c.seen());
        }
        PersonName accented = new PersonName("Núñez-García", List.of("José"));
        assertEquals(Agreement.SAME, accented.compare(PersonName.parse("NUNEZGARCIA, JOSE").orElseThrow()).agreement());
        assertEquals(Agreement.LIKELY, new PersonName("Garcia Lopez", List.of("Ana"))
                .compare(PersonName.parse("GARCIA, ANA").orElseThrow()).agreement());
    }

    @Test
    void parsingKeepsFamilyAndGivenNamesApart() {
        assertEquals(new PersonName("DOE", List.of("JANE", "A.")), PersonName.parse(" DOE ,  JANE  A. ").orElseThrow());
        assertEquals(new PersonName("Doe", List.of("Jane")), PersonName.parse("Jane Doe").orElseThrow());
        assertEquals("DOE, JANE", new PersonName("Doe", List.of("Jane")).display());
        assertEquals(true, PersonName.parse("12345").isEmpty());
    }
}
