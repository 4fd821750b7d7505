package org.chartvault.release;

import org.chartvault.Sha256;
import org.chartvault.Ids;
import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The accounting of disclosures as 45 CFR 164.528 defines it, beside the internal disclosure log.
 * <ul>
 *   <li>The <b>log</b> keeps every disclosure: releases, productions to non-parties, and those entered by hand.</li>
 *   <li>The <b>accounting</b> a patient receives lists, of the six years before the request (164.528(a)), only those
 *   the rule requires: not those its request type exempts (to the patient, for treatment, payment or operations, under
 *   an authorization: 164.528(a)(1)), and not those to an agency or official whose suspension is in force on the
 *   request date (164.528(a)(2)). Each entry has the date, the recipient and their address, a brief description of
 *   what was disclosed and the purpose (164.528(b)(2)).</li>
 *   <li>An accounting <b>given</b> to the patient is kept as it was given (164.528(d)).</li>
 * </ul>
 * Suspensions and given accountings live under {@code accountings/<mrn>/}; all of it moves with the patient when
 * registration merges two MRNs.
 */
public final class Accounting {
    private static final Logger log = LoggerFactory.getLogger(Accounting.class);
    private static final String JSON = "application/json";
    private static final String ACCOUNTINGS = "accountings/";

    private final ObjectStore store;
    private final Locks locks;
    private final ReleaseRepository releases;
    private final StoredReleaseSettings settings;
    private final MergedMrns merged;
    private final Clock clock;

    /** The MRNs registration merged into a patient's (ADT A40), from the patient registry. */
    @FunctionalInterface
    public interface MergedMrns {
        List<String> into(String survivingMrn) throws IOException;
    }

    public Accounting(ObjectStore store, Locks locks, ReleaseRepository releases, StoredReleaseSettings settings,
                      MergedMrns merged, Clock clock) {
        this.merged = merged;
        this.store = store;
        this.locks = locks;
        this.releases = releases;
        this.settings = settings;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** One entry of the internal log, with why the accounting leaves it out (null when it lists it). */
    public record LogEntry(Disclosure disclosure, String exemption) {
    }

    /** What a patient receives: the disclosures listed, and how many the rule left out (for the clerk, not the patient). */
    public record Statement(String mrn, String patientName, LocalDate requestDate, LocalDate from, LocalDate to,
                            List<Disclosure> listed, int exempt, int suspended) {
    }

    /** Every disclosure of the patient in the log, oldest first, dated from {@code from} to {@code to} (either may be null). */
    public List<LogEntry> log(String mrn, LocalDate from, LocalDate to) throws IOException {
        List<LogEntry> entries = new ArrayList<>();
        ReleaseSettings current = settings.get();
        for (Disclosure d : made(ReleaseService.mrn(mrn))) {
            if ((from != null && d.date().isBefore(from)) || (to != null && d.date().isAfter(to))) continue;
            entries.add(new LogEntry(d, exemption(d, current)));
        }
        return entries;
    }

    /** The accounting for a request made on {@code requestDate} (today when null). */
    public Statement accounting(String mrn, LocalDate requestDate) throws IOException {
        String patient = ReleaseService.mrn(mrn);
        LocalDate to = requestDate != null ? requestDate : today();
        if (to.isAfter(today())) {
            throw new InvalidReleaseException("bad-request-date", "The request date " + to + " is in the future.");
        }
        LocalDate from = to.minusYears(ReleaseService.ACCOUNTING_YEARS);
        List<AccountingSuspension> all = new ArrayList<>(suspensions(patient));
        for (String retired : merged.into(patient)) {
            if (!ReleaseKeys.folderOf(retired).equals(ReleaseKeys.folderOf(patient))) all.addAll(suspensions(retired));
        }
        List<AccountingSuspension> inForce = all.stream().filter(s -> s.inForceOn(to)).toList();
        ReleaseSettings current = settings.get();
        List<Disclosure> listed = new ArrayList<>();
        int exempt = 0, suspended = 0;
        String patientName = null;
        for (Disclosure d : made(patient)) {
            if (d.date().isBefore(from) || d.date().isAfter(to)) continue;
            if (d.patientName() != null) patientName = d.patientName();
            if (exemption(d, current) != null) exempt++;
            else if (inForce.stream().anyMatch(s -> s.covers(d))) suspended++;
            else listed.add(d);
        }
        return new Statement(patient, patientName, to, from, to, listed, exempt, suspended);
    }

    /** The accounting as the PDF a patient is given, without keeping it (a preview). */
    public byte[] pdf(Statement statement) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DisclosureReportWriter().write(statement.mrn(), statement.patientName(), statement.from(), statement.to(),
                today(), statement.listed(), out);
        return out.toByteArray();
    }

