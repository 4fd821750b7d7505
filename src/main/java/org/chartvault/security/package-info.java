/**
 * Users, roles, passwords, logins, sessions and API tokens. Nothing here knows HTTP; the HTTP layer calls:
 *
 * <ul>
 *   <li><b>start-up</b> (App): build one of each service over the shared {@code ObjectStore} and one
 *       {@code Clock}; call {@link org.chartvault.security.AdminBootstrap#ensureAdmin(String)} with
 *       {@code Config.adminPassword()} and print {@code generatedPassword()} once if it is set. Run
 *       {@link org.chartvault.security.SessionService#removeExpired()} now and then (e.g. hourly).</li>
 *   <li><b>{@code POST /api/session}</b>: {@link org.chartvault.security.LoginService#login(String, String, String)};
 *       {@link org.chartvault.security.LoginFailedException} is a 401 with its message (always the same);
 *       otherwise set the cookie to {@code sessionToken()} (HttpOnly, SameSite=Strict, Secure when TLS, Path=/,
 *       no Max-Age) and answer {@code {"username","roles","csrfToken"}}.</li>
 *   <li><b>every other {@code /api} request</b>: with {@code Authorization: Bearer ...},
 *       {@link org.chartvault.security.TokenService#authenticate(String, String)} (no CSRF check); else with the
 *       cookie, {@link org.chartvault.security.SessionService#authenticate(String, String)} and, for any method
 *       other than GET/HEAD/OPTIONS, {@link org.chartvault.security.ActiveSession#csrfMatches(String)} on the
 *       {@code X-CSRF-Token} header (403 when it fails). Neither gives a caller: 401. Attach the
 *       {@link org.chartvault.security.Caller}; check roles with {@code caller.has(Role.X)} (403, and audit
 *       {@code permission-denied} with {@code caller.event(...)}).</li>
 *   <li><b>logout</b> (e.g. {@code DELETE /api/session}): {@link org.chartvault.security.SessionService#logout(String, String)},
 *       then clear the cookie.</li>
 *   <li><b>users and tokens</b>: {@link org.chartvault.security.UserService} and
 *       {@link org.chartvault.security.TokenService} take the acting {@code Caller} and audit the change
 *       themselves. After {@code changeOwnPassword} all the user's sessions are over: log in again with the
 *       new password and set the new cookie.</li>
 * </ul>
 *
 * Exceptions to map: {@code IllegalArgumentException} (incl. {@link org.chartvault.security.WeakPasswordException})
 * 400, {@link org.chartvault.security.NotPermittedException} 403, {@link org.chartvault.security.UnknownUserException}
 * and {@link org.chartvault.security.UnknownTokenException} 404, {@link org.chartvault.security.UserExistsException} 409.
 */
package org.chartvault.security;
