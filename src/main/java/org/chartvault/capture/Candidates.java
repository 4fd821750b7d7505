package org.chartvault.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every distinct value found for one field, most likely first. Capture takes the best one only when it is
 * clear; when two different values are about as likely (two MRNs on one page) the field is ambiguous and the
 * document goes to review with both shown.
 */
public record Candidates<T>(List<Finding<T>> findings) {

    /** How far ahead the best value must be of the next different one to be taken without a person. */
    public static final double CLEAR_MARGIN = 0.15;

    public Candidates {
        findings = List.copyOf(findings);
    }

    public static <T> Candidates<T> none() {
        return new Candidates<>(List.of());
    }

    /**
     * One finding per distinct value (by {@code key}), keeping the surest and the evidence of all; the same value
     * seen again (MRN in the header and the footer) raises its confidence a little, never above 0.99.
     */
    public static <T> Candidates<T> of(List<Finding<T>> found, Function<T, ?> key) {
        Map<Object, List<Finding<T>>> byValue = new LinkedHashMap<>();
        for (Finding<T> f : found) byValue.computeIfAbsent(key.apply(f.value()), k -> new ArrayList<>()).add(f);
        List<Finding<T>> merged = new ArrayList<>();
        for (List<Finding<T>> same : byValue.values()) {
            same.sort(Comparator.comparingDouble((Finding<T> f) -> f.confidence()).reversed());
            Finding<T> best = same.get(0);
            double confidence = best.confidence();
            for (int i = 1; i < same.size(); i++) confidence += (1 - confidence) * same.get(i).confidence() * 0.3;
            confidence = Math.min(confidence, Math.max(best.confidence(), 0.99));
            String evidence = same.stream().map(Finding::evidence).distinct().limit(3)
                    .reduce((a, b) -> a + "; " + b).orElse("");
            merged.add(new Finding<>(best.value(), best.source(), confidence, evidence));
        }
        merged.sort(Comparator.comparingDouble((Finding<T> f) -> f.confidence()).reversed());
        return new Candidates<>(merged);
    }

    public boolean isEmpty() {
        return findings.isEmpty();
    }

    /** Two or more different values, none clearly ahead. */
    public boolean isAmbiguous() {
        return findings.size() > 1 && findings.get(0).confidence() - findings.get(1).confidence() < CLEAR_MARGIN;
    }

    /** The value to take without asking a person: the only one, or one clearly ahead of the rest. */
    public Optional<Finding<T>> best() {
        return isEmpty() || isAmbiguous() ? Optional.empty() : Optional.of(findings.get(0));
    }

    public Optional<T> bestValue() {
        return best().map(Finding::value);
    }
}