    /** Produces the accounting the patient asked for on {@code requestDate} and keeps it, PDF and all. */
    public GivenAccounting give(String mrn, LocalDate requestDate, String requestedBy, String clerk) throws IOException {
        if (requestedBy == null || requestedBy.isBlank()) {
            throw new InvalidReleaseException("bad-accounting", "Say who asked for the accounting as 'requestedBy' "
                    + "(the patient, or their personal representative).");
        }
        if (requestedBy.strip().length() > Requester.MAX_NAME) {
            throw new InvalidReleaseException("bad-accounting", "'requestedBy' is longer than " + Requester.MAX_NAME + " characters.");
        }
        Statement statement = accounting(mrn, requestDate);
        byte[] pdf = pdf(statement);
        GivenAccounting given = new GivenAccounting(Ids.next(GivenAccounting.ID_PREFIX), statement.mrn(),
                statement.requestDate(), statement.from(), statement.to(), requestedBy.strip(),
                statement.listed().stream().map(Disclosure::releaseId).toList(), clerk, clock.instant(), Sha256.hex(pdf),
                pdf.length, null);
        // the PDF first: a record is never there without the document it describes
        store.put(givenPdfKey(given.mrn(), given.accountingId()), pdf, "application/pdf");
        store.put(givenKey(given.mrn(), given.accountingId()), Json.bytes(given), JSON);
        log.info("Accounting {} given: {} disclosure(s) listed, produced by {}", given.accountingId(), given.listed().size(), clerk);
        return given;
    }

    /** The accountings given to the patient, newest first. */
    public List<GivenAccounting> given(String mrn) throws IOException {
        List<GivenAccounting> found = new ArrayList<>();
        for (String key : store.list(folder(ReleaseService.mrn(mrn)) + "given/")) {
            if (key.endsWith(".json")) found.add(Json.read(store.getBytes(key), GivenAccounting.class));
        }
        found.sort(Comparator.comparing(GivenAccounting::producedAt).reversed());
        return found;
    }

