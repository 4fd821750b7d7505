package org.chartvault.security;

import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * First start: with no user at all, creates {@code admin} with the admin role, so someone can log in and create
 * the real accounts. Never does anything once any user exists.
 */
public final class AdminBootstrap {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    public static final String ADMIN = "admin";

    /**
     * What start-up did. {@code generatedPassword} is set only when ChartVault made the password up: print it
     * once on the console, it is stored nowhere.
     */
    public record Result(boolean created, String generatedPassword) {
        @Override
        public String toString() {
            return "AdminBootstrap.Result[created=" + created + "]";
        }
    }

    private final UserStore users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public AdminBootstrap(UserStore users, PasswordHasher hasher, PasswordPolicy policy, AuditLog audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates the first administrator if there is no user yet, with {@code configuredPassword}
     * ({@code CHARTVAULT_ADMIN_PASSWORD}) or, when that is null or blank, a random one returned in the result.
     */
    public Result ensureAdmin(String configuredPassword) throws IOException {
        if (!users.isEmpty()) return new Result(false, null);
        boolean generate = configuredPassword == null || configuredPassword.isBlank();
        String password = generate ? Secrets.newPassword() : configuredPassword;
        if (!generate) {
            // the operator chose it deliberately; refusing to start would help nobody, so only warn
            policy.problem(ADMIN, password).ifPresent(problem ->
                    log.warn("CHARTVAULT_ADMIN_PASSWORD breaks the password rules ({}); change it after the first login", problem));
        }
        Instant now = clock.instant();
        // a generated password was read off a console: whoever logs in with it chooses their own first. A configured
        // one was chosen by the operator, and scripts (the README's first batch with curl) use it straight away.
        User admin = User.created(ADMIN, Set.of(Role.ADMIN), hasher.hash(password), now, generate);
        if (!users.create(admin)) return new Result(false, null); // another node was first
        audit.append(Caller.system().event(AuditActions.USER_CREATE, Target.user(ADMIN))
                .with("roles", Role.ADMIN.wire())
                .with("password", generate ? "generated" : "configured"));
        log.info("created the first administrator '{}'", ADMIN);
        return new Result(true, generate ? password : null);
    }
}
