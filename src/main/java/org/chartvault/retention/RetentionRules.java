package org.chartvault.retention;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The retention schedule: a rule per document type and a default for every other type (and for documents without a
 * type), stored as {@code retention/rules.json} and edited by administrators.
 *
 * @param updatedBy who stored this schedule (null for the built-in one)
 */
public record RetentionRules(RetentionRule defaultRule, List<RetentionRule> documentTypes,
                             AutomaticPurge automaticPurge, String updatedBy, Instant updatedAt) {

    /** Until someone writes a schedule: 10 years after service; minors until 18 plus 3 years, if later. */
    public static final RetentionRules BUILT_IN = new RetentionRules(
            new RetentionRule(null, 10, RetentionRule.DEFAULT_AGE_OF_MAJORITY, 3), List.of(), AutomaticPurge.OFF,
            null, null);

    public RetentionRules {
        if (defaultRule == null) throw new IllegalArgumentException("The schedule needs a defaultRule.");
        if (defaultRule.documentType() != null) {
            defaultRule = new RetentionRule(null, defaultRule.yearsAfterService(), defaultRule.ageOfMajority(),
                    defaultRule.yearsAfterMajority(), defaultRule.basis(), defaultRule.permanent());
        }
        documentTypes = documentTypes == null ? List.of() : List.copyOf(documentTypes);
        Set<String> seen = new HashSet<>();
        for (RetentionRule rule : documentTypes) {
            if (rule.documentType() == null) {
                throw new IllegalArgumentException("Every rule in documentTypes must name its documentType.");
            }
            if (!seen.add(rule.documentType().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Document type '" + rule.documentType() + "' has two rules.");
            }
        }
        automaticPurge = automaticPurge == null ? AutomaticPurge.OFF : automaticPurge;
    }

    /** The rule for a document of this type: its own, else the default. */
    public RetentionRule ruleFor(String documentType) {
        return documentTypes.stream().filter(r -> r.appliesTo(documentType)).findFirst().orElse(defaultRule);
    }

    RetentionRules stamped(String by, Instant at) {
        return new RetentionRules(defaultRule, documentTypes, automaticPurge, by, at);
    }
}
