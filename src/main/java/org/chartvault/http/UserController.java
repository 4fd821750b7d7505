package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.chartvault.security.Caller;
import org.chartvault.security.IssuedToken;
import org.chartvault.security.Role;
import org.chartvault.security.TokenService;
import org.chartvault.security.UnknownUserException;
import org.chartvault.security.UserService;
import org.chartvault.security.UserSummary;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Users, their roles, and API tokens. */
final class UserController {
    private final UserService users;
    private final TokenService tokens;

    UserController(UserService users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    void create(Context ctx) throws IOException {
        JsonNode body = JsonBodies.object(ctx);
        List<String> roleNames = JsonBodies.textList(body, "roles");
        if (roleNames == null || roleNames.isEmpty()) throw ApiError.badRequest("Give the new user at least one role.");
        UserSummary created = users.create(Auth.caller(ctx), JsonBodies.requiredText(body, "username"),
                JsonBodies.requiredText(body, "password"), roles(roleNames), flag(body, "mustChangePassword"));
        ctx.status(201).json(created);
    }

    void list(Context ctx) throws IOException {
        ctx.json(Map.of("users", users.list()));
    }

    void get(Context ctx) throws IOException {
        String username = ctx.pathParam("username");
        ctx.json(users.find(username).orElseThrow(() -> ApiError.notFound("No user " + Params.clip(username) + " exists.")));
    }

    /** Changes what an administrator may change: roles, disabled, a lockout, a forgotten password. */
    void update(Context ctx) throws IOException {
        Caller by = Auth.caller(ctx);
        String username = ctx.pathParam("username");
        JsonNode body = JsonBodies.object(ctx);
        UserSummary result = users.find(username).orElseThrow(() -> new UnknownUserException(username));
        List<String> roleNames = JsonBodies.textList(body, "roles");
        if (roleNames != null) result = users.setRoles(by, username, roles(roleNames));
        JsonNode disabled = body.get("disabled");
        if (disabled != null && !disabled.isNull()) {
            if (!disabled.isBoolean()) throw ApiError.badRequest("'disabled' must be true or false.");
            result = users.setDisabled(by, username, disabled.asBoolean());
        }
        JsonNode unlock = body.get("unlock");
        if (unlock != null && unlock.asBoolean(false)) result = users.unlock(by, username);
        String password = JsonBodies.optionalText(body, "password");
        if (password != null) {
            users.resetPassword(by, username, password, flag(body, "mustChangePassword"));
            result = users.find(username).orElseThrow(() -> new UnknownUserException(username));
        }
        ctx.json(result);
    }

    void createToken(Context ctx) throws IOException {
        JsonNode body = JsonBodies.object(ctx);
        Integer days = null;
        if (body.hasNonNull("days")) {
            if (!body.get("days").canConvertToInt()) throw ApiError.badRequest("'days' is how many days the token lasts.");
            days = body.get("days").asInt();
        }
        IssuedToken issued;
        try {
            issued = tokens.create(Auth.caller(ctx), JsonBodies.requiredText(body, "name"), days);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issued.token());
        answer.put("id", issued.summary().id());
        answer.put("name", issued.summary().name());
        answer.put("owner", issued.summary().owner());
        answer.put("created", issued.summary().created());
        answer.put("expires", issued.summary().expires());
        ctx.status(201).json(answer);
    }

    void listTokens(Context ctx) throws IOException {
        ctx.json(Map.of("tokens", tokens.list(Auth.caller(ctx))));
    }

    void revokeToken(Context ctx) throws IOException {
        tokens.revoke(Auth.caller(ctx), ctx.pathParam("tokenId"));
        ctx.status(204);
    }

    /**
     * {@code mustChangePassword}: the person given this password must choose their own before doing anything else.
     * Left out it is false, so scripts that create accounts as the API contract describes keep working; the
     * administration screen always asks for it.
     */
    private static boolean flag(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) return false;
        if (!node.isBoolean()) throw ApiError.badRequest("'" + field + "' must be true or false.");
        return node.asBoolean();
    }

    private static List<Role> roles(List<String> names) {
        try {
            return names.stream().map(Role::fromWire).toList();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
