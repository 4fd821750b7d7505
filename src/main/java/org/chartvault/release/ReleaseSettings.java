package org.chartvault.release;

/**
 * What an administrator may set for every release: how long the hospital has to answer, and how Bates numbers
 * look. Stored in {@code settings/release.json}, so every node and every restart uses the same values.
 *
 * @param dueDays     days from receipt to the due date (HIPAA allows 30)
 * @param batesPrefix letters before each Bates number, e.g. {@code CV} in {@code CV000001}
 * @param batesDigits digits of the zero-padded number
 * @param requestTypes the request types and their rules ({@link RequestType#DEFAULTS} until changed); settings stored
 *                     before request types existed read as the defaults
 * @param fees        the flat fee for a patient's electronic copy, the third-party schedule, and whether a third
 *                    party's packet waits for payment ({@link FeeSchedule#DEFAULTS} until changed)
 * @param batesStart  the first number of a packet made in a legal matter (the matter's range); null: from 1
 */
public record ReleaseSettings(int dueDays, String batesPrefix, int batesDigits, java.util.List<RequestType> requestTypes,
                              FeeSchedule fees,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              Long batesStart) {
    public static final ReleaseSettings DEFAULTS = new ReleaseSettings(30, "CV", 6, RequestType.DEFAULTS, FeeSchedule.DEFAULTS);

    public ReleaseSettings(int dueDays, String batesPrefix, int batesDigits) {
        this(dueDays, batesPrefix, batesDigits, RequestType.DEFAULTS, FeeSchedule.DEFAULTS, null);
    }

    public ReleaseSettings(int dueDays, String batesPrefix, int batesDigits, java.util.List<RequestType> requestTypes) {
        this(dueDays, batesPrefix, batesDigits, requestTypes, FeeSchedule.DEFAULTS, null);
    }

    public ReleaseSettings(int dueDays, String batesPrefix, int batesDigits, java.util.List<RequestType> requestTypes,
                           FeeSchedule fees) {
        this(dueDays, batesPrefix, batesDigits, requestTypes, fees, null);
    }

    public ReleaseSettings {
        if (fees == null) fees = FeeSchedule.DEFAULTS;
        requestTypes = requestTypes == null || requestTypes.isEmpty() ? RequestType.DEFAULTS : java.util.List.copyOf(requestTypes);
        if (requestTypes.stream().map(RequestType::type).distinct().count() != requestTypes.size()) {
            throw new InvalidReleaseException("bad-settings", "Each request type is listed once.");
        }
        if (requestTypes.stream().noneMatch(t -> t.type().equals(RequestType.NOT_STATED))) {
            throw new InvalidReleaseException("bad-settings", "The request type '" + RequestType.NOT_STATED
                    + "' stays in the list: requests logged without a type are recorded under it.");
        }
        if (dueDays < 1 || dueDays > 365) {
            throw new InvalidReleaseException("bad-settings", "dueDays must be between 1 and 365, not " + dueDays + ".");
        }
        batesPrefix = batesPrefix == null ? "" : batesPrefix.strip();
        if (!batesPrefix.matches("[A-Za-z0-9_-]{0,20}")) {
            throw new InvalidReleaseException("bad-settings", "batesPrefix is up to 20 letters, digits, '-' or '_'.");
        }
        if (batesStart != null && batesStart < 1) {
            throw new InvalidReleaseException("bad-settings", "batesStart must be 1 or more.");
        }
        if (batesDigits < 3 || batesDigits > 12) {
            throw new InvalidReleaseException("bad-settings", "batesDigits must be between 3 and 12, not " + batesDigits + ".");
        }
    }

    /** The request type with this id; a 400 naming the known ones when there is none. */
    public RequestType requestType(String type) {
        String wanted = type == null || type.isBlank() ? RequestType.NOT_STATED : type.strip();
        return requestTypes.stream().filter(t -> t.type().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidReleaseException("bad-request-type", "There is no request type '" + wanted
                        + "'; the request types are " + String.join(", ", requestTypes.stream().map(RequestType::type).toList()) + "."));
    }

    /** The Bates number of the {@code n}th released page (from 1): from 1, or from a matter's range. */
    public String bates(int n) {
        return batesPrefix + String.format("%0" + batesDigits + "d", (batesStart == null ? 1 : batesStart) + n - 1);
    }

    /** These settings numbering from {@code first} (a packet in a matter). */
    public ReleaseSettings startingAt(long first) {
        return new ReleaseSettings(dueDays, batesPrefix, batesDigits, requestTypes, fees, first);
    }
}
