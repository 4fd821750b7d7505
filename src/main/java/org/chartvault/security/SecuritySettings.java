package org.chartvault.security;

import org.chartvault.Config;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and limits of logging in and staying logged in.
 *
 * @param sessionIdle           a session not used for this long is over
 * @param sessionAbsolute       a session is over this long after login, however busy
 * @param touchInterval         a session's last-use time is written at most this often, so a page of
 *                              requests is not a page of writes; idle expiry is exact to within this
 * @param maxFailedLogins       consecutive wrong passwords that lock an account
 * @param lockout               how long a locked account stays locked
 * @param maxFailuresPerAddress failed logins (any user names) from one client address within
 *                              {@code addressWindow} after which that address may not try again until the
 *                              window ends; against guessing one password across many accounts. 0 = no limit.
 *                              Generous by default: a whole ward may share one address behind a proxy.
 * @param addressWindow         see {@code maxFailuresPerAddress}
 * @param failedLoginFloor      a failed login answers no sooner than this, so whether a user name exists cannot
 *                              be read from the response time; zero turns the padding off (tests)
 */
public record SecuritySettings(Duration sessionIdle, Duration sessionAbsolute, Duration touchInterval,
                               int maxFailedLogins, Duration lockout, int maxFailuresPerAddress,
                               Duration addressWindow, Duration failedLoginFloor) {

    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(12);

    public SecuritySettings {
        positive(sessionIdle, "sessionIdle");
        positive(sessionAbsolute, "sessionAbsolute");
        Objects.requireNonNull(touchInterval, "touchInterval");
        if (maxFailedLogins < 1) throw new IllegalArgumentException("maxFailedLogins must be at least 1");
        positive(lockout, "lockout");
        if (maxFailuresPerAddress < 0) throw new IllegalArgumentException("maxFailuresPerAddress must not be negative");
        positive(addressWindow, "addressWindow");
        Objects.requireNonNull(failedLoginFloor, "failedLoginFloor");
    }

    /** The defaults: 15 min idle, 12 h absolute, 5 failures lock for 15 min, 100 failures per address per 15 min. */
    public static SecuritySettings defaults() {
        return new SecuritySettings(DEFAULT_IDLE, DEFAULT_ABSOLUTE, Duration.ofSeconds(30), 5, Duration.ofMinutes(15),
                100, Duration.ofMinutes(15), Duration.ofMillis(400));
    }

    /** The defaults with the session timeouts the operator configured. */
    public static SecuritySettings from(Config.Security config) {
        SecuritySettings d = defaults();
        return new SecuritySettings(config.sessionIdle(), config.sessionAbsolute(), d.touchInterval(),
                d.maxFailedLogins(), d.lockout(), d.maxFailuresPerAddress(), d.addressWindow(), d.failedLoginFloor());
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be a positive duration");
    }
}
