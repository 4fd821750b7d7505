package org.chartvault.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import org.chartvault.audit.AuditActions;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.Outcome;
import org.chartvault.audit.Target;
import org.chartvault.security.ActiveSession;
import org.chartvault.security.Caller;
import org.chartvault.security.SessionService;
import org.chartvault.security.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route: finds who is calling (session cookie or bearer token), checks the CSRF
 * token of cookie-authenticated changes, and applies the route's {@link Access} rule. Refusals are audited.
 */
final class Auth {
    private static final Logger log = LoggerFactory.getLogger(Auth.class);
    static final String SESSION_COOKIE = "cv_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CALLER = "chartvault.caller";
    private static final String SESSION = "chartvault.session";

    private final SessionService sessions;
    private final TokenService tokens;
    private final AuditLog audit;

    Auth(SessionService sessions, TokenService tokens, AuditLog audit) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** The caller of a request that passed {@link #check}; routes needing a login can rely on it. */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) throw new ApiError(401, "login-required", "Log in first.");
        return caller;
    }

    static Optional<ActiveSession> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }

    void check(Context ctx) throws IOException {
        Access rule = ruleOf(ctx);
        if (rule == null) {
            log.error("Route {} {} declares no access rule and is refused; add one to the route table",
                    ctx.method(), ctx.path());
            throw new ApiError(403, "forbidden", "This path is not open to anyone.");
        }
        if (rule instanceof Access.Public) {
            // Who calls does not matter here, and a stale cookie or token must not stand in the way of logging in.
            try {
                Caller caller = identify(ctx);
                if (caller != null) ctx.attribute(CALLER, caller);
            } catch (ApiError ignored) {
                // treated as anonymous
            }
            return;
        }
        Caller caller = identify(ctx);
        if (caller != null) ctx.attribute(CALLER, caller);
        if (caller == null) throw new ApiError(401, "login-required", "Log in first (or send an API token).");
        if (caller.mustChangePassword() && !(rule instanceof Access.OwnLogin)) {
            throw new ApiError(403, "password-change-required", "Your password was set by an administrator: choose "
                    + "your own password first (POST /api/me/password with currentPassword and newPassword); until then "
                    + "ChartVault does nothing else for this account.");
        }
        if (!rule.allows(caller)) {
            audit.append(caller.event(AuditActions.PERMISSION_DENIED, Target.path(ctx.method() + " " + ctx.path()))
                    .withOutcome(Outcome.DENIED));
            throw new ApiError(403, "forbidden", "Your role does not allow this.");
        }
    }

    private Caller identify(Context ctx) throws IOException {
        String address = ctx.ip();
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.authenticate(authorization.substring(7).strip(), address)
                    .orElseThrow(() -> new ApiError(401, "bad-token", "The API token is not valid (revoked or mistyped)."));
        }
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie == null) return null;
        Optional<ActiveSession> session = sessions.authenticate(cookie, address);
        if (session.isEmpty()) return null;
        if (changesState(ctx.method()) && !session.get().csrfMatches(ctx.header(CSRF_HEADER))) {
            throw new ApiError(403, "csrf", "This change must carry the " + CSRF_HEADER + " header from the login answer.");
        }
        ctx.attribute(SESSION, session.get());
        return session.get().caller();
    }

    private static Access ruleOf(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        for (RouteRole role : roles) {
            if (role instanceof Access access) return access;
        }
        return null;
    }

    private static boolean changesState(HandlerType method) {
        return method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.PATCH
                || method == HandlerType.DELETE;
    }
}