    public Optional<GivenAccounting> findGiven(String mrn, String accountingId) throws IOException {
        if (!accountingId.matches("[a-z]{3}_[0-9a-z]{1,64}")) return Optional.empty();
        try {
            return Optional.of(Json.read(store.getBytes(givenKey(ReleaseService.mrn(mrn), accountingId)), GivenAccounting.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public InputStream givenPdf(GivenAccounting given) throws IOException {
        return store.get(givenPdfKey(given.mrn(), given.accountingId()));
    }

    /** Records a disclosure made outside the Releases screen under {@code mrn} (already checked by the caller). */
    public Disclosure enter(String mrn, String patientName, ManualDisclosure entry, String clerk) throws IOException {
        String patient = ReleaseService.mrn(mrn);
        List<String> problems = new ArrayList<>(entry.problems(today()));
        RequestType type = null;
        if (entry.requestType() != null && !entry.requestType().isBlank()) {
            try {
                type = settings.get().requestType(entry.requestType());
            } catch (InvalidReleaseException e) {
                problems.add(e.getMessage());
            }
        }
        Requester recipient = null;
        if (problems.isEmpty()) {
            try {
                recipient = new Requester(entry.recipientName(), entry.recipientOrganization(), entry.recipientAddress());
            } catch (InvalidReleaseException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new InvalidReleaseException("bad-disclosure", String.join(" ", problems));
        Disclosure disclosure = new Disclosure(Ids.next(ManualDisclosure.ID_PREFIX), patient, patientName, entry.date(),
                recipient, entry.purpose().strip(), null, List.of(), 0, clerk, type.type(), type.legalBasis(),
                type.accounted(), entry.description().strip(), Disclosure.Source.MANUAL, null);
        releases.saveDisclosure(disclosure);
        log.info("Disclosure {} entered by hand by {} ({})", disclosure.releaseId(), clerk, type.type());
        return disclosure;
    }

    /** What a clerk records of an agency's statement; {@link #suspend} checks it. */
    public record SuspensionRequest(String recipient, String agency, String statement, String statedBy,
                                    LocalDate statedOn, LocalDate until, String reason) {
    }

    /** Records a suspension of the patient's right to an accounting of the disclosures to one agency or official. */
    public AccountingSuspension suspend(String mrn, SuspensionRequest request, String clerk) throws IOException {
        String patient = ReleaseService.mrn(mrn);
        List<String> problems = new ArrayList<>();
        AccountingSuspension.Agency agency = null;
        AccountingSuspension.Statement statement = null;
        if (request.recipient() == null || request.recipient().isBlank()) {
            problems.add("Name the agency or official as 'recipient', as the disclosures to it name it.");
        } else if (request.recipient().strip().length() > Requester.MAX_NAME) {
            problems.add("'recipient' is longer than " + Requester.MAX_NAME + " characters.");
        }
        try {
            agency = AccountingSuspension.Agency.fromWire(request.agency());
        } catch (InvalidReleaseException e) {
            problems.add(e.getMessage());
        }
        try {
            statement = AccountingSuspension.Statement.fromWire(request.statement());
        } catch (InvalidReleaseException e) {
            problems.add(e.getMessage());
        }
        if (request.statedBy() == null || request.statedBy().isBlank()) {
            problems.add("Say who made the statement as 'statedBy' (the official's name and title).");
        }
        if (request.statedOn() == null) problems.add("Give the date of the statement as 'statedOn'.");
        else if (request.statedOn().isAfter(today())) problems.add("The statement's date " + request.statedOn() + " is in the future.");
        LocalDate until = request.until();
        if (statement == AccountingSuspension.Statement.WRITTEN && until == null) {
            problems.add("A written statement gives the time the suspension is needed for: give its end as 'until'.");
        }
        if (statement == AccountingSuspension.Statement.ORAL && request.statedOn() != null) {
            LocalDate longest = request.statedOn().plusDays(AccountingSuspension.ORAL_DAYS);
            if (until == null) until = longest;
            else if (until.isAfter(longest)) {
                problems.add("An oral statement suspends for at most " + AccountingSuspension.ORAL_DAYS + " days (to "
                        + longest + "); a longer suspension needs the agency's written statement (45 CFR 164.528(a)(2)(ii)).");
            }
        }
        if (until != null && request.statedOn() != null && until.isBefore(request.statedOn())) {
            problems.add("The end " + until + " is before the statement's date " + request.statedOn() + ".");
        }
        if (!problems.isEmpty()) throw new InvalidReleaseException("bad-suspension", String.join(" ", problems));
        String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
        if (reason != null && reason.length() > ReleaseService.MAX_PURPOSE) {
            throw new InvalidReleaseException("bad-suspension", "The reason is longer than " + ReleaseService.MAX_PURPOSE + " characters.");
        }
        AccountingSuspension suspension = new AccountingSuspension(Ids.next(AccountingSuspension.ID_PREFIX), patient,
                request.recipient().strip(), agency, statement, request.statedBy().strip(), request.statedOn(), until,
                reason, clerk, clock.instant());
        store.put(suspensionKey(patient, suspension.suspensionId()), Json.bytes(suspension), JSON);
        log.info("Accounting suspension {} recorded by {} until {}", suspension.suspensionId(), clerk, until);
        return suspension;
    }

    /** The patient's suspensions, latest statement first. */
    public List<AccountingSuspension> suspensions(String mrn) throws IOException {
        List<AccountingSuspension> found = new ArrayList<>();
        for (String key : store.list(folder(ReleaseService.mrn(mrn)) + "suspensions/")) {
            found.add(Json.read(store.getBytes(key), AccountingSuspension.class));
        }
        found.sort(Comparator.comparing(AccountingSuspension::statedOn).reversed().thenComparing(AccountingSuspension::suspensionId));
        return found;
    }

    /** What a merge moved. */
    public record Moved(List<String> disclosures, List<String> suspensions, List<String> accountings) {
        public boolean isEmpty() {
            return disclosures.isEmpty() && suspensions.isEmpty() && accountings.isEmpty();
        }
    }

    /**
     * Registration merged {@code priorMrn} into {@code survivingMrn}: the retired MRN's disclosure log, suspensions and
     * given accountings move to the surviving MRN, each remembering the MRN it came from. Each is written under the
     * new MRN before the old copy is deleted, so a crash in between leaves a copy to move again, never none; a second
     * delivery of the same merge finds nothing left.
     */
    public Moved moveOnMerge(String priorMrn, String survivingMrn) throws IOException {
        String prior = ReleaseService.mrn(priorMrn);
        String surviving = ReleaseService.mrn(survivingMrn);
        if (ReleaseKeys.folderOf(prior).equals(ReleaseKeys.folderOf(surviving))) return new Moved(List.of(), List.of(), List.of());
        // one move of a patient's history at a time: the same merge delivered twice at once must not read what the
        // other has just deleted
        return locks.withLock("disclosure-history:" + ReleaseKeys.folderOf(prior), () -> move(prior, surviving));
    }

    private Moved move(String prior, String surviving) throws IOException {
        List<String> disclosures = new ArrayList<>();
        for (Disclosure d : releases.disclosures(prior)) {
            releases.saveDisclosure(d.movedTo(surviving));
            store.delete(ReleaseKeys.disclosure(prior, d.releaseId()));
            disclosures.add(d.releaseId());
        }
        List<String> suspensions = new ArrayList<>();
        for (AccountingSuspension s : suspensions(prior)) {
            store.put(suspensionKey(surviving, s.suspensionId()), Json.bytes(s.movedTo(surviving)), JSON);
            store.delete(suspensionKey(prior, s.suspensionId()));
            suspensions.add(s.suspensionId());
        }
        List<String> accountings = new ArrayList<>();
        for (GivenAccounting g : given(prior)) {
            store.put(givenPdfKey(surviving, g.accountingId()), store.getBytes(givenPdfKey(prior, g.accountingId())), "application/pdf");
            store.put(givenKey(surviving, g.accountingId()), Json.bytes(g.movedTo(surviving)), JSON);
            store.delete(givenKey(prior, g.accountingId()));
            store.delete(givenPdfKey(prior, g.accountingId()));
            accountings.add(g.accountingId());
        }
        return new Moved(disclosures, suspensions, accountings);
    }

    /** Why the accounting leaves the disclosure out under its request type (164.528(a)(1)); null when it lists it. */
    public String exemptionOf(Disclosure d) throws IOException {
        return exemption(d, settings.get());
    }

    /** Why the accounting leaves a disclosure out under its request type (164.528(a)(1)); null when it lists it. */
    static String exemption(Disclosure d, ReleaseSettings current) {
        if (d.accounted()) return null;
        return switch (d.requestType()) {
            case RequestType.RIGHT_OF_ACCESS -> "to the patient or at the patient's request (45 CFR 164.528(a)(1)(ii))";
            case RequestType.TREATMENT_PAYMENT_OPERATIONS -> "for treatment, payment or health care operations (45 CFR 164.528(a)(1)(i))";
            case RequestType.THIRD_PARTY -> "under the patient's authorization (45 CFR 164.528(a)(1)(iv))";
            default -> {
                String name = current.requestTypes().stream().filter(t -> t.type().equals(d.requestType()))
                        .map(RequestType::name).findFirst().orElse(d.requestType());
                yield "its request type (" + name + ") is not accounted";
            }
        };
    }

    /** The patient's disclosures that were made (a release interrupted before it was marked released was not), oldest first. */
    private List<Disclosure> made(String mrn) throws IOException {
        List<Disclosure> recorded = new ArrayList<>(releases.disclosures(mrn));
        // A release logged under a retired MRN before the merge and released after it writes its disclosure under
        // that MRN, after the merge moved the rest: it is the surviving patient's all the same.
        for (String retired : merged.into(mrn)) {
            if (ReleaseKeys.folderOf(retired).equals(ReleaseKeys.folderOf(mrn))) continue;
            for (Disclosure d : releases.disclosures(retired)) recorded.add(d.movedTo(mrn));
        }
        List<Disclosure> made = new ArrayList<>();
        for (Disclosure d : recorded) {
            if (d.source() != Disclosure.Source.RELEASE) {
                made.add(d);
                continue;
            }
            Optional<Release> release = releases.find(d.releaseId());
            if (release.isPresent() && release.get().status() == ReleaseStatus.RELEASED) made.add(d);
        }
        made.sort(Comparator.comparing(Disclosure::date).thenComparing(Disclosure::releaseId));
        return made;
    }

    private static String folder(String mrn) {
        return ACCOUNTINGS + ReleaseKeys.folderOf(mrn) + "/";
    }

    private static String suspensionKey(String mrn, String id) {
        return folder(mrn) + "suspensions/" + id + ".json";
    }

    private static String givenKey(String mrn, String id) {
        return folder(mrn) + "given/" + id + ".json";
    }

    private static String givenPdfKey(String mrn, String id) {
        return folder(mrn) + "given/" + id + ".pdf";
    }
}
