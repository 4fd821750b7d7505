package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.chartvault.security.Caller;
import org.chartvault.security.LoginFailedException;
import org.chartvault.security.LoginResult;
import org.chartvault.security.LoginService;
import org.chartvault.security.SessionService;
import org.chartvault.security.UserService;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Logging in and out, and who the current user is. */
final class SessionController {
    private final LoginService logins;
    private final SessionService sessions;
    private final UserService users;
    private final boolean secureCookies;
    private final String dateFormat;

    SessionController(LoginService logins, SessionService sessions, UserService users, boolean secureCookies,
                      String dateFormat) {
        this.dateFormat = dateFormat;
        this.logins = logins;
        this.sessions = sessions;
        this.users = users;
        this.secureCookies = secureCookies;
    }

    void login(Context ctx) throws IOException, LoginFailedException {
        refuseCrossSiteLogin(ctx);
        JsonNode body = JsonBodies.object(ctx);
        String username = JsonBodies.requiredText(body, "username");
        String password = JsonBodies.requiredText(body, "password");
        LoginResult result = logins.login(username, password, ctx.ip());
        Cookie cookie = new Cookie(Auth.SESSION_COOKIE, result.sessionToken(), "/",
                (int) Duration.between(Instant.now(), result.expiresAt()).toSeconds(), secureCookies);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        ctx.cookie(cookie);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("username", result.username());
        answer.put("roles", result.roles());
        answer.put("csrfToken", result.csrfToken());
        answer.put("idleExpiresAt", result.idleExpiresAt());
        answer.put("expiresAt", result.expiresAt());
        answer.put("mustChangePassword", result.mustChangePassword());
        answer.put("dateFormat", dateFormat);
        ctx.json(answer);
    }

    /**
     * Login CSRF: a foreign page must not be able to log a nurse's browser into an attacker's account (whose
     * searches and uploads the attacker then reads). A form can only send text/plain, urlencoded or multipart
     * bodies without a preflight, so login takes JSON only; and a browser's Origin must be this server's own.
     * Scripts send no Origin and are unaffected.
     */
    private static void refuseCrossSiteLogin(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).strip().startsWith("application/json")) {
            throw new ApiError(415, "unsupported-media-type", "Send the login as JSON (Content-Type: application/json).");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ctx.scheme() + "://" + ctx.host())) {
            throw new ApiError(403, "foreign-origin", "Logging in is only possible from ChartVault's own pages.");
        }
        if ("cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
            throw new ApiError(403, "foreign-origin", "Logging in is only possible from ChartVault's own pages.");
        }
    }

    /** The logged-in user, their roles and when the session ends; the UI shows the idle countdown from it. */
    void current(Context ctx) {
        Caller caller = Auth.caller(ctx);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("username", caller.username());
        answer.put("roles", caller.roles());
        answer.put("authenticatedBy", caller.how().name().toLowerCase(java.util.Locale.ROOT));
        answer.put("mustChangePassword", caller.mustChangePassword());
        answer.put("dateFormat", dateFormat); // how the UI shows and reads days; the API speaks YYYY-MM-DD
        Auth.session(ctx).ifPresent(s -> {
            answer.put("csrfToken", s.csrfToken());
            answer.put("idleExpiresAt", s.idleExpiresAt());
            answer.put("expiresAt", s.expiresAt());
        });
        ctx.json(answer);
    }

    void logout(Context ctx) throws IOException {
        String cookie = ctx.cookie(Auth.SESSION_COOKIE);
        if (cookie != null) sessions.logout(cookie, ctx.ip());
        ctx.removeCookie(Auth.SESSION_COOKIE, "/");
        ctx.status(204);
    }

    void changePassword(Context ctx) throws IOException {
        JsonNode body = JsonBodies.object(ctx);
        users.changeOwnPassword(Auth.caller(ctx), JsonBodies.requiredText(body, "currentPassword"),
                JsonBodies.requiredText(body, "newPassword"));
        ctx.status(204);
    }
}
