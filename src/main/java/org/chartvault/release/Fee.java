package org.chartvault.release;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a request is charged: the quote with its lines, a waiver with its reason, and the payments received.
 *
 * @param rule     the fee rule of the request type the quote followed ({@code patient-access}, {@code third-party})
 * @param method   how the fee was worked out: {@code cost-based} or {@code flat-electronic} for a patient,
 *                 {@code schedule} for a third party
 * @param lines    the charges
 * @param waiver   the fee waived, with the reason (null if not)
 * @param payments payments received, oldest first
 */
public record Fee(String rule, String method, List<FeeLine> lines, String quotedBy, Instant quotedAt, Waiver waiver,
                  List<Payment> payments) {
    public Fee {
        lines = lines == null ? List.of() : List.copyOf(lines);
        payments = payments == null ? List.of() : List.copyOf(payments);
    }

    public record Waiver(String reason, String by, Instant at) {
    }

    /** A payment received: amount, how it was paid (check, card, …), its reference, the day it came in. */
    public record Payment(BigDecimal amount, String method, String reference, LocalDate receivedOn, String by, Instant at) {
    }

    public BigDecimal total() {
        return lines.stream().map(FeeLine::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    public BigDecimal paid() {
        return payments.stream().map(Payment::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /** What is still owed: nothing once waived. */
    public BigDecimal balance() {
        if (waiver != null) return BigDecimal.ZERO.setScale(2);
        BigDecimal owed = total().subtract(paid());
        return owed.signum() < 0 ? BigDecimal.ZERO.setScale(2) : owed;
    }

    public boolean owesNothing() {
        return balance().signum() == 0;
    }

    Fee waived(Waiver newWaiver) {
        return new Fee(rule, method, lines, quotedBy, quotedAt, newWaiver, payments);
    }

    Fee withPayment(Payment payment) {
        List<Payment> more = new ArrayList<>(payments);
        more.add(payment);
        return new Fee(rule, method, lines, quotedBy, quotedAt, waiver, more);
    }
}
