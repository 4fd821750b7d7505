package org.chartvault.patient;

import java.util.List;
import java.util.stream.Collectors;

/** MRNs that do not fit the hospital's form or are not in the registry, sent without a confirmation. */
public final class UnconfirmedMrnException extends RuntimeException {
    private final List<MrnCheck.Result> results;

    public UnconfirmedMrnException(List<MrnCheck.Result> results) {
        super(results.stream().map(MrnCheck.Result::message).collect(Collectors.joining(" ")));
        if (results.isEmpty()) throw new IllegalArgumentException("no MRN to refuse");
        this.results = List.copyOf(results);
    }

    /** The first MRN refused (most requests name one). */
    public MrnCheck.Result result() {
        return results.get(0);
    }

    public List<MrnCheck.Result> results() {
        return results;
    }
}
