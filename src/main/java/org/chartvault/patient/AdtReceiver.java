package org.chartvault.patient;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.group.ADT_A39_PATIENT;
import ca.uhn.hl7v2.model.v251.message.ADT_A39;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the registry up to date from the hospital's ADT feed (HL7 v2, parsed with HAPI into v2.5.1 structures
 * whatever version the sender speaks):
 * <ul>
 *   <li>A04 register (also A01 admit, A28 add person) and A08 update (also A31) store PID's patient: MRN from
 *       PID-3, name PID-5, birth date PID-7, sex PID-8. A field left empty keeps what the registry had; {@code ""}
 *       clears it, as HL7 says.</li>
 *   <li>A40 merge retires MRG-1's MRN into PID-3's and tells the {@link MergeListener}, so the documents move.</li>
 *   <li>Other ADT events are accepted and change nothing; other message types are refused.</li>
 * </ul>
 * Every message gets an HL7 ACK, never an exception: AA when done, AE when the message was understood but could
 * not be applied (no MRN, a merge into a retired record, documents that could not be moved), AR when it is not
 * an ADT message ChartVault can read. MLLP framing characters are stripped and segments may end in CR, LF or CRLF.
 */
public final class AdtReceiver {
    private static final Logger log = LoggerFactory.getLogger(AdtReceiver.class);
    // HL7 v2.5.1 allows 80 characters in MSA-3
    private static final int MAX_ACK_TEXT = 80;

    public enum Ack { AA, AE, AR }

    /**
     * What became of a message.
     *
     * @param ack       the HL7 ACK message to send back, segments separated by CR
     * @param event     e.g. {@code ADT^A40}, or null if the message could not be read that far
     * @param controlId the sender's MSH-10, or null
     * @param text      what was done or why not, in words
     */
    public record Outcome(Ack code, String ack, String event, String controlId, String text) {
    }

    private final PatientRegistry registry;
    private final MergeListener listener;
    private final String assigningAuthority;
    private final PipeParser parser;

    public AdtReceiver(PatientRegistry registry, MergeListener listener) {
        this(registry, listener, null);
    }

