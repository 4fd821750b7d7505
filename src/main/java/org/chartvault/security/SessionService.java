package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions: opened by {@link LoginService}, checked on every request, ended by logout, by being idle
 * too long, by reaching their absolute lifetime, or by the user's password being changed or account disabled.
 * Nothing is cached in memory: every check reads the store, so every node agrees at once.
 */
public final class SessionService {
    private final SessionStore sessions;
    private final UserStore users;
    private final AuditLog audit;
    private final Clock clock;
    private final SecuritySettings settings;

    public SessionService(SessionStore sessions, UserStore users, AuditLog audit, Clock clock, SecuritySettings settings) {
        this.sessions = sessions;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** A new session for {@code user}, who has just proved their password. */
    LoginResult open(User user, String clientAddress) throws IOException {
        String token = Secrets.newSecret();
        Instant now = clock.instant();
        StoredSession session = new StoredSession(Secrets.sha256Hex(token), user.username(), Secrets.newSecret(),
                now, now, clientAddress);
        sessions.create(session);
        return new LoginResult(token, session.csrfToken(), user.username(), user.roles(), idleExpiry(session),
                absoluteExpiry(session), user.mustChangePassword());
    }

    /**
     * Checks the session cookie of a request. Empty when there is no such session or it is over (it is then
     * removed); otherwise the caller, with the user's current roles. Records the use, writing to the store at
     * most once per touch interval.
     */
    public Optional<ActiveSession> authenticate(String sessionToken, String clientAddress) throws IOException {
        if (!Secrets.looksLikeSecret(sessionToken)) return Optional.empty();
        String id = Secrets.sha256Hex(sessionToken);
        Optional<StoredSession> found = sessions.find(id);
        if (found.isEmpty()) return Optional.empty();
        StoredSession session = found.get();
        Instant now = clock.instant();
        if (!now.isBefore(idleExpiry(session)) || !now.isBefore(absoluteExpiry(session))) {
            sessions.delete(id);
            return Optional.empty();
        }
        Optional<User> user = users.find(session.username());
        if (user.isEmpty() || user.get().disabled() || endedByAccountChange(user.get(), session)) {
            sessions.delete(id);
            return Optional.empty();
        }
        if (Duration.between(session.lastSeen(), now).compareTo(settings.touchInterval()) >= 0) {
            sessions.touch(id, now);
            session = session.seenAt(now);
        }
        Caller caller = new Caller(user.get().username(), user.get().roles(), Caller.How.SESSION, clientAddress, id,
                user.get().mustChangePassword());
        return Optional.of(new ActiveSession(caller, session.csrfToken(), idleExpiry(session), absoluteExpiry(session)));
    }

    /** Ends the session of this cookie (audited as {@code logout}); an unknown or ended session is ignored. */
    public void logout(String sessionToken, String clientAddress) throws IOException {
        if (!Secrets.looksLikeSecret(sessionToken)) return;
        String id = Secrets.sha256Hex(sessionToken);
        Optional<StoredSession> session = sessions.find(id);
        if (session.isEmpty()) return;
        sessions.delete(id);
        Optional<User> user = users.find(session.get().username());
        Caller caller = new Caller(session.get().username(), user.map(User::roles).orElse(null), Caller.How.SESSION,
                clientAddress, id);
        audit.append(caller.event(AuditActions.LOGOUT, Target.user(caller.username())));
    }

    /** Removes every session that is over; for a periodic job. Returns how many were removed. */
    public int removeExpired() throws IOException {
        Instant now = clock.instant();
        int removed = 0;
        for (StoredSession s : sessions.all()) {
            if (!now.isBefore(idleExpiry(s)) || !now.isBefore(absoluteExpiry(s))) {
                sessions.delete(s.id());
                removed++;
            }
        }
        return removed;
    }

    private Instant idleExpiry(StoredSession s) {
        Instant idle = s.lastSeen().plus(settings.sessionIdle());
        Instant absolute = absoluteExpiry(s);
        return idle.isBefore(absolute) ? idle : absolute;
    }

    private Instant absoluteExpiry(StoredSession s) {
        return s.created().plus(settings.sessionAbsolute());
    }

    private static boolean endedByAccountChange(User user, StoredSession session) {
        return user.sessionsValidFrom() != null && session.created().isBefore(user.sessionsValidFrom());
    }
}
