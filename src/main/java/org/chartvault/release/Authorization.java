package org.chartvault.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The patient's signed authorization (45 CFR 164.508) or Part 2 consent (42 CFR 2.31) as a structured record: the
 * elements the form must contain, and what it allows (which document types, which dates of service, which
 * specially protected categories it names explicitly). Records of a sensitive category are released only when the
 * authorization names that category. {@link #defects()} says which required element or statement is missing.
 *
 * @param authorizationId     the form's id ({@code auth_...}), given when it is first recorded; a revocation names it
 * @param kind                an ordinary HIPAA authorization, a psychotherapy-notes one (which must stand alone), or a Part 2 consent
 * @param reference           how the clerk identifies the form (e.g. "Form 22, on file"); free text
 * @param description         164.508(c)(1)(i): the information to be disclosed, as the form describes it
 * @param discloser           (c)(1)(ii): who may disclose (the hospital, or the Part 2 program by name)
 * @param recipient           (c)(1)(iii): to whom
 * @param purpose             (c)(1)(iv): the purpose, or "at the request of the individual"
 * @param expires             (c)(1)(v): the expiration date, or
 * @param expirationEvent     the expiration event ("end of the claim"), when the form names an event instead
 * @param signedBy            (c)(1)(vi): who signed
 * @param signedOn            the date it was signed
 * @param representative      when signed by a personal representative: who and under what authority
 * @param statements          (c)(2): the required statements the form contains
 * @param patientName         §2.31(a)(1): the patient named on a Part 2 consent
 * @param documentTypes       document types covered, compared without regard to case; empty: every type
 * @param from                first date of service covered, or null
 * @param to                  last date of service covered, or null
 * @param sensitiveCategories categories named explicitly (category id, its name or an alias, e.g. "42 CFR Part 2")
 * @param file                the uploaded scan of the signed form, once uploaded
 * @param revocation          the patient's revocation, once received (164.508(b)(5), §2.31(a)(4))
 */
public record Authorization(String authorizationId, Kind kind, String reference, String description, String discloser,
                            String recipient, String purpose, LocalDate expires, String expirationEvent,
                            String signedBy, LocalDate signedOn, Representative representative, Statements statements,
                            String patientName, List<String> documentTypes, LocalDate from, LocalDate to,
                            List<String> sensitiveCategories, AuthorizationFile file, Revocation revocation) {
    /** Longest free-text element kept. */
    public static final int MAX_REFERENCE = 500;
    /** The category a psychotherapy-notes authorization is for, and that no other authorization may name. */
    static final String PSYCHOTHERAPY_NOTES = "psychotherapy-notes";

    /** Which form this is; each has its own required elements. */
    public enum Kind {
        /** 164.508(c): an ordinary authorization. */
        HIPAA,
        /** 164.508(a)(2): psychotherapy notes, which may not be combined with another authorization (b)(3)(ii). */
        PSYCHOTHERAPY_NOTES,
        /** 42 CFR 2.31: a written consent to disclose Part 2 records. */
        PART2_CONSENT;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Kind fromWire(String value) {
            for (Kind k : values()) if (k.wire().equalsIgnoreCase(value == null ? "" : value.strip())) return k;
            throw new InvalidReleaseException("bad-authorization", "An authorization's 'kind' is 'hipaa', "
                    + "'psychotherapy-notes' or 'part2-consent', not '" + value + "'.");
        }
    }

    /** A personal representative who signed for the patient, and the authority they act under (164.508(c)(1)(vi)). */
    public record Representative(String name, String authority) {
        public Representative {
            name = clean(name, "representative's name");
            authority = clean(authority, "representative's authority");
        }
    }

    /**
     * The 164.508(c)(2) statements the form contains: the right to revoke in writing and how, that treatment,
     * payment, enrollment or eligibility is not conditioned on signing, and that what is disclosed may be
     * redisclosed by the recipient and no longer protected.
     */
    public record Statements(boolean rightToRevoke, boolean treatmentNotConditioned, boolean redisclosure) {
    }

    /** The revocation: the date it took effect, how it reached the hospital, and who recorded it when. */
    public record Revocation(LocalDate on, String receivedAs, String recordedBy, Instant recordedAt) {
        public Revocation {
            if (on == null) throw new InvalidReleaseException("bad-revocation", "Give the date of the revocation as 'on'.");
            receivedAs = clean(receivedAs, "revocation's 'receivedAs'");
            if (receivedAs == null) {
                throw new InvalidReleaseException("bad-revocation", "Say how the revocation was received as 'receivedAs' "
                        + "(for example \"signed letter received by mail\").");
            }
        }
    }

    public Authorization {
        reference = clean(reference, "reference");
        description = clean(description, "description");
        discloser = clean(discloser, "discloser");
        recipient = clean(recipient, "recipient");
        purpose = clean(purpose, "purpose");
        expirationEvent = clean(expirationEvent, "expirationEvent");
        signedBy = clean(signedBy, "signedBy");
        patientName = clean(patientName, "patientName");
        if (kind == null) kind = Kind.HIPAA;
        documentTypes = documentTypes == null ? List.of()
                : documentTypes.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
        sensitiveCategories = sensitiveCategories == null ? List.of()
                : sensitiveCategories.stream().filter(c -> c != null && !c.isBlank()).map(String::strip).toList();
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidReleaseException("bad-authorization", "The authorization's date range ends (to) before it starts (from).");
        }
        if (signedOn != null && expires != null && expires.isBefore(signedOn)) {
            throw new InvalidReleaseException("bad-authorization", "The authorization expires before it was signed.");
        }
    }

    private static String clean(String value, String field) {
        if (value == null || value.isBlank()) return null;
        String stripped = value.strip();
        if (stripped.length() > MAX_REFERENCE) {
            throw new InvalidReleaseException("bad-authorization", "The authorization's " + field + " is longer than "
                    + MAX_REFERENCE + " characters.");
        }
        return stripped;
    }

    /**
     * What the form lacks, in words, each naming the element and the rule that asks for it; empty when it is
     * complete. The combination check of psychotherapy notes needs the categories, so it is in
     * {@link #defects(List)}.
     */
    public List<String> defects() {
        List<String> missing = new ArrayList<>();
        boolean part2 = kind == Kind.PART2_CONSENT;
        String rule = part2 ? "42 CFR 2.31(a)" : "45 CFR 164.508(c)(1)";
        if (part2 && patientName == null) missing.add("the patient's name (patientName, " + rule + ")");
        if (description == null) missing.add("a description of the information to be disclosed (description, " + rule + ")");
        if (discloser == null) missing.add((part2 ? "the Part 2 program or person permitted to disclose" : "who may disclose")
                + " (discloser, " + rule + ")");
        if (recipient == null) missing.add("to whom the information may be disclosed (recipient, " + rule + ")");
        if (purpose == null) missing.add("the purpose of the disclosure (purpose, " + rule + ")");
        if (expires == null && expirationEvent == null) {
            missing.add("an expiration date or event (expires or expirationEvent, " + rule + ")");
        }
        if (signedBy == null) missing.add("who signed it (signedBy, " + rule + ")");
        if (signedOn == null) missing.add("the date it was signed (signedOn, " + rule + ")");
        if (representative != null && representative.authority() == null) {
            missing.add("the representative's authority to act for the patient (representative.authority, " + rule + ")");
        }
        if (representative != null && representative.name() == null) {
            missing.add("the representative's name (representative.name, " + rule + ")");
        }
        Statements said = statements == null ? new Statements(false, false, false) : statements;
        if (!said.rightToRevoke()) {
            missing.add("the statement of the right to revoke and how (statements.rightToRevoke, "
                    + (part2 ? "42 CFR 2.31(a)" : "45 CFR 164.508(c)(2)(i)") + ")");
        }
        if (!part2 && !said.treatmentNotConditioned()) {
            missing.add("the statement that treatment is not conditioned on signing (statements.treatmentNotConditioned, 45 CFR 164.508(c)(2)(ii))");
        }
        if (!part2 && !said.redisclosure()) {
            missing.add("the statement that the information may be redisclosed and no longer protected (statements.redisclosure, 45 CFR 164.508(c)(2)(iii))");
        }
        return missing;
    }

    /** {@link #defects()} plus the rule that psychotherapy notes stand alone (164.508(b)(3)(ii)). */
    public List<String> defects(List<SensitiveCategory> categories) {
        List<String> missing = new ArrayList<>(defects());
        SensitiveCategory notes = categories.stream().filter(c -> c.category().equals(PSYCHOTHERAPY_NOTES))
                .findFirst().orElse(null);
        if (notes == null) return missing;
        boolean namesNotes = names(notes);
        boolean namesOthers = sensitiveCategories.stream().anyMatch(c -> !notes.isNamedBy(c));
        boolean otherTypes = documentTypes.stream().anyMatch(t -> !notes.covers(t));
        if (kind == Kind.PSYCHOTHERAPY_NOTES && (namesOthers || otherTypes)) {
            missing.add("a psychotherapy-notes authorization that covers nothing else: it may not be combined with an "
                    + "authorization for other records (45 CFR 164.508(b)(3)(ii)); take a separate form for those");
        }
        if (kind != Kind.PSYCHOTHERAPY_NOTES && namesNotes) {
            missing.add("a separate psychotherapy-notes authorization: psychotherapy notes may not be named in an "
                    + "authorization for other records (45 CFR 164.508(b)(3)(ii)); record it with kind 'psychotherapy-notes'");
        }
        if (kind == Kind.PSYCHOTHERAPY_NOTES && !namesNotes) {
            missing.add("psychotherapy notes named in the authorization (sensitiveCategories), as its kind says");
        }
        return missing;
    }

    /** Revoked on or before {@code day}: nothing may be released under it from then on. */
    public boolean isRevokedOn(LocalDate day) {
        return revocation != null && !revocation.on().isAfter(day);
    }

    /** A copy with the fields a builder sets, for the few places that change one. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(null);
    }

    public boolean isExpiredOn(LocalDate day) {
        return expires != null && expires.isBefore(day);
    }

    public boolean coversType(String documentType) {
        if (documentTypes.isEmpty()) return true;
        if (documentType == null) return false;
        String wanted = SensitiveCategory.normalise(documentType);
        return documentTypes.stream().anyMatch(t -> SensitiveCategory.normalise(t).equals(wanted));
    }

    public boolean hasDateRange() {
        return from != null || to != null;
    }

    public boolean coversDate(LocalDate serviceDate) {
        if (!hasDateRange()) return true;
        if (serviceDate == null) return false;
        return (from == null || !serviceDate.isBefore(from)) && (to == null || !serviceDate.isAfter(to));
    }

    /**
     * Whether the signed form itself is attached (stored like an original) with the dates it was signed and
     * expires: what a protected category needs before its records leave. A request that merely says it has an
     * authorization is not one.
     */
    public boolean isSignedAndOnFile() {
        return file != null && signedOn != null && (expires != null || expirationEvent != null);
    }

    /** True when the authorization names the category explicitly. */
    public boolean names(SensitiveCategory category) {
        return sensitiveCategories.stream().anyMatch(category::isNamedBy);
    }

    public Authorization withFile(AuthorizationFile newFile) {
        return toBuilder().file(newFile).build();
    }

    public Authorization withRevocation(Revocation newRevocation) {
        return toBuilder().revocation(newRevocation).build();
    }

    public Authorization withId(String id) {
        return toBuilder().authorizationId(id).build();
    }

    /** The same scope with the file of {@code earlier}, when this one has none (a scope change keeps the scan). */
    public Authorization keepingFileOf(Authorization earlier) {
        return file != null || earlier == null ? this : withFile(earlier.file());
    }

    /** One line for the cover sheet and page footers. */
    public String describe() {
        StringBuilder out = new StringBuilder(kind == Kind.PART2_CONSENT ? "Part 2 consent"
                : kind == Kind.PSYCHOTHERAPY_NOTES ? "psychotherapy-notes authorization" : "authorization");
        if (signedOn != null) out.append(" signed ").append(signedOn);
        if (reference != null) out.append(" (").append(reference).append(')');
        return out.toString();
    }

    /** The scope in words, for the cover sheet. */
    public String describeScope() {
        StringBuilder out = new StringBuilder();
        out.append(documentTypes.isEmpty() ? "all document types" : "document types: " + String.join(", ", documentTypes));
        if (hasDateRange()) {
            out.append("; dates of service ").append(from == null ? "any" : from.toString())
                    .append(" to ").append(to == null ? "any" : to.toString());
        }
        if (expires != null) out.append("; expires ").append(expires);
        if (expirationEvent != null) out.append("; expires at: ").append(expirationEvent);
        out.append(sensitiveCategories.isEmpty() ? "; names no specially protected category"
                : "; names " + String.join(", ", sensitiveCategories));
        return out.toString();
    }

    /** Every field by name. */
    public static final class Builder {
        private String authorizationId;
        private Kind kind;
        private String reference, description, discloser, recipient, purpose, expirationEvent, signedBy, patientName;
        private LocalDate expires, signedOn, from, to;
        private Representative representative;
        private Statements statements;
        private List<String> documentTypes, sensitiveCategories;
        private AuthorizationFile file;
        private Revocation revocation;

        private Builder(Authorization a) {
            if (a == null) return;
            authorizationId = a.authorizationId;
            kind = a.kind;
            reference = a.reference;
            description = a.description;
            discloser = a.discloser;
            recipient = a.recipient;
            purpose = a.purpose;
            expires = a.expires;
            expirationEvent = a.expirationEvent;
            signedBy = a.signedBy;
            signedOn = a.signedOn;
            representative = a.representative;
            statements = a.statements;
            patientName = a.patientName;
            documentTypes = a.documentTypes;
            from = a.from;
            to = a.to;
            sensitiveCategories = a.sensitiveCategories;
            file = a.file;
            revocation = a.revocation;
        }

        public Builder authorizationId(String v) { authorizationId = v; return this; }
        public Builder kind(Kind v) { kind = v; return this; }
        public Builder reference(String v) { reference = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder discloser(String v) { discloser = v; return this; }
        public Builder recipient(String v) { recipient = v; return this; }
        public Builder purpose(String v) { purpose = v; return this; }
        public Builder expires(LocalDate v) { expires = v; return this; }
        public Builder expirationEvent(String v) { expirationEvent = v; return this; }
        public Builder signedBy(String v) { signedBy = v; return this; }
        public Builder signedOn(LocalDate v) { signedOn = v; return this; }
        public Builder representative(Representative v) { representative = v; return this; }
        public Builder statements(Statements v) { statements = v; return this; }
        public Builder patientName(String v) { patientName = v; return this; }
        public Builder documentTypes(List<String> v) { documentTypes = v; return this; }
        public Builder from(LocalDate v) { from = v; return this; }
        public Builder to(LocalDate v) { to = v; return this; }
        public Builder sensitiveCategories(List<String> v) { sensitiveCategories = v; return this; }
        public Builder file(AuthorizationFile v) { file = v; return this; }
        public Builder revocation(Revocation v) { revocation = v; return this; }

        public Authorization build() {
            return new Authorization(authorizationId, kind, reference, description, discloser, recipient, purpose,
                    expires, expirationEvent, signedBy, signedOn, representative, statements, patientName,
                    documentTypes, from, to, sensitiveCategories, file, revocation);
        }
    }
}
