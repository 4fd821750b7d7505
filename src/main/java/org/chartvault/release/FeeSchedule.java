package org.chartvault.release;

import java.math.BigDecimal;

/**
 * The fee settings of the release office (part of {@link ReleaseSettings}).
 *
 * @param electronicFlatFee        HHS's flat fee a patient may be charged for an electronic copy instead of the
 *                                 cost-based fee ($6.50 in the HHS guidance)
 * @param thirdPartyBaseFee        a third party's base fee under the state schedule
 * @param thirdPartyPerPage        a third party's charge per released page under the state schedule
 * @param holdThirdPartyUntilPaid  a third party's packet is not produced while its fee is unpaid; a patient's
 *                                 never waits for payment
 */
public record FeeSchedule(BigDecimal electronicFlatFee, BigDecimal thirdPartyBaseFee, BigDecimal thirdPartyPerPage,
                          boolean holdThirdPartyUntilPaid) {
    public static final FeeSchedule DEFAULTS = new FeeSchedule(new BigDecimal("6.50"), new BigDecimal("20.00"),
            new BigDecimal("0.50"), false);

    public FeeSchedule {
        electronicFlatFee = FeeLine.dollars(electronicFlatFee == null ? new BigDecimal("6.50") : electronicFlatFee, "electronicFlatFee");
        thirdPartyBaseFee = FeeLine.dollars(thirdPartyBaseFee == null ? BigDecimal.ZERO : thirdPartyBaseFee, "thirdPartyBaseFee");
        thirdPartyPerPage = FeeLine.dollars(thirdPartyPerPage == null ? BigDecimal.ZERO : thirdPartyPerPage, "thirdPartyPerPage");
    }
}
