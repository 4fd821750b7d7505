package org.chartvault.retention;

/**
 * Whether ChartVault purges on its own, every {@code everyHours} hours; off unless an administrator turns it on. The
 * administrator who turns it on is named as the approver on the certificates of the automatic runs.
 */
public record AutomaticPurge(boolean enabled, int everyHours) {
    public static final AutomaticPurge OFF = new AutomaticPurge(false, 24);

    public AutomaticPurge {
        if (everyHours < 1 || everyHours > 24 * 366) {
            throw new IllegalArgumentException("automaticPurge.everyHours must be from 1 to " + 24 * 366 + ".");
        }
    }
}
