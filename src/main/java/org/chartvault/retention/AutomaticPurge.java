package org.chartvault.retention;

/**
 * Whether ChartVault looks for what is past its retention period on its own, every {@code everyHours} hours; off
 * unless an administrator turns it on. An automatic run makes a destruction list awaiting approval: turning it on
 * approves nothing, and nothing is destroyed until a person approves the list and a purge carries it out.
 */
public record AutomaticPurge(boolean enabled, int everyHours) {
    public static final AutomaticPurge OFF = new AutomaticPurge(false, 24);

    public AutomaticPurge {
        if (everyHours < 1 || everyHours > 24 * 366) {
            throw new IllegalArgumentException("automaticPurge.everyHours must be from 1 to " + 24 * 366 + ".");
        }
    }
}
