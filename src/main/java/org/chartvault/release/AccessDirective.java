package org.chartvault.release;

import java.time.LocalDate;

/**
 * The patient's own request to send a copy of their records to a person they name (45 CFR 164.524(c)(3)(ii)):
 * in writing, signed by the patient, clearly naming the recipient and where to send the copy.
 */
public record AccessDirective(String signedBy, LocalDate signedOn, String recipient) {
    public AccessDirective {
        if (signedBy == null || signedBy.isBlank() || signedOn == null || recipient == null || recipient.isBlank()) {
            throw new InvalidReleaseException("bad-directive", "A copy sent to a person the patient names needs the "
                    + "patient's signed written request: who signed it (signedBy), when (signedOn) and the person it names "
                    + "(recipient), as 45 CFR 164.524(c)(3)(ii) requires.");
        }
        signedBy = signedBy.strip();
        recipient = recipient.strip();
        if (signedBy.length() > Authorization.MAX_REFERENCE || recipient.length() > Authorization.MAX_REFERENCE) {
            throw new InvalidReleaseException("bad-directive", "The directive's fields are at most " + Authorization.MAX_REFERENCE + " characters.");
        }
    }
}
