package org.chartvault.patient;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdtReceiverTest {

    @TempDir
    Path dir;

    private final List<String> merges = new ArrayList<>();

    private static final String A04 = String.join("\r",
            "MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20240105120000||ADT^A04^ADT_A01|MSG00001|P|2.5.1",
            "EVN|A04|20240105120000",
            "PID|1||123-45-6789^^^SSA^SS~00573910^^^NORTHGATE^MR||WOJCIECHOWSKI^MARGARET^A||19600105|F",
            "PV1|1|O");

    private static final String A08 = String.join("\r",
            "MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20240105130000||ADT^A08^ADT_A01|MSG00002|P|2.5.1",
            "EVN|A08|20240105130000",
            "PID|1||00573910^^^NORTHGATE^MR||WOJCIECHOWSKI-SMITH^MARGARET||||",
            "PV1|1|O");

    private static final String A40 = String.join("\r",
            "MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20240106120000||ADT^A40^ADT_A39|MSG00003|P|2.5.1",
            "EVN|A40|20240106120000",
            "PID|1||00573910^^^NORTHGATE^MR||WOJCIECHOWSKI^MARGARET||19600105|F",
            "MRG|00999999^^^NORTHGATE^MR");

    private AdtReceiver receiver(PatientRegistry registry) {
        return new AdtReceiver(registry, (prior, surviving) -> merges.add(prior + ">" + surviving));
    }

    @Test
    void registrationThenUpdateKeepThePatientCurrent() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        AdtReceiver receiver = receiver(registry);

        AdtReceiver.Outcome registered = receiver.receive(A04);
        assertEquals(AdtReceiver.Ack.AA, registered.code(), registered.text());
        assertAck(registered.ack(), "AA", "MSG00001");
        assertEquals("ADT^A04", registered.event());
        Patient first = registry.find("00573910").orElseThrow();
        assertEquals("WOJCIECHOWSKI", first.familyName());
        assertEquals(List.of("MARGARET", "A"), first.givenNames());
        assertEquals(LocalDate.of(1960, 1, 5), first.birthDate());
        assertEquals(Sex.FEMALE, first.sex());
        assertEquals("HL7 ADT^A04 MSG00001", first.source());

        AdtReceiver.Outcome updated = receiver.receive(A08);
        assertEquals(AdtReceiver.Ack.AA, updated.code(), updated.text());
        Patient second = registry.find("00573910").orElseThrow();
        assertEquals("WOJCIECHOWSKI-SMITH", second.familyName());
        assertEquals(List.of("MARGARET"), second.givenNames());
        assertEquals(LocalDate.of(1960, 1, 5), second.birthDate(), "an empty PID-7 keeps the birth date");
        assertEquals(Sex.FEMALE, second.sex(), "an empty PID-8 keeps the sex");

        receiver.receive(A08.replace("WOJCIECHOWSKI-SMITH^MARGARET||||", "WOJCIECHOWSKI-SMITH^MARGARET||\"\"|\"\""));
        Patient cleared = registry.find("00573910").orElseThrow();
        assertEquals(null, cleared.birthDate(), "\"\" deletes, as HL7 says");
        assertEquals(Sex.UNKNOWN, cleared.sex());
    }

    @Test
    void aMergeRetiresThePriorMrnAndTellsTheListener() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        AdtReceiver receiver = receiver(registry);
        receiver.receive(A04);
        receiver.receive(A04.replace("00573910", "00999999").replace("MSG00001", "MSG00009"));

        AdtReceiver.Outcome merged = receiver.receive(A40);

        assertEquals(AdtReceiver.Ack.AA, merged.code(), merged.text());
        assertAck(merged.ack(), "AA", "MSG00003");
        assertEquals(List.of("00999999>00573910"), merges);
        Patient prior = registry.find("00999999").orElseThrow();
        assertEquals(PatientStatus.MERGED, prior.status());
        assertEquals("00573910", prior.mergedInto());
        assertTrue(registry.find("00573910").orElseThrow().isActive());

        // the sender repeats the message (lost ACK): nothing changes, the documents are asked to move again
        assertEquals(AdtReceiver.Ack.AA, receiver.receive(A40).code());
        assertEquals(List.of("00999999>00573910", "00999999>00573910"), merges);
    }

    @Test
    void aMergeWhoseDocumentsCannotMoveIsAnErrorAndCanBeSentAgain() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        receiver(registry).receive(A04);
        AdtReceiver failing = new AdtReceiver(registry, (prior, surviving) -> {
            throw new IOException("storage unavailable");
        });

        AdtReceiver.Outcome failed = failing.receive(A40);

        assertEquals(AdtReceiver.Ack.AE, failed.code());
        assertAck(failed.ack(), "AE", "MSG00003");
        assertTrue(failed.text().contains("could not all be moved"), failed.text());
        assertEquals("00573910", registry.find("00999999").orElseThrow().mergedInto());

        assertEquals(AdtReceiver.Ack.AA, receiver(registry).receive(A40).code());
        assertEquals(List.of("00999999>00573910"), merges);
    }

    @Test
    void malformedAndUnwantedMessagesGetAnAckNotAnException() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        AdtReceiver receiver = receiver(registry);
        record Case(String message, AdtReceiver.Ack expected, String because) {
        }
        for (Case c : new Case[] {
                new Case("", AdtReceiver.Ack.AR, "does not start with an MSH segment"),
                new Case("hello, is this the lab?", AdtReceiver.Ack.AR, "does not start with an MSH segment"),
                new Case("MSH|^~\\&|LAB|NORTHGATE|CHARTVAULT|HIM|20240105||ORU^R01^ORU_R01|L1|P|2.5.1\rPID|1||00573910",
                        AdtReceiver.Ack.AR, "ADT messages only"),
                new Case(A04.replace("123-45-6789^^^SSA^SS~00573910^^^NORTHGATE^MR", ""), AdtReceiver.Ack.AE, "PID-3 has no patient identifier"),
                new Case(A04.replace("00573910^^^NORTHGATE^MR", "005 73910^^^NORTHGATE^MR").replace("123-45-6789^^^SSA^SS~", ""),
                        AdtReceiver.Ack.AE, "is not an MRN"),
                new Case(A04.replace("19600105", "1960"), AdtReceiver.Ack.AE, "not a full date"),
                new Case(A04.replace("|F\r", "|Q\r"), AdtReceiver.Ack.AE, "PID-8 sex 'Q'"),
                new Case(A04.replace("WOJCIECHOWSKI^MARGARET^A", ""), AdtReceiver.Ack.AE, "no family name"),
                new Case(A40.replace("\rMRG|00999999^^^NORTHGATE^MR", ""), AdtReceiver.Ack.AE, "MRG-1 has no patient identifier"),
                new Case(A40.replace("MRG|00999999", "MRG|00573910"), AdtReceiver.Ack.AE, "name the same MRN"),
                new Case("MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20240105||ADT^A04|X1|P|3.0\rPID|1||1", AdtReceiver.Ack.AR, "is not v2.x"),
                new Case("MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20240105||ADT^A04|X1|P|2.9.7\rPID|1||1", AdtReceiver.Ack.AE, "could not be read")}) {
            AdtReceiver.Outcome outcome = receiver.receive(c.message());
            assertEquals(c.expected(), outcome.code(), c.message() + " -> " + outcome.text());
            assertTrue(outcome.text().contains(c.because()), outcome.text());
            assertAck(outcome.ack(), c.expected().name(), null);
        }
        assertTrue(registry.mrns().isEmpty(), "nothing was stored: " + registry.mrns());
        assertTrue(merges.isEmpty());
    }

    @Test
    void otherAdtEventsAreAcceptedAndChangeNothing() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        AdtReceiver.Outcome discharge = receiver(registry).receive(A04.replace("ADT^A04^ADT_A01", "ADT^A03^ADT_A03"));

        assertEquals(AdtReceiver.Ack.AA, discharge.code());
        assertTrue(discharge.text().contains("changes nothing"));
        assertTrue(registry.mrns().isEmpty());
    }

    @Test
    void mllpFramingLineFeedsAndOlderVersionsAreAccepted() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        String framed = "\u000b" + A04.replace("|2.5.1", "|2.3").replace("\r", "\r\n") + "\u001c\r";

        AdtReceiver.Outcome outcome = receiver(registry).receive(framed);

        assertEquals(AdtReceiver.Ack.AA, outcome.code(), outcome.text());
        assertEquals("WOJCIECHOWSKI", registry.find("00573910").orElseThrow().familyName());
        receiver(registry).receive(A08.replace("\r", "\n"));
        assertEquals("WOJCIECHOWSKI-SMITH", registry.find("00573910").orElseThrow().familyName());
    }

    @Test
    void theMrnIsTakenFromTheConfiguredAssigningAuthority() throws IOException {
        PatientRegistry registry = PatientFixture.registry(dir);
        String twoHospitals = A04.replace("123-45-6789^^^SSA^SS~00573910^^^NORTHGATE^MR", "555111^^^RIVERSIDE^MR~00573910^^^NORTHGATE^MR");

        new AdtReceiver(registry, (p, s) -> { }, "NORTHGATE").receive(twoHospitals);
        new AdtReceiver(registry, (p, s) -> { }).receive(twoHospitals);

        assertEquals(List.of("00573910", "555111"), registry.mrns());
    }

    /** Reads the ACK back with HAPI: it is well-formed HL7 and acknowledges what it should. */
    private static void assertAck(String ack, String code, String controlId) {
        assertTrue(ack.startsWith("MSH|^~\\&|"), ack);
        assertFalse(ack.contains("\n"), "segments end in CR only");
        try (HapiContext context = new DefaultHapiContext()) {
            context.setValidationContext(ValidationContextFactory.noValidation());
            Message message = context.getPipeParser().parse(ack);
            Terser terser = new Terser(message);
            assertEquals("ACK", terser.get("/MSH-9-1"));
            assertEquals(code, terser.get("/MSA-1"));
            if (controlId != null) assertEquals(controlId, terser.get("/MSA-2"));
            assertNotNull(terser.get("/MSH-10"));
            if (!code.equals("AA")) assertNotNull(terser.get("/MSA-3"), "a reason in MSA-3: " + ack);
        } catch (Exception e) {
            throw new AssertionError("the ACK is not readable HL7: " + ack.replace('\r', '\n'), e);
        }
    }
}
