package org.chartvault.release;

import org.chartvault.Sha256;
import org.chartvault.document.PageImageStore;
import org.chartvault.matter.BatesLedger;
import org.chartvault.Ids;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.PageContent;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What release-of-information clerks do: log a request, choose what to release under the authorization, produce
 * the packet (which is the disclosure), deny with a reason, and answer for every disclosure of a patient's records.
 * <p>
 * Producing the packet is the moment of release: the packet is written once, stored with its hash in the record,
 * the disclosure is recorded, and only then is the request marked released. A crash in between leaves a request
 * that is not released yet; producing it again gives the same bytes and completes it.
 */
public final class ReleaseService {
    private static final Logger log = LoggerFactory.getLogger(ReleaseService.class);
    /** Id prefix of release requests ({@code rel_...}). */
    public static final String ID_PREFIX = "rel";
    /** Largest signed-authorization upload: a few scanned pages, not a chart. */
    public static final long MAX_AUTHORIZATION_BYTES = 25L * 1024 * 1024;
    /** Longest MRN accepted: hospital MRNs are short codes, and the MRN names a storage folder. */
    static final int MAX_MRN = 64;
    /** Longest purpose: one sentence on the cover sheet and in the accounting. */
    static final int MAX_PURPOSE = 500;
    /** The accounting a patient may ask for covers this many years before the request. */
    static final int ACCOUNTING_YEARS = 6;

    private final ObjectStore store;
    private final ReleaseRepository releases;
    private final Authorizations authorizations;
    private final DocumentRepository documents;
    private final SensitiveCategories categories;
    private final StoredReleaseSettings settings;
    private final ReleasePlanner planner;
    private final PacketWriter packets;
    private final PatientCheck patientCheck;
    private final Clock clock;
    private final Path workDir;

    private final PageImageStore pageImages;
    private final BatesLedger bates;
    private final LetterTemplates letterTemplates;
    private final LetterWriter letterWriter = new LetterWriter();

    public ReleaseService(ObjectStore store, ReleaseRepository releases, Authorizations authorizations,
                          DocumentRepository documents,
                          SensitiveCategories categories, StoredReleaseSettings settings, PacketWriter packets,
                          PatientCheck.Labels labels, Clock clock, Path workDir, PageImageStore pageImages,
                          BatesLedger bates) {
        this.bates = bates;
        this.pageImages = pageImages;
        this.letterTemplates = new LetterTemplates(store);
        this.store = store;
        this.releases = releases;
        this.authorizations = authorizations;
        this.documents = documents;
        this.categories = categories;
        this.settings = settings;
        this.planner = new ReleasePlanner(documents, categories);
        this.packets = packets;
        this.patientCheck = new PatientCheck(documents, labels, clock);
        this.clock = clock;
        this.workDir = workDir;
    }

    public SensitiveCategories categories() {
        return categories;
    }

