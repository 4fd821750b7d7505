package org.chartvault.release;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of one kind of letter, as an administrator edits them: a title and a body of paragraphs (separated by
 * an empty line) with placeholders such as {@code {{patientName}}}. A letter the rule says must say something
 * (the denial's grounds, review rights and the complaint to the Secretary; the extension's reason and new date)
 * keeps those placeholders.
 */
public record LetterTemplate(LetterKind kind, String title, String body) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");
    static final int MAX_BODY = 20_000;

    /** Every placeholder a template may use. */
    public static final List<String> PLACEHOLDERS = List.of("today", "hospital", "contact", "patientName", "mrn",
            "requester", "requesterAddress", "releaseId", "receivedDate", "dueDate", "purpose", "requestType", "pages",
            "extensionReason", "firstDueDate", "newDueDate", "grounds", "review", "complaint", "feeTotal", "balance");

    public LetterTemplate {
        if (kind == null) throw new InvalidReleaseException("bad-letter", "A letter template names its kind.");
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new InvalidReleaseException("bad-letter", "A letter template has a title of at most 200 characters.");
        }
        title = title.strip();
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw new InvalidReleaseException("bad-letter", "A letter template has a body of at most " + MAX_BODY + " characters.");
        }
        Set<String> used = placeholdersOf(body);
        for (String name : used) {
            if (!PLACEHOLDERS.contains(name)) {
                throw new InvalidReleaseException("bad-letter", "The " + kind.wire() + " template uses {{" + name
                        + "}}, which ChartVault does not know; the placeholders are " + String.join(", ", PLACEHOLDERS) + ".");
            }
        }
        for (String needed : required(kind)) {
            if (!used.contains(needed)) {
                throw new InvalidReleaseException("bad-letter", "The " + kind.wire() + " letter must keep {{" + needed
                        + "}}: " + why(kind) + ".");
            }
        }
    }

    static Set<String> placeholdersOf(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    static List<String> required(LetterKind kind) {
        return switch (kind) {
            case DENIAL -> List.of("grounds", "review", "complaint");
            case EXTENSION_NOTICE -> List.of("extensionReason", "newDueDate");
            default -> List.of();
        };
    }

    private static String why(LetterKind kind) {
        return switch (kind) {
            case DENIAL -> "a denial states its basis, the review rights and how to use them, and how to complain to the "
                    + "hospital and to the Secretary of HHS (45 CFR 164.524(d)(2))";
            case EXTENSION_NOTICE -> "an extension notice states the reason for the delay and the date by which the "
                    + "hospital will act (45 CFR 164.524(b)(2)(i))";
            default -> "it is required";
        };
    }

    /** The body with each placeholder replaced by its value (an unknown value prints as a dash). */
    String fill(java.util.Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null || value.isBlank() ? "—" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The wording ChartVault starts with. */
    public static final List<LetterTemplate> DEFAULTS = List.of(
            new LetterTemplate(LetterKind.ACKNOWLEDGEMENT, "Acknowledgement of your request for health information",
                    "Dear {{requester}},\n\n"
                            + "{{hospital}} received your request of {{receivedDate}} for the health information of "
                            + "{{patientName}} (request {{releaseId}}; purpose: {{purpose}}). We will act on it by {{dueDate}}.\n\n"
                            + "If you have questions, please contact {{contact}} and give the request number above."),
            new LetterTemplate(LetterKind.EXTENSION_NOTICE, "Notice of extension of time to act on your request",
                    "Dear {{requester}},\n\n"
                            + "We received your request of {{receivedDate}} for the health information of {{patientName}} "
                            + "(request {{releaseId}}). We were to act on it by {{firstDueDate}}. We need more time, for this "
                            + "reason: {{extensionReason}}\n\n"
                            + "We will act on your request no later than {{newDueDate}}. This is the only extension "
                            + "the law allows (45 CFR 164.524(b)(2)).\n\n"
                            + "If you have questions, please contact {{contact}}."),
            new LetterTemplate(LetterKind.DENIAL, "Denial of your request for health information",
                    "Dear {{requester}},\n\n"
                            + "We have reviewed your request of {{receivedDate}} for the health information of {{patientName}} "
                            + "(request {{releaseId}}). We are denying it, in whole or in part, for this reason: {{grounds}}\n\n"
                            + "{{review}}\n\n"
                            + "{{complaint}}"),
            new LetterTemplate(LetterKind.INVOICE, "Invoice for copies of health information",
                    "Dear {{requester}},\n\n"
                            + "This is the invoice for request {{releaseId}} ({{patientName}}, {{pages}} page(s)). The charges "
                            + "are listed below. Total: ${{feeTotal}}; still owed: ${{balance}}.\n\n"
                            + "Please give the request number with your payment. Questions: {{contact}}."),
            new LetterTemplate(LetterKind.COVER_LETTER, "Release of health information",
                    "Dear {{requester}},\n\n"
                            + "Enclosed are the records of {{patientName}} you requested on {{receivedDate}} (request "
                            + "{{releaseId}}; purpose: {{purpose}}): {{pages}} page(s).\n\n"
                            + "This information has been disclosed to you from confidential records protected by federal "
                            + "and state law. Please keep it confidential and do not redisclose it except as the law allows.\n\n"
                            + "If you have questions, please contact {{contact}}."));
}
