package org.chartvault.http;

import io.javalin.security.RouteRole;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rule every route declares (deny by default: a route without one is refused). Administrators may use
 * every route that needs a login: their role is "users, audit, settings, and everything else".
 */
sealed interface Access extends RouteRole {

    boolean allows(Caller caller);

    /** No login needed: health, the login itself, the web UI's static files. */
    Access PUBLIC = new Public();

    /** Any logged-in user, whatever their roles: their own session, password and tokens. */
    Access ANY_USER = new AnyUser();

    /**
     * Any logged-in user, also one who must still replace a password someone else set (every other route refuses
     * them): who they are, logging out, and changing their password.
     */
    Access OWN_LOGIN = new OwnLogin();

    static Access roles(Role... roles) {
        return new Roles(EnumSet.of(Role.ADMIN, roles));
    }

    record Public() implements Access {
        @Override
        public boolean allows(Caller caller) {
            return true;
        }
    }

    record AnyUser() implements Access {
        @Override
        public boolean allows(Caller caller) {
            return caller != null;
        }
    }

    record OwnLogin() implements Access {
        @Override
        public boolean allows(Caller caller) {
            return caller != null;
        }
    }

    record Roles(Set<Role> roles) implements Access {
        @Override
        public boolean allows(Caller caller) {
            return caller != null && caller.roles().stream().anyMatch(roles::contains);
        }
    }
}