    public StoredReleaseSettings settings() {
        return settings;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Logs a request; what it would release (and leave out) is worked out at once and shown to the clerk. */
    public Release create(NewRelease request, String clerk) throws IOException {
        String mrn = mrn(request.mrn());
        if (request.requester() == null) throw new InvalidReleaseException("bad-requester", "'requester' is required.");
        String purpose = purpose(request.purpose());
        LocalDate today = today();
        ReleaseSettings current = settings.get();
        RequestType type = current.requestType(request.requestType());
        String releaseId = Ids.next(ID_PREFIX);
        Authorization authorization = checked(request.authorization(), mrn, releaseId);
        refuseExpired(authorization, today);
        refuseRevoked(authorization, today);
        ReleasePlanner.Plan plan = planner.plan(mrn, request.items(), request.redactions(),
                new ReleasePlanner.Basis(type.type(), authorization, request.legalOrder(), request.directive() == null));
        LocalDate received = request.receivedDate() != null ? request.receivedDate() : today;
        if (received.isAfter(today)) {
            throw new InvalidReleaseException("bad-received-date", "The request cannot have been received after today (" + today + ").");
        }
        LocalDate ruleDue = received.plusDays(dueDays(type, current));
        LocalDate due = request.dueDate() != null ? request.dueDate() : ruleDue;
        if (due.isBefore(received)) {
            throw new InvalidReleaseException("bad-due-date", "The due date " + due + " is before the request was received (" + received + ").");
        }
        if (due.isAfter(ruleDue)) {
            throw new InvalidReleaseException("bad-due-date", "A " + type.name() + " request is due " + dueDays(type, current)
                    + " days after receipt (" + ruleDue + "); a later date needs an extension with a written notice to the "
                    + "requester, recorded once the request is logged.");
        }
        Instant now = clock.instant();
        Release release = Release.builder(releaseId, mrn).patientName(plan.patientName())
                .requester(request.requester()).purpose(purpose).receivedDate(received).dueDate(due)
                .authorization(authorization).items(plan.items()).redactions(plan.redactions())
                .status(ReleaseStatus.RECEIVED).included(plan.included()).excluded(plan.excluded())
                .createdBy(clerk).createdAt(now).requestType(type.type()).legalOrder(request.legalOrder())
                .directive(request.directive()).matter(request.matter())
                .history(List.of(new StatusChange(ReleaseStatus.RECEIVED, clerk, now, null))).build();
        release = release.toBuilder().legalBasis(legalBasis(type, release)).build();
        Release created = releases.create(release);
        if (authorization != null) {
            copyScanOf(authorization, releaseId);
            authorizations.record(mrn, releaseId, authorization);
        }
        log.info("Release {} logged by {}: {} page(s) included, {} left out", created.releaseId(), clerk,
                created.releasedPageCount(), created.excluded().size());
        return created;
    }

    /**
     * The release, its authorization showing the revocation on record if the form was revoked (through this release
     * or another that rests on it); the stored release is not changed by a revocation once it is closed.
     */
    public Release get(String releaseId) throws IOException, ReleaseNotFoundException {
        Release release = releases.get(releaseId);
        Authorization authorization = release.authorization();
        if (authorization == null || authorization.authorizationId() == null || authorization.revocation() != null) return release;
        return authorizations.find(authorization.authorizationId()).map(r -> r.authorization().revocation())
                .map(revocation -> release.withAuthorization(authorization.withRevocation(revocation))).orElse(release);
    }

    /** Requests matching the filter: open ones before closed ones, overdue first, then the fewest days left. */
    public List<Release> list(ReleaseFilter filter) throws IOException {
        LocalDate today = today();
        return releases.all().stream().filter(r -> filter.accepts(r, today))
                .sorted(Comparator.comparing((Release r) -> !r.status().isOpen())
                        .thenComparing((Release r) -> !r.isOverdueOn(today))
                        .thenComparing(Release::dueDate, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Release::receivedDate, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Release::releaseId))
                .toList();
    }

    /**
     * Changes an open request. Moving it to {@code released} produces the packet and records the disclosure;
     * {@code denied} closes it with the reason. Released and denied requests cannot be changed.
     */
    public Release update(String releaseId, ReleaseChange change, String clerk) throws IOException, ReleaseNotFoundException {
        RequestType newType = change.requestType() == null ? null : settings.get().requestType(change.requestType());
        Release updated = withItsForm(releaseId, () -> releases.update(releaseId, current -> {
            requireOpen(current);
            Authorization authorization = change.authorizationGiven()
                    ? keepFile(checked(change.authorization(), current.mrn(), releaseId), current.authorization())
                    : current.authorization();
            if (change.dueDate() != null && !change.dueDate().equals(current.dueDate())) {
                throw new InvalidReleaseException("due-date-fixed", "The due date follows from the request type and the "
                        + "day the request was received, so it cannot be moved by hand; to give the hospital more time, "
                        + "record the one extension with the written notice to the requester (POST /api/releases/"
                        + releaseId + "/extension with the reason and the new date).");
            }
            Release changed = current.withRequest(
                    change.requester() != null ? change.requester() : current.requester(),
                    change.purpose() != null ? purpose(change.purpose()) : current.purpose(),
                    current.dueDate(),
                    authorization);
            Release.Builder basis = changed.toBuilder();
            if (newType != null) {
                basis.requestType(newType.type());
                // a new type brings its own deadline, unless the requester was already given an extended date
                if (current.extension() == null && !newType.type().equals(current.type())) {
                    basis.dueDate(current.receivedDate().plusDays(dueDays(newType, settings.get())));
                }
            }
            if (change.legalOrderGiven()) basis.legalOrder(change.legalOrder());
            if (change.directiveGiven()) basis.directive(change.directive());
            changed = basis.build();
            if (changed.dueDate().isBefore(changed.receivedDate())) {
                throw new InvalidReleaseException("bad-due-date", "The due date " + changed.dueDate()
                        + " is before the request was received (" + changed.receivedDate() + ").");
            }
            if (change.authorizationGiven()) {
                refuseExpired(changed.authorization(), today());
                refuseRevoked(changed.authorization(), today());
            }
            boolean basisChanged = newType != null || change.legalOrderGiven() || change.directiveGiven();
            // Only a change of what is released is planned again here: a denial must work even when a document
            // has gone since, and a release plans again anyway.
            if (change.items() != null || change.redactions() != null || change.authorizationGiven() || basisChanged) {
                ReleasePlanner.Plan plan = planner.plan(changed.mrn(),
                        change.items() != null ? change.items() : changed.items(),
                        change.redactions() != null ? change.redactions() : changed.redactions(), ReleasePlanner.Basis.of(changed));
                changed = changed.withPlan(plan.patientName() != null ? plan.patientName() : changed.patientName(),
                        plan.items(), plan.redactions(), plan.included(), plan.excluded());
            }
            changed = changed.toBuilder().legalBasis(legalBasis(settings.get().requestType(changed.type()), changed)).build();
            ReleaseStatus status = change.status();
            if (status == null || status == changed.status()) return changed;
            Instant now = clock.instant();
            return switch (status) {
                case DENIED -> {
                    String reason = change.reason() == null || change.reason().isBlank() ? null : change.reason().strip();
                    if (reason == null) {
                        throw new InvalidReleaseException("reason-required", "Give the reason for the denial as 'reason'; the requester is told it.");
                    }
                    if (reason.length() > MAX_PURPOSE) {
                        throw new InvalidReleaseException("reason-required", "The reason is longer than " + MAX_PURPOSE + " characters.");
                    }
                    yield changed.withStatus(ReleaseStatus.DENIED, reason, clerk, now);
                }
                case RELEASED -> release(changed, clerk);
                case RECEIVED, IN_PROGRESS -> changed.withStatus(status, null, clerk, now);
            };
        }));
        if (change.authorizationGiven() && updated.authorization() != null && updated.authorization().authorizationId() != null) {
            authorizations.record(updated.mrn(), releaseId, updated.authorization());
        }
        return updated;
    }

    /**
     * The one extension (45 CFR 164.524(b)(2)(i)): given while the first period runs, by at most 30 days, with the
     * reason the requester is told in writing. The new date defaults to 30 days after the first due date. The
     * written notice is produced as a letter and kept with the request.
     */
    public Release extend(String releaseId, String reason, LocalDate newDueDate, String clerk)
            throws IOException, ReleaseNotFoundException {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new InvalidReleaseException("bad-reason", "Give the reason for the delay as 'reason'; the requester is told it in writing.");
        }
        if (why.length() > MAX_PURPOSE) {
            throw new InvalidReleaseException("bad-reason", "The reason is longer than " + MAX_PURPOSE + " characters.");
        }
        Release extended = releases.update(releaseId, current -> {
            requireOpen(current);
            if (current.extension() != null) {
                throw new ReleaseConflictException("extension-used", "Release " + releaseId + " was extended already (to "
                        + current.extension().newDueDate() + " on " + current.extension().notifiedOn() + " by "
                        + current.extension().by() + "); the rule allows one extension only.");
            }
            LocalDate today = today();
            if (current.dueDate() == null || today.isAfter(current.dueDate())) {
                throw new ReleaseConflictException("too-late-to-extend", "The request was due on " + current.dueDate()
                        + "; an extension must be given to the requester before the first due date passes.");
            }
            LocalDate latest = current.dueDate().plusDays(Extension.MAX_DAYS);
            LocalDate to = newDueDate != null ? newDueDate : latest;
            if (!to.isAfter(current.dueDate()) || to.isAfter(latest)) {
                throw new InvalidReleaseException("bad-due-date", "The new due date must be after " + current.dueDate()
                        + " and no later than " + latest + " (one extension of at most " + Extension.MAX_DAYS + " days).");
            }
            log.info("Release {} extended by {} to {}", releaseId, clerk, to);
            return current.toBuilder().dueDate(to)
                    .extension(new Extension(why, current.dueDate(), to, today, clerk, clock.instant())).build();
        });
        return produceLetter(releaseId, LetterKind.EXTENSION_NOTICE, LetterWriter.Details.NONE, clerk).release();
    }

