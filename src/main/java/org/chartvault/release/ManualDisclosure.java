package org.chartvault.release;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A disclosure made outside the Releases screen (a report to the health department, records handed to a medical
 * examiner or an investigator), as a clerk enters it by hand so the accounting lists it (45 CFR 164.528(b)(2)).
 *
 * @param requestType the request type it followed; decides whether the accounting lists it
 */
public record ManualDisclosure(LocalDate date, String recipientName, String recipientOrganization,
                               String recipientAddress, String purpose, String description, String requestType) {
    /** Id prefix of entries made by hand ({@code dsc_...}). */
    public static final String ID_PREFIX = "dsc";
    /** Longest description: a sentence or two, as on the accounting. */
    static final int MAX_DESCRIPTION = 1000;

    /** One sentence for each element that is missing or wrong, in the order of the form; empty when it can be recorded. */
    List<String> problems(LocalDate today) {
        List<String> problems = new ArrayList<>();
        if (date == null) problems.add("Give the date of the disclosure as 'date' (YYYY-MM-DD).");
        else if (date.isAfter(today)) problems.add("The date " + date + " is in the future; a disclosure is entered once it was made.");
        if (blank(recipientName) && blank(recipientOrganization)) {
            problems.add("Name the recipient: 'recipient.name' or 'recipient.organization' (or both).");
        }
        if (blank(purpose)) problems.add("Give the purpose of the disclosure as 'purpose' (or the basis of the written request).");
        else if (purpose.strip().length() > ReleaseService.MAX_PURPOSE) {
            problems.add("The purpose is longer than " + ReleaseService.MAX_PURPOSE + " characters.");
        }
        if (blank(description)) problems.add("Describe briefly what was disclosed as 'description' (e.g. 'Lab results of 2026-03-02').");
        else if (description.strip().length() > MAX_DESCRIPTION) {
            problems.add("The description is longer than " + MAX_DESCRIPTION + " characters.");
        }
        if (blank(requestType)) problems.add("Give the request type it followed as 'requestType' (e.g. public-health).");
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
