package org.chartvault.release;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fee rules a request type names ({@link RequestType#feeRule()}):
 * <ul>
 *   <li>{@code patient-access} (45 CFR 164.524(c)(4) and HHS's guidance on it): a reasonable, cost-based fee made
 *       only of labor for copying, supplies and postage, or HHS's flat fee for an electronic copy; never a fee for
 *       searching for or retrieving the records;</li>
 *   <li>{@code third-party}: the state's schedule, a base fee plus a charge per released page, and any other
 *       charge the schedule allows;</li>
 *   <li>{@code none} (and any other name): nothing is charged.</li>
 * </ul>
 */
public final class FeeRules {
    public static final String PATIENT_ACCESS = "patient-access";
    public static final String THIRD_PARTY = "third-party";

    private FeeRules() {
    }

    /**
     * What the clerk asks for: {@code method} ({@code flat-electronic} or {@code cost-based} for a patient,
     * {@code schedule} for a third party; null picks the usual one) and the charges they enter.
     */
    public record Quote(String method, List<FeeLine> lines) {
        public Quote {
            lines = lines == null ? List.of() : List.copyOf(lines);
            method = method == null || method.isBlank() ? null : method.strip();
        }
    }

    public static boolean isPatientAccess(RequestType type) {
        return PATIENT_ACCESS.equals(type.feeRule());
    }

    static Fee quote(RequestType type, Release release, Quote quote, FeeSchedule schedule, String clerk, Instant at) {
        List<Fee.Payment> paid = release.fee() == null ? List.of() : release.fee().payments();
        Fee.Waiver waiver = release.fee() == null ? null : release.fee().waiver();
        return switch (type.feeRule()) {
            case PATIENT_ACCESS -> patientAccess(type, quote, schedule, clerk, at, paid, waiver);
            case THIRD_PARTY -> thirdParty(release, quote, schedule, clerk, at, paid, waiver);
            default -> throw new InvalidReleaseException("no-fee", "A " + type.name() + " request is charged no fee "
                    + "(its fee rule is '" + type.feeRule() + "').");
        };
    }

    private static Fee patientAccess(RequestType type, Quote quote, FeeSchedule schedule, String clerk, Instant at,
                                     List<Fee.Payment> paid, Fee.Waiver waiver) {
        for (FeeLine line : quote.lines()) {
            if (!line.kind().allowedForPatient() || line.kind() == FeeLine.Kind.FLAT_ELECTRONIC) {
                throw new InvalidReleaseException("fee-not-allowed", "A " + type.name() + " request may be charged only a "
                        + "reasonable, cost-based fee for labor for copying, supplies and postage, or the flat fee of $"
                        + schedule.electronicFlatFee() + " for an electronic copy (45 CFR 164.524(c)(4)); a "
                        + line.kind().wire() + " charge is not allowed" + (line.kind() == FeeLine.Kind.SEARCH
                        || line.kind() == FeeLine.Kind.RETRIEVAL ? ": a patient is never charged for searching for or retrieving the records." : "."));
            }
        }
        String method = quote.method() != null ? quote.method() : quote.lines().isEmpty() ? "flat-electronic" : "cost-based";
        return switch (method) {
            case "flat-electronic" -> {
                if (!quote.lines().isEmpty()) {
                    throw new InvalidReleaseException("bad-fee", "The flat fee for an electronic copy is all that is charged; "
                            + "send no other charges with it, or quote a cost-based fee instead.");
                }
                yield new Fee(PATIENT_ACCESS, method, List.of(new FeeLine(FeeLine.Kind.FLAT_ELECTRONIC,
                        "Flat fee for an electronic copy", schedule.electronicFlatFee())), clerk, at, waiver, paid);
            }
            case "cost-based" -> {
                if (quote.lines().isEmpty()) {
                    throw new InvalidReleaseException("bad-fee", "A cost-based fee lists its charges as 'lines': labor, supplies, postage.");
                }
                yield new Fee(PATIENT_ACCESS, method, quote.lines(), clerk, at, waiver, paid);
            }
            default -> throw new InvalidReleaseException("bad-fee", "A " + type.name() + " fee is 'flat-electronic' or "
                    + "'cost-based', not '" + method + "'.");
        };
    }

    private static Fee thirdParty(Release release, Quote quote, FeeSchedule schedule, String clerk, Instant at,
                                  List<Fee.Payment> paid, Fee.Waiver waiver) {
        if (quote.method() != null && !quote.method().equals("schedule")) {
            throw new InvalidReleaseException("bad-fee", "A third party's fee follows the 'schedule', not '" + quote.method() + "'.");
        }
        int pages = release.releasedPageCount();
        List<FeeLine> lines = new ArrayList<>();
        lines.add(new FeeLine(FeeLine.Kind.BASE_FEE, "Base fee", schedule.thirdPartyBaseFee()));
        lines.add(new FeeLine(FeeLine.Kind.PER_PAGE, pages + " page(s) at $" + schedule.thirdPartyPerPage(),
                schedule.thirdPartyPerPage().multiply(BigDecimal.valueOf(pages))));
        lines.addAll(quote.lines());
        return new Fee(THIRD_PARTY, "schedule", lines, clerk, at, waiver, paid);
    }
}