    /**
     * Quotes the fee of a request by its type's fee rule (see {@link FeeRules}); a quote replaces the one before,
     * keeping the payments already received.
     */
    public Release quoteFee(String releaseId, FeeRules.Quote quote, String clerk) throws IOException, ReleaseNotFoundException {
        ReleaseSettings current = settings.get();
        return releases.update(releaseId, release -> {
            if (release.status() == ReleaseStatus.DENIED) {
                throw new ReleaseConflictException("denied", "Release " + releaseId + " was denied; it is charged nothing.");
            }
            RequestType type = current.requestType(release.type());
            Fee fee = FeeRules.quote(type, release, quote, current.fees(), clerk, clock.instant());
            log.info("Release {}: fee of {} quoted by {} ({})", releaseId, fee.total(), clerk, fee.method());
            return release.toBuilder().fee(fee).build();
        });
    }

    /** Waives the fee with the reason (hardship, a patient's own request the hospital chose not to charge, …). */
    public Release waiveFee(String releaseId, String reason, String clerk) throws IOException, ReleaseNotFoundException {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_PURPOSE) {
            throw new InvalidReleaseException("bad-reason", "Give the reason the fee is waived as 'reason' (at most " + MAX_PURPOSE + " characters).");
        }
        return releases.update(releaseId, release -> {
            Fee fee = release.fee() != null ? release.fee()
                    : new Fee(settings.get().requestType(release.type()).feeRule(), "none", List.of(), clerk, clock.instant(), null, List.of());
            if (fee.waiver() != null) {
                throw new ReleaseConflictException("waived", "The fee of release " + releaseId + " was waived already by "
                        + fee.waiver().by() + " (" + fee.waiver().reason() + ").");
            }
            return release.toBuilder().fee(fee.waived(new Fee.Waiver(why, clerk, clock.instant()))).build();
        });
    }

    /** Records a payment received for a request's fee. */
    public Release recordPayment(String releaseId, java.math.BigDecimal amount, String method, String reference,
                                 LocalDate receivedOn, String clerk) throws IOException, ReleaseNotFoundException {
        java.math.BigDecimal paid = FeeLine.dollars(amount, "A payment");
        if (paid.signum() == 0) throw new InvalidReleaseException("bad-fee", "A payment of $0.00 is no payment.");
        String how = method == null || method.isBlank() ? null : method.strip();
        if (how == null || how.length() > 40) {
            throw new InvalidReleaseException("bad-payment", "Say how it was paid as 'method' (check, card, cash, …; at most 40 characters).");
        }
        String ref = reference == null || reference.isBlank() ? null : reference.strip();
        if (ref != null && ref.length() > 100) throw new InvalidReleaseException("bad-payment", "The reference is at most 100 characters.");
        LocalDate on = receivedOn != null ? receivedOn : today();
        if (on.isAfter(today())) throw new InvalidReleaseException("bad-payment", "A payment cannot be received after today (" + today() + ").");
        return releases.update(releaseId, release -> {
            if (release.fee() == null) {
                throw new ReleaseConflictException("no-fee", "Release " + releaseId + " has no fee quoted yet; quote it before recording a payment.");
            }
            if (release.fee().waiver() != null) {
                throw new ReleaseConflictException("waived", "The fee of release " + releaseId + " was waived; nothing is owed.");
            }
            if (paid.compareTo(release.fee().balance()) > 0) {
                throw new InvalidReleaseException("bad-payment", "The payment of $" + paid + " is more than the $"
                        + release.fee().balance() + " still owed.");
            }
            return release.toBuilder().fee(release.fee().withPayment(new Fee.Payment(paid, how, ref, on, clerk, clock.instant()))).build();
        });
    }

    /** A letter just produced and the request as it now stands. */
    public record ProducedLetter(Release release, Letter letter) {
    }

    /**
     * Produces a letter of the request from the administrator's template, stores it with the request and lists it
     * on the record. Letters are kept as produced: producing one again adds a new one.
     */
    public ProducedLetter produceLetter(String releaseId, LetterKind kind, LetterWriter.Details details, String clerk)
            throws IOException, ReleaseNotFoundException {
        LetterTemplates.Stored templates = letterTemplates.get();
        java.util.concurrent.atomic.AtomicReference<Letter> made = new java.util.concurrent.atomic.AtomicReference<>();
        Release updated = releases.update(releaseId, current -> {
            RequestType type = settings.get().requestType(current.type());
            byte[] pdf = letterWriter.write(kind, current, type, details, templates, today());
            String letterId = Ids.next("let");
            store.put(ReleaseKeys.letter(releaseId, letterId), pdf, "application/pdf");
            Letter letter = new Letter(letterId, kind, templates.template(kind).title(), Sha256.hex(pdf), pdf.length, clerk, clock.instant());
            made.set(letter);
            List<Letter> letters = new java.util.ArrayList<>(current.letters());
            letters.add(letter);
            return current.toBuilder().letters(letters).build();
        });
        log.info("Release {}: {} letter {} produced by {}", releaseId, kind.wire(), made.get().letterId(), clerk);
        return new ProducedLetter(updated, made.get());
    }

    /** The stored PDF of one of the request's letters. */
    public InputStream openLetter(Release release, String letterId) throws IOException {
        boolean listed = release.letters().stream().anyMatch(l -> l.letterId().equals(letterId));
        if (!listed) throw new ObjectNotFoundException(ReleaseKeys.letter(release.releaseId(), letterId));
        return store.get(ReleaseKeys.letter(release.releaseId(), letterId));
    }

    public LetterTemplates letterTemplates() {
        return letterTemplates;
    }

    /** The outcome of asking for the packet: the release as it now stands, and whether it was released just now. */
    public record PacketDelivery(Release release, boolean releasedNow) {
    }

    /**
     * The packet of a release. Asking for the packet of an open request releases it (the clerk hands it out);
     * a denied request has none. A stored packet that has gone missing is produced again and must match the
     * recorded hash.
     */
    public PacketDelivery packet(String releaseId, String clerk) throws IOException, ReleaseNotFoundException {
        AtomicBoolean releasedNow = new AtomicBoolean(false);
        Release release = withItsForm(releaseId, () -> releases.update(releaseId, current -> {
            if (current.status() == ReleaseStatus.DENIED) {
                throw new ReleaseConflictException("denied", "Release " + releaseId + " was denied ("
                        + current.denialReason() + "); it has no packet.");
            }
            if (current.status() == ReleaseStatus.RELEASED) {
                if (!store.exists(ReleaseKeys.packet(releaseId))) reproduce(current);
                return current;
            }
            releasedNow.set(true);
            return release(current, clerk);
        }));
        return new PacketDelivery(release, releasedNow.get());
    }

    /**
     * The packet as it was produced, for downloading again. Asking changes nothing: a request that has not been
     * released has no packet yet ({@link ReleaseNotFoundException}), and one whose stored packet has gone missing
     * is produced again only by {@link #packet}.
     */
    public Release produced(String releaseId) throws IOException, ReleaseNotFoundException {
        Release release = releases.get(releaseId);
        if (release.status() != ReleaseStatus.RELEASED || !store.exists(ReleaseKeys.packet(releaseId))) {
            throw new ReleaseNotFoundException(releaseId, "Release " + releaseId + " has no packet yet; producing it "
                    + "(POST) releases the request and records the disclosure.");
        }
        return release;
    }

    /** The stored packet bytes of a released request. */
    public InputStream openPacket(Release release) throws IOException {
        return store.get(ReleaseKeys.packet(release.releaseId()));
    }

    /** Stores the signed authorization form (PDF or image) with the request. */
    public Release attachAuthorization(String releaseId, String fileName, InputStream content, String clerk)
            throws IOException, ReleaseNotFoundException {
        byte[] bytes = content.readNBytes((int) MAX_AUTHORIZATION_BYTES + 1);
        if (bytes.length > MAX_AUTHORIZATION_BYTES) {
            throw new InvalidReleaseException("too-large", "The authorization file is larger than "
                    + MAX_AUTHORIZATION_BYTES / (1024 * 1024) + " MB; scan it at a lower resolution.");
        }
        String contentType = contentTypeOf(bytes);
        if (contentType == null) {
            throw new InvalidReleaseException("not-a-scan", "The authorization must be a PDF, TIFF, PNG or JPEG file.");
        }
        String name = fileName == null || fileName.isBlank() ? "authorization" : fileName.strip();
        if (name.length() > 255) name = name.substring(0, 255);
        String shown = name;
        Release updatedAuthorization = releases.update(releaseId, current -> {
            requireOpen(current);
            store.put(ReleaseKeys.authorization(releaseId), bytes, contentType);
            AuthorizationFile file = new AuthorizationFile(shown, contentType, bytes.length, Sha256.hex(bytes), clerk, clock.instant());
            // a scan may come before its elements are typed in: it is kept, but releases nothing until they are
            Authorization authorization = current.authorization() != null ? current.authorization()
                    : Authorization.builder().authorizationId(Ids.next(Authorizations.ID_PREFIX)).build();
            Release attached = current.withAuthorization(authorization.withFile(file));
            if (attached.items().isEmpty()) return attached;
            // The form on file may be what lets protected records in: plan again, so the clerk sees it now.
            ReleasePlanner.Plan plan = planner.plan(attached.mrn(), attached.items(), attached.redactions(),
                    ReleasePlanner.Basis.of(attached));
            return attached.withPlan(plan.patientName() != null ? plan.patientName() : attached.patientName(),
                    plan.items(), plan.redactions(), plan.included(), plan.excluded());
        });
        Authorization recorded = updatedAuthorization.authorization();
        if (recorded.authorizationId() != null) authorizations.record(updatedAuthorization.mrn(), releaseId, recorded);
        return updatedAuthorization;
    }

    public InputStream authorizationFile(Release release) throws IOException {
        if (release.authorization() == null || release.authorization().file() == null) {
            throw new ObjectNotFoundException(ReleaseKeys.authorization(release.releaseId()));
        }
        return store.get(ReleaseKeys.authorization(release.releaseId()));
    }

    /**
     * Produces the packet of an open request and records the disclosure; returns the released record for the
     * caller to store (it runs under the release's lock).
     */
    private Release release(Release current, String clerk) throws IOException {
        if (current.items().isEmpty()) {
            throw new ReleaseConflictException("nothing-to-release", "Release " + current.releaseId()
                    + " names no documents yet; add the items to release first.");
        }
        settings.refresh(); // an administrator may have changed the rules through another node a moment ago
        RequestType type = settings.get().requestType(current.type());
        refuseWithoutWhatTheTypeNeeds(current, type);
        refuseWithoutSignedForm(current);
        LocalDate today = today();
        refuseExpired(current.authorization(), today);
        refuseRevoked(current.authorization(), today);
        // Documents may have been corrected or reassigned since the request was logged: check them again.
        ReleasePlanner.Plan plan = planner.plan(current.mrn(), current.items(), current.redactions(), ReleasePlanner.Basis.of(current));
        refuseUncheckedPages(current, plan.included());
        refuseUnpaid(current, type);
        Instant now = clock.instant();
        Release planned = current.withPlan(plan.patientName() != null ? plan.patientName() : current.patientName(),
                plan.items(), plan.redactions(), plan.included(), plan.excluded());
        Release released = planned.toBuilder().legalBasis(legalBasis(type, planned)).build()
                .released(clerk, now, today, numbering(planned, settings.get(), clerk), null);
        Path file = Files.createTempFile(workDir, "packet-", ".pdf");
        try {
            Produced produced = produce(released, file);
            try (InputStream in = Files.newInputStream(file)) {
                store.put(ReleaseKeys.packet(released.releaseId()), in, produced.bytes(), "application/pdf");
            }
            released = released.withPacket(new Packet(produced.sha256(), produced.bytes(), produced.written().pages(),
                    produced.written().coverPages(), produced.written().firstBates(), produced.written().lastBates(), now));
        } finally {
            Files.deleteIfExists(file);
        }
        releases.saveDisclosure(Disclosure.of(released, type));
        log.info("Release {} released by {}: {} page(s), packet {}", released.releaseId(), clerk,
                released.releasedPageCount(), released.packet().sha256());
        return released;
    }

    /**
     * The packet's Bates numbering: from 1, or for a release in a legal matter the range the matter hands it after
     * every production and packet before (the same range again when a packet interrupted by a crash is produced anew).
     */
    private ReleaseSettings numbering(Release release, ReleaseSettings base, String clerk) throws IOException {
        if (release.matter() == null) return base;
        var range = bates.claim(release.matter(), release.releaseId(), org.chartvault.matter.BatesRange.PACKET,
                release.releasedPageCount(), 1, clerk);
        return base.startingAt(range.first());
    }

    /**
     * A third party's packet waits for its fee when the settings say so; a patient's never waits for payment
     * (HHS guidance on 164.524: access may not be withheld for an unpaid fee).
     */
    private void refuseUnpaid(Release current, RequestType type) throws IOException {
        // the patient's own request is never held, whatever type it was logged under
        if (!settings.get().fees().holdThirdPartyUntilPaid() || FeeRules.isPatientAccess(type) || !isThirdParty(current)) return;
        Fee fee = current.fee();
        if (fee == null || fee.owesNothing()) return;
        throw new ReleaseConflictException("unpaid", "The fee of $" + fee.total() + " for this " + type.name()
                + " request is not paid ($" + fee.balance() + " owed); the packet is held until it is paid or waived.");
    }

    /**
     * The wrong-patient check: no packet goes out while a page in it names another patient, or no patient at all,
     * and no clerk has confirmed that page with a reason (or removed it).
     */
    private void refuseUncheckedPages(Release current, List<ReleasedDocument> included) throws IOException {
        List<PatientCheck.CheckedPage> waiting = checked(current, included).stream()
                .filter(PatientCheck.CheckedPage::waiting).toList();
        if (waiting.isEmpty()) return;
        String pages = waiting.stream().limit(5).map(p -> "page " + p.page() + " of " + p.documentId()
                + (p.problem() == PatientCheck.Problem.OTHER_PATIENT ? " (names another patient)" : " (names no patient)"))
                .collect(java.util.stream.Collectors.joining(", "));
        throw new ReleaseConflictException("patient-check", waiting.size() + " page(s) of this packet may not be "
                + "patient " + current.mrn() + "'s: " + pages + (waiting.size() > 5 ? ", …" : "") + ". Confirm each "
                + "with a reason or remove it from the release (the patient check of release " + current.releaseId()
                + "), then release again.");
    }

    private List<PatientCheck.CheckedPage> checked(Release release, List<ReleasedDocument> included) throws IOException {
        List<PatientCheck.CheckedPage> pages = new java.util.ArrayList<>();
        for (PatientCheck.FlaggedPage f : patientCheck.check(release.mrn(), release.patientName(), birthDate(release), included)) {
            pages.add(new PatientCheck.CheckedPage(f.documentId(), f.page(), f.problem(), f.why(), f.found(),
                    release.decisionOn(f.documentId(), f.page()).orElse(null)));
        }
        return pages;
    }

    /** The patient's birth date as the release's documents were indexed with it (null when none says). */
    private LocalDate birthDate(Release release) throws IOException {
        for (ReleaseItem item : release.items()) {
            var document = documents.find(item.documentId());
            if (document.isPresent() && document.get().indexing().birthDate() != null) {
                return document.get().indexing().birthDate();
            }
        }
        return null;
    }

    /** The wrong-patient check of the pages the release would send now, with the clerk's decisions. */
    public PatientCheck.Report patientCheck(String releaseId) throws IOException, ReleaseNotFoundException {
        Release release = releases.get(releaseId);
        List<PatientCheck.CheckedPage> pages = checked(release, release.included());
        return new PatientCheck.Report(release.releaseId(), release.mrn(), release.patientName(), birthDate(release),
                release.releasedPageCount(), pages, (int) pages.stream().filter(PatientCheck.CheckedPage::waiting).count());
    }

    /**
     * Records a clerk's decision on a page of an open release: {@code confirm} keeps it (the reason goes on the
     * record), {@code remove} takes it out of the items, with any redactions on it, and plans the release again.
     */
    public Release decide(String releaseId, String documentId, int page, PageDecision.Kind decision, String reason,
                          String clerk) throws IOException, ReleaseNotFoundException {
        PageDecision made = new PageDecision(documentId, page, decision, reason, clerk, clock.instant());
        return releases.update(releaseId, current -> {
            requireOpen(current);
            boolean included = current.included().stream()
                    .anyMatch(d -> d.documentId().equals(documentId) && d.pages().contains(page));
            if (!included) {
                throw new InvalidReleaseException("no-such-page", "Page " + page + " of document " + documentId
                        + " is not in this release's packet.");
            }
            List<PageDecision> decisions = new java.util.ArrayList<>(current.pageDecisions());
            decisions.add(made);
            Release decided = current.withPageDecisions(decisions);
            if (decision == PageDecision.Kind.CONFIRM) return decided;
            List<ReleaseItem> items = withoutPage(decided.items(), documentId, page);
            List<Redaction> redactions = decided.redactions().stream().filter(r -> !r.isOn(documentId, page)).toList();
            ReleasePlanner.Plan plan = planner.plan(decided.mrn(), items, redactions, ReleasePlanner.Basis.of(decided));
            return decided.withPlan(plan.patientName() != null ? plan.patientName() : decided.patientName(),
                    plan.items(), plan.redactions(), plan.included(), plan.excluded());
        });
    }

    /** The items with one page taken out: a whole document becomes its other pages; an item left empty goes. */
    private List<ReleaseItem> withoutPage(List<ReleaseItem> items, String documentId, int page) throws IOException {
        List<ReleaseItem> kept = new java.util.ArrayList<>();
        for (ReleaseItem item : items) {
            if (!item.documentId().equals(documentId)) {
                kept.add(item);
                continue;
            }
            List<Integer> pages = item.isWholeDocument()
                    ? documents.find(documentId).map(d -> d.pages().stream().map(p -> p.number()).toList()).orElse(List.of())
                    : item.pages();
            List<Integer> rest = pages.stream().filter(p -> p != page).toList();
            if (!rest.isEmpty()) kept.add(new ReleaseItem(documentId, rest));
        }
        return kept;
    }

    /** Proposed boxes on one page for "redact every occurrence". */
    public record RedactionProposal(String documentId, int page, List<RedactionSearch.Box> boxes) {
    }

    /** Every occurrence of the phrase or pattern on the pages the release would send, page by page. */
    public List<RedactionProposal> proposeRedactions(String releaseId, String phrase, String pattern)
            throws IOException, ReleaseNotFoundException {
        RedactionSearch.Query query = new RedactionSearch.Query(phrase, pattern);
        Release release = releases.get(releaseId);
        List<RedactionProposal> proposals = new java.util.ArrayList<>();
        for (ReleasedDocument document : release.included()) {
            for (int number : document.pages()) {
                Optional<PageContent> page = documents.findPage(document.documentId(), number);
                if (page.isEmpty()) continue;
                List<RedactionSearch.Box> boxes = RedactionSearch.find(query, page.get());
                if (!boxes.isEmpty()) proposals.add(new RedactionProposal(document.documentId(), number, boxes));
            }
        }
        return proposals;
    }

    /**
     * Accepts the proposals of one page: the boxes are found again on the stored page (not taken from the caller)
     * and added to the release's redactions, each once.
     */
    public Release acceptRedactions(String releaseId, String documentId, int page, String phrase, String pattern,
                                    String clerk) throws IOException, ReleaseNotFoundException {
        RedactionSearch.Query query = new RedactionSearch.Query(phrase, pattern);
        return releases.update(releaseId, current -> {
            requireOpen(current);
            boolean included = current.included().stream()
                    .anyMatch(d -> d.documentId().equals(documentId) && d.pages().contains(page));
            if (!included) {
                throw new InvalidReleaseException("no-such-page", "Page " + page + " of document " + documentId
                        + " is not in this release's packet.");
            }
            PageContent content = documents.findPage(documentId, page).orElseThrow(() -> new ReleaseConflictException(
                    "page-missing", "Page " + page + " of document " + documentId + " is no longer stored."));
            java.util.LinkedHashSet<Redaction> all = new java.util.LinkedHashSet<>(current.redactions());
            for (RedactionSearch.Box box : RedactionSearch.find(query, content)) all.add(box.on(documentId, page));
            if (all.size() == current.redactions().size()) return current;
            List<Redaction> redactions = List.copyOf(all);
            ReleasePlanner.Plan plan = planner.plan(current.mrn(), current.items(), redactions, ReleasePlanner.Basis.of(current));
            log.info("Release {}: {} redaction(s) accepted on page {} of {} by {} ({})", releaseId,
                    redactions.size() - current.redactions().size(), page, documentId, clerk, query.describe());
            return current.withPlan(plan.patientName() != null ? plan.patientName() : current.patientName(),
                    plan.items(), plan.redactions(), plan.included(), plan.excluded());
        });
    }

    /** How a search for redactions is described in the audit trail (never the phrase itself). */
    public static String describeSearch(String phrase, String pattern) {
        return new RedactionSearch.Query(phrase, pattern).describe();
    }

    /**
     * A third party (a law firm, an insurer, an employer: anyone but the patient) asking under the patient's
     * authorization gets nothing until the signed form itself is attached with the dates it was signed and expires
     * (HIPAA 164.508): a request that merely says there is an authorization is not one. Protected categories need
     * the same before their records go in at all (see {@link ReleasePlanner}).
     */
    private static void refuseWithoutSignedForm(Release current) {
        Authorization authorization = current.authorization();
        if (authorization == null || authorization.isSignedAndOnFile() || !isThirdParty(current)) return;
        String missing = authorization.file() == null
                ? "attach the signed authorization form (a scan or PDF of it)"
                : "enter the dates the attached authorization was signed and expires";
        throw new ReleaseConflictException("authorization-required", "This request by " + current.requester().display()
                + " relies on the patient's authorization, so it cannot be released until it is on file: " + missing
                + ", then release again.");
    }

    /** Anyone but the patient: an organisation, or a person whose name is not the patient's (in any order). */
    static boolean isThirdParty(Release release) {
        Requester requester = release.requester();
        if (requester == null || requester.organisation() != null) return true;
        return release.patientName() == null
                || !PatientCheck.nameWords(requester.name()).equals(PatientCheck.nameWords(release.patientName()));
    }

    /**
     * The authorization as the release will keep it: one named only by its id ({@code {"authorizationId"}}) is the
     * patient's form on record, with its revocation; a new one gets an id. Either way every required element and
     * statement must be there (a 400 naming each that is missing), and psychotherapy notes stand alone.
     */
    private Authorization checked(Authorization given, String mrn, String releaseId) throws IOException {
        if (given == null) return null;
        Authorization authorization = given;
        if (given.authorizationId() != null) {
            Authorizations.Recorded recorded = authorizations.find(given.authorizationId())
                    .filter(r -> r.mrn().equalsIgnoreCase(mrn))
                    .orElseThrow(() -> new InvalidReleaseException("unknown-authorization", "No authorization "
                            + given.authorizationId() + " of patient " + mrn + " is on record."));
            authorization = recorded.authorization();
        } else {
            authorization = given.withId(Ids.next(Authorizations.ID_PREFIX));
        }
        List<String> defects = authorization.defects(categories.list());
        if (!defects.isEmpty()) {
            throw new InvalidReleaseException("defective-authorization", "The authorization is not valid as recorded; it "
                    + "lacks " + String.join("; ", defects) + ".");
        }
        return authorization;
    }

    /** A form on record that another release keeps the scan of: this release keeps its own copy, byte for byte. */
    private void copyScanOf(Authorization authorization, String releaseId) throws IOException {
        if (authorization.file() == null) return;
        var recorded = authorizations.find(authorization.authorizationId());
        if (recorded.isEmpty() || recorded.get().releaseId().equals(releaseId)) return;
        byte[] scan = store.getBytes(ReleaseKeys.authorization(recorded.get().releaseId()));
        store.put(ReleaseKeys.authorization(releaseId), scan, authorization.file().contentType());
    }

    /** Due days of a type; requests without a type keep the hospital-wide setting they always had. */
    private static int dueDays(RequestType type, ReleaseSettings settings) {
        return type.type().equals(RequestType.NOT_STATED) ? settings.dueDays() : type.dueDays();
    }

    /** The legal basis in words: the type's rule, and the authorization, order or directive it rests on. */
    static String legalBasis(RequestType type, Release release) {
        StringBuilder basis = new StringBuilder(type.legalBasis());
        if (release.legalOrder() != null) basis.append("; ").append(release.legalOrder().describe());
        if (release.directive() != null) {
            basis.append("; the patient's signed request of ").append(release.directive().signedOn())
                    .append(" to send the copy to ").append(release.directive().recipient()).append(" (45 CFR 164.524(c)(3)(ii))");
        }
        Authorization a = release.authorization();
        if (a != null) {
            basis.append("; ").append(a.describe()).append(a.authorizationId() == null ? "" : " [" + a.authorizationId() + "]");
        }
        return basis.toString();
    }

    /**
     * Records the patient's revocation of the authorization a release rests on. From its date on nothing more is
     * released under that form, by this release or any other; what was released before stays released.
     */
    public Release revokeAuthorization(String releaseId, Authorization.Revocation revocation, String clerk)
            throws IOException, ReleaseNotFoundException {
        Release release = releases.get(releaseId);
        if (release.authorization() == null || release.authorization().authorizationId() == null) {
            throw new ReleaseConflictException("no-authorization", "Release " + releaseId + " rests on no recorded authorization to revoke.");
        }
        Authorization.Revocation stamped = authorizations.revoke(release.authorization().authorizationId(), revocation, clerk, clock)
                .authorization().revocation();
        log.info("Authorization {} of release {} revoked, recorded by {}", release.authorization().authorizationId(), releaseId, clerk);
        if (!release.status().isOpen()) return release;
        return releases.update(releaseId, current -> current.status().isOpen()
                ? current.withAuthorization(current.authorization().withRevocation(stamped)) : current);
    }

    /** A form revoked on or before {@code day} (as recorded, whichever release recorded it) releases nothing more. */
    private void refuseRevoked(Authorization authorization, LocalDate day) throws IOException {
        if (authorization == null || authorization.authorizationId() == null) return;
        Authorization latest = authorizations.find(authorization.authorizationId()).map(Authorizations.Recorded::authorization)
                .orElse(authorization);
        if (latest.isRevokedOn(day) || authorization.isRevokedOn(day)) {
            Authorization.Revocation r = latest.revocation() != null ? latest.revocation() : authorization.revocation();
            throw new ReleaseConflictException("authorization-revoked", "The patient revoked authorization "
                    + authorization.authorizationId() + " on " + r.on() + " (" + r.receivedAs() + "); nothing more is released "
                    + "under it. A new signed authorization is needed.");
        }
    }

    /** Work on a release that may be released now. */
    private interface ReleaseWork {
        Release run() throws IOException, ReleaseNotFoundException;
    }

    /**
     * Does the work holding the lock of the form the release rests on beside the release's own (both taken in one
     * order): a revocation recorded meanwhile waits for it, so every packet produced under a form was produced
     * before its revocation was recorded, and none after.
     */
    private Release withItsForm(String releaseId, ReleaseWork work) throws IOException, ReleaseNotFoundException {
        Authorization authorization = releases.get(releaseId).authorization();
        if (authorization == null || authorization.authorizationId() == null) return work.run();
        try (var held = authorizations.holdWith(ReleaseRepository.lockName(releaseId), authorization.authorizationId())) {
            return work.run();
        }
    }

    /** What the request type needs on file before release, checked when the packet is produced. */
    private void refuseWithoutWhatTheTypeNeeds(Release current, RequestType type) {
        switch (type.needs()) {
            case NOTHING -> {
            }
            case AUTHORIZATION -> {
                if (current.authorization() == null) {
                    throw new ReleaseConflictException("authorization-required", "A " + type.name() + " request ("
                            + type.regulation() + ") is released only under the patient's authorization; record it (every "
                            + "element of 45 CFR 164.508(c)) and attach the signed form, then release again.");
                }
                List<String> defects = current.authorization().defects();
                if (!defects.isEmpty()) {
                    throw new ReleaseConflictException("defective-authorization", "The authorization lacks "
                            + String.join("; ", defects) + ".");
                }
            }
            case LEGAL_PROCESS -> {
                if (current.legalOrder() == null) {
                    throw new ReleaseConflictException("legal-order-required", "A " + type.name() + " request ("
                            + type.regulation() + ") is released only under the subpoena or court order it rests on; "
                            + "record it as 'legalOrder', then release again.");
                }
            }
        }
    }

    /** Produces the packet of a released request again, after its stored copy was lost; it must be the same. */
    private void reproduce(Release release) throws IOException {
        Path file = Files.createTempFile(workDir, "packet-", ".pdf");
        try {
            Produced produced = produce(release, file);
            if (release.packet() == null || !produced.sha256().equals(release.packet().sha256())) {
                throw new ReleaseConflictException("packet-changed", "The stored packet of release " + release.releaseId()
                        + " is missing and its pages have changed since it was released, so it cannot be reproduced exactly.");
            }
            try (InputStream in = Files.newInputStream(file)) {
                store.put(ReleaseKeys.packet(release.releaseId()), in, produced.bytes(), "application/pdf");
            }
            log.warn("The stored packet of release {} was missing; it was produced again with the same hash", release.releaseId());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private record Produced(PacketWriter.Written written, String sha256, long bytes) {
    }

    private Produced produce(Release release, Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        PacketWriter.Written written;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            written = packets.write(release, pages(), out);
        }
        return new Produced(written, HexFormat.of().formatHex(digest.digest()), Files.size(file));
    }

    private PacketWriter.Pages pages() {
        return new PacketWriter.Pages() {
            @Override
            public PageContent content(String documentId, int page) throws IOException {
                return documents.findPage(documentId, page).orElseThrow(() -> new ReleaseConflictException("page-missing",
                        "Page " + page + " of document " + documentId + " is no longer stored."));
            }

            @Override
            public byte[] imagePng(String documentId, int page) throws IOException {
                return pageImages.png(documentId, page);
            }
        };
    }

    private static void requireOpen(Release release) {
        if (!release.status().isOpen()) {
            throw new ReleaseConflictException("closed", "Release " + release.releaseId() + " is already "
                    + release.status().wire() + " and can no longer be changed.");
        }
    }

    private static void refuseExpired(Authorization authorization, LocalDate today) {
        if (authorization != null && authorization.isExpiredOn(today)) {
            throw new ReleaseConflictException("authorization-expired", "The authorization expired on "
                    + authorization.expires() + "; a new signed authorization is needed before anything is released.");
        }
    }

    private static Authorization keepFile(Authorization given, Authorization current) {
        if (given == null) {
            return current == null || current.file() == null ? null
                    : Authorization.builder().authorizationId(current.authorizationId()).file(current.file()).build();
        }
        return given.keepingFileOf(current);
    }

    static String mrn(String mrn) {
        if (mrn == null || mrn.isBlank()) throw new InvalidReleaseException("bad-mrn", "'mrn' is required: whose records are requested?");
        String stripped = mrn.strip();
        if (stripped.length() > MAX_MRN || stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidReleaseException("bad-mrn", "An MRN is at most " + MAX_MRN + " printable characters.");
        }
        return stripped;
    }

    private static String purpose(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new InvalidReleaseException("bad-purpose", "'purpose' is required: why are the records requested?");
        }
        String stripped = purpose.strip();
        if (stripped.length() > MAX_PURPOSE) {
            throw new InvalidReleaseException("bad-purpose", "The purpose is longer than " + MAX_PURPOSE + " characters.");
        }
        return stripped;
    }

    /** The type of a signed-authorization upload, by its first bytes; null when it is none of those accepted. */
    static String contentTypeOf(byte[] bytes) {
        if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return "application/pdf";
        if (startsWith(bytes, 0x89, 0x50, 0x4E, 0x47)) return "image/png";
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (startsWith(bytes, 0x49, 0x49, 0x2A, 0x00) || startsWith(bytes, 0x4D, 0x4D, 0x00, 0x2A)) return "image/tiff";
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((bytes[i] & 0xff) != prefix[i]) return false;
        return true;
    }
}