    /**
     * @param assigningAuthority take the MRN from the PID-3 / MRG-1 identifier assigned by this authority (CX-4);
     *                           null: the first identifier of type MR, else the first identifier
     */
    public AdtReceiver(PatientRegistry registry, MergeListener listener, String assigningAuthority) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.assigningAuthority = assigningAuthority;
        HapiContext context = new DefaultHapiContext();
        // ChartVault checks the fields it uses itself; HAPI's checks would refuse messages for fields it ignores
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        // HAPI's default numbers ACKs through a file in the working directory
        context.getParserConfiguration().setIdGenerator(AdtReceiver::controlId);
        this.parser = context.getPipeParser();
    }

    public Outcome receive(String raw) {
        String text = normalised(raw == null ? "" : raw);
        if (!text.startsWith("MSH") || text.length() < 8) {
            return rejected(text, Ack.AR, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "Not an HL7 v2 message: it does not start with an MSH segment.");
        }
        String version = mshField(text.lines().findFirst().orElse(""), 12);
        if (version == null || !version.strip().matches("2\\.\\d+(\\.\\d+)?(\\^.*)?")) {
            return rejected(text, Ack.AR, ErrorCode.UNSUPPORTED_VERSION_ID, "HL7 version " + version + " is not v2.x (MSH-12).");
        }
        Message message;
        try {
            message = parser.parse(text);
        } catch (HL7Exception e) {
            return rejected(text, Ack.AE, ErrorCode.DATA_TYPE_ERROR, "The message could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            return rejected(text, Ack.AR, ErrorCode.APPLICATION_INTERNAL_ERROR, "The message could not be read: " + e.getMessage());
        }
        String type, event;
        try {
            Terser terser = new Terser(message);
            type = Objects.requireNonNullElse(terser.get("/MSH-9-1"), "");
            event = Objects.requireNonNullElse(terser.get("/MSH-9-2"), "");
        } catch (HL7Exception e) {
            return ack(message, Ack.AR, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "MSH-9 (message type) cannot be read.");
        }
        if (!type.equals("ADT")) {
            return ack(message, Ack.AR, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "ChartVault takes ADT messages only, not " + type + ".");
        }
        String source = "HL7 ADT^" + event + " " + Objects.requireNonNullElse(controlIdOf(message), "");
        try {
            return switch (event) {
                case "A01", "A04", "A28", "A08", "A31" -> register(message, event, source.strip());
                case "A40" -> merge(message, source.strip());
                default -> ack(message, Ack.AA, null, "Event " + event + " changes nothing ChartVault keeps.");
            };
        } catch (Refusal r) {
            // refusals quote MRNs and birth dates: the operational log gets the message id and the HL7 error code
            log.warn("ADT^{} {} not applied ({})", event, controlIdOf(message), r.code);
            log.debug("ADT^{} {} not applied: {}", event, controlIdOf(message), r.getMessage());
            return ack(message, Ack.AE, r.code, r.getMessage());
        } catch (IOException e) {
            log.error("ADT {} {} could not be stored", event, controlIdOf(message), e);
            return ack(message, Ack.AE, ErrorCode.APPLICATION_INTERNAL_ERROR, "The registry could not be written: " + e.getMessage());
        }
    }

    /** A message understood but not applied, and the HL7 error code that says why. */
    private static final class Refusal extends Exception {
        final ErrorCode code;

        Refusal(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }
    }

    private Outcome register(Message message, String event, String source) throws Refusal, IOException {
        PID pid = pid(message, "/.PID");
        String mrn = mrn(pid.getPatientIdentifierList(), "PID-3");
        Optional<Patient> existing = registry.find(mrn);
        if (existing.isPresent() && !existing.get().isActive()) {
            throw new Refusal(ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MRN " + mrn + " was merged into " + existing.get().mergedInto() + ".");
        }
        Patient patient = patient(pid, mrn, existing.orElse(null), source);
        registry.save(patient);
        String verb = existing.isEmpty() ? "registered" : "updated";
        log.info("ADT^{} {}: patient {}", event, controlIdOf(message), verb);
        return ack(message, Ack.AA, null, "Patient " + mrn + " " + verb + ".");
    }

    private Outcome merge(Message message, String source) throws Refusal, IOException {
        if (!(message instanceof ADT_A39 a39) || a39.getPATIENTReps() == 0) {
            throw new Refusal(ErrorCode.SEGMENT_SEQUENCE_ERROR, "An A40 merge needs a PID and an MRG segment.");
        }
        List<String> done = new ArrayList<>();
        for (int i = 0; i < a39.getPATIENTReps(); i++) {
            ADT_A39_PATIENT group = a39.getPATIENT(i);
            String surviving = mrn(group.getPID().getPatientIdentifierList(), "PID-3");
            MRG mrg = group.getMRG();
            String prior = mrn(mrg.getPriorPatientIdentifierList(), "MRG-1");
            if (prior.equals(surviving)) throw new Refusal(ErrorCode.DATA_TYPE_ERROR, "MRG-1 and PID-3 name the same MRN " + prior + ".");
            Optional<Patient> survivor = registry.find(surviving);
            if (survivor.isEmpty()) registry.save(patient(group.getPID(), surviving, null, source));
            try {
                registry.merge(prior, surviving, source);
            } catch (IllegalStateException e) {
                throw new Refusal(ErrorCode.UNKNOWN_KEY_IDENTIFIER, e.getMessage());
            }
            log.info("ADT^A40 {}: a patient merged into another", controlIdOf(message)); // the MRNs are in the audit trail
            try {
                listener.onMerge(prior, surviving);
            } catch (IOException | RuntimeException e) {
                log.error("ADT^A40 {}: the merged patient's documents could not all be moved", controlIdOf(message), e);
                throw new Refusal(ErrorCode.APPLICATION_INTERNAL_ERROR, "MRN " + prior + " is merged into " + surviving
                        + " but its documents could not all be moved; send the message again.");
            }
            done.add(prior + " into " + surviving);
        }
        return ack(message, Ack.AA, null, "Merged " + String.join(", ", done) + ".");
    }

    private static PID pid(Message message, String path) throws Refusal {
        try {
            return (PID) new Terser(message).getSegment(path);
        } catch (HL7Exception | ClassCastException e) {
            throw new Refusal(ErrorCode.SEGMENT_SEQUENCE_ERROR, "The message has no PID segment.");
        }
    }

    /** The registry record PID describes; fields PID leaves empty keep their old values. */
    private Patient patient(PID pid, String mrn, Patient old, String source) throws Refusal {
        XPN name = pid.getPatientName().length > 0 ? pid.getPatientName(0) : null;
        String family = name == null ? null : name.getFamilyName().getSurname().getValue();
        List<String> given = new ArrayList<>();
        if (name != null) {
            addName(given, name.getGivenName().getValue());
            addName(given, name.getSecondAndFurtherGivenNamesOrInitialsThereof().getValue());
        }
        if (family == null || family.isBlank() || isDelete(family)) {
            if (old == null) throw new Refusal(ErrorCode.REQUIRED_FIELD_MISSING, "PID-5 has no family name for new patient " + mrn + ".");
            family = old.familyName();
            if (given.isEmpty()) given = old.givenNames();
        }
        String dobText = pid.getDateTimeOfBirth().getTime().getValue();
        LocalDate birthDate = old == null ? null : old.birthDate();
        if (isDelete(dobText)) {
            birthDate = null;
        } else if (dobText != null && !dobText.isBlank()) {
            birthDate = birthDate(dobText);
        }
        String sexText = pid.getAdministrativeSex().getValue();
        Sex sex = old == null ? Sex.UNKNOWN : old.sex();
        if (isDelete(sexText)) {
            sex = Sex.UNKNOWN;
        } else if (sexText != null && !sexText.isBlank()) {
            sex = Sex.parse(sexText).orElseThrow(() -> new Refusal(ErrorCode.TABLE_VALUE_NOT_FOUND, "PID-8 sex '" + sexText + "' is not F, M, O, U, A or N."));
        }
        try {
            return Patient.active(mrn, family, given, birthDate, sex, source, registry.clock().instant());
        } catch (IllegalArgumentException e) {
            throw new Refusal(ErrorCode.DATA_TYPE_ERROR, e.getMessage());
        }
    }

    private static void addName(List<String> names, String value) {
        if (value != null && !value.isBlank() && !isDelete(value)) names.addAll(List.of(value.strip().split("\\s+")));
    }

    private static LocalDate birthDate(String value) throws Refusal {
        String digits = value.strip();
        if (!digits.matches("\\d{8}.*")) {
            throw new Refusal(ErrorCode.DATA_TYPE_ERROR, "PID-7 birth date '" + value + "' is not a full date (YYYYMMDD).");
        }
        try {
            return LocalDate.parse(digits.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeException e) {
            throw new Refusal(ErrorCode.DATA_TYPE_ERROR, "PID-7 birth date '" + value + "' is not a date.");
        }
    }

    /** The MRN among a field's identifiers: the configured authority's, else the one of type MR, else the first. */
    private String mrn(CX[] identifiers, String field) throws Refusal {
        CX chosen = null;
        for (CX cx : identifiers) {
            String id = cx.getIDNumber().getValue();
            if (id == null || id.isBlank()) continue;
            String authority = cx.getAssigningAuthority().getNamespaceID().getValue();
            String type = cx.getIdentifierTypeCode().getValue();
            if (assigningAuthority != null) {
                if (assigningAuthority.equals(authority)) {
                    chosen = cx;
                    break;
                }
            } else if ("MR".equals(type)) {
                chosen = cx;
                break;
            } else if (chosen == null) {
                chosen = cx;
            }
        }
        if (chosen == null) {
            throw new Refusal(ErrorCode.REQUIRED_FIELD_MISSING, field + " has no patient identifier"
                    + (assigningAuthority == null ? "" : " assigned by " + assigningAuthority) + ".");
        }
        String mrn = chosen.getIDNumber().getValue().strip();
        if (!mrn.matches(Patient.MRN_PATTERN)) {
            throw new Refusal(ErrorCode.DATA_TYPE_ERROR, field + " identifier '" + mrn + "' is not an MRN (1-20 letters, digits or hyphens).");
        }
        return mrn;
    }

    private static boolean isDelete(String value) {
        return "\"\"".equals(value);
    }

    // ---- acknowledgements ----

    private Outcome ack(Message message, Ack code, ErrorCode error, String text) {
        String event = null;
        try {
            Terser terser = new Terser(message);
            event = terser.get("/MSH-9-1") + "^" + terser.get("/MSH-9-2");
            Message ack = code == Ack.AA ? message.generateACK()
                    : message.generateACK(AcknowledgmentCode.valueOf(code.name()), new HL7Exception(text, error));
            new Terser(ack).set("/MSA-3", shortened(text));
            return new Outcome(code, parser.encode(ack), event, controlIdOf(message), text);
        } catch (HL7Exception | IOException | RuntimeException e) {
            log.warn("could not build an ACK with HAPI; answering by hand", e);
            return new Outcome(code, handMadeAck(null, controlIdOf(message), code, error, text), event, controlIdOf(message), text);
        }
    }

    /** An ACK for a message HAPI could not read, built from what its MSH line shows. */
    private static Outcome rejected(String text, Ack code, ErrorCode error, String reason) {
        String msh = text.lines().findFirst().orElse("");
        String controlId = mshField(msh, 10);
        log.warn("HL7 message {} refused ({})", controlId, code);
        log.debug("HL7 message {} refused: {}", controlId, reason); // parser messages can quote the message's segments
        return new Outcome(code, handMadeAck(msh, controlId, code, error, reason), null, controlId, reason);
    }

    private static String handMadeAck(String inboundMsh, String controlId, Ack code, ErrorCode error, String text) {
        String now = java.time.OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        String sendingApp = inboundMsh == null ? "" : escape(mshField(inboundMsh, 3));
        String sendingFacility = inboundMsh == null ? "" : escape(mshField(inboundMsh, 4));
        String receivingApp = inboundMsh == null ? "" : escape(mshField(inboundMsh, 5));
        String receivingFacility = inboundMsh == null ? "" : escape(mshField(inboundMsh, 6));
        StringBuilder ack = new StringBuilder()
                .append("MSH|^~\\&|").append(receivingApp).append('|').append(receivingFacility).append('|')
                .append(sendingApp).append('|').append(sendingFacility).append('|').append(now)
                .append("||ACK|").append(controlId()).append("|P|2.5.1\r")
                .append("MSA|").append(code.name()).append('|').append(escape(Objects.requireNonNullElse(controlId, "")))
                .append('|').append(escape(shortened(text))).append('\r');
        if (error != null) {
            ack.append("ERR|||").append(error.getCode()).append('^').append(escape(error.getMessage())).append("^HL70357|E||||")
                    .append(escape(text)).append('\r');
        }
        return ack.toString();
    }

    /** Field {@code n} of an MSH line (MSH-1 is the field separator itself), or null. */
    private static String mshField(String msh, int n) {
        if (msh == null || msh.length() < 4 || !msh.startsWith("MSH")) return null;
        String separator = String.valueOf(msh.charAt(3));
        String[] fields = msh.split(java.util.regex.Pattern.quote(separator), -1);
        // fields[0] is "MSH", fields[1] holds MSH-2, so MSH-n is fields[n - 1]
        return n - 1 < fields.length ? fields[n - 1] : null;
    }

    private static String controlIdOf(Message message) {
        try {
            return new Terser(message).get("/MSH-10");
        } catch (HL7Exception e) {
            return null;
        }
    }

    private static String escape(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\E\\");
                case '|' -> out.append("\\F\\");
                case '^' -> out.append("\\S\\");
                case '~' -> out.append("\\R\\");
                case '&' -> out.append("\\T\\");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String shortened(String text) {
        return text.length() <= MAX_ACK_TEXT ? text : text.substring(0, MAX_ACK_TEXT - 3) + "...";
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** MSH-10 of our ACKs: 20 random hex digits (the field's length in v2.5.1), unique without shared state. */
    private static String controlId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /**
     * The message without MLLP framing (VT at the start, FS CR at the end), with every segment ended by CR as HL7
     * wants, whatever line ends it came with, and without blank lines.
     */
    static String normalised(String raw) {
        String text = raw.replace("\u000b", "").replace("\u001c", "");
        StringBuilder out = new StringBuilder();
        for (String segment : text.split("\r\n|\r|\n")) {
            String s = segment.strip();
            if (!s.isEmpty()) out.append(s).append('\r');
        }
        return out.toString();
    }
}
