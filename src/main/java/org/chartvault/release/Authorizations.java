package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.util.Optional;

/**
 * Every authorization and consent a release recorded, by its id, so that one form can serve several requests and
 * its revocation reaches all of them: {@code authorizations/<id>.json}, with the patient's MRN and the release whose
 * folder keeps the signed scan. A revocation is written here once and never taken back.
 */
public final class Authorizations {
    /** Id prefix of recorded authorizations ({@code auth_...}). */
    public static final String ID_PREFIX = "auth";

    private final ObjectStore store;
    private final Locks locks;

    public Authorizations(ObjectStore store, Locks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** The stored form: the authorization as last recorded, whose patient it is, and where its scan is kept. */
    public record Recorded(String mrn, String releaseId, Authorization authorization) {
    }

    public Optional<Recorded> find(String authorizationId) throws IOException {
        if (authorizationId == null || !authorizationId.matches("auth_[A-Za-z0-9_-]{1,80}")) return Optional.empty();
        try {
            return Optional.of(Json.read(store.getBytes(key(authorizationId)), Recorded.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Records the authorization as a release now has it; a revocation recorded earlier is kept. */
    void record(String mrn, String releaseId, Authorization authorization) throws IOException {
        locks.withLock(lock(authorization.authorizationId()), () -> {
            Optional<Recorded> earlier = find(authorization.authorizationId());
            Authorization kept = earlier.map(Recorded::authorization).map(Authorization::revocation)
                    .map(authorization::withRevocation).orElse(authorization);
            String home = earlier.map(Recorded::releaseId).orElse(releaseId);
            store.put(key(authorization.authorizationId()), Json.bytes(new Recorded(mrn, home, kept)), "application/json");
            return null;
        });
    }

    /**
     * Records the revocation; a form is revoked once. It is stamped when it is recorded, under the form's lock, so its
     * time orders it after every packet produced under the form (see {@link #holdWith}).
     */
    Recorded revoke(String authorizationId, Authorization.Revocation given, String recordedBy, java.time.Clock clock)
            throws IOException {
        return locks.withLock(lock(authorizationId), () -> {
            Authorization.Revocation revocation = new Authorization.Revocation(given.on(), given.receivedAs(), recordedBy,
                    clock.instant());
            Recorded current = find(authorizationId).orElseThrow(() -> new InvalidReleaseException("unknown-authorization",
                    "No authorization " + authorizationId + " is on record."));
            if (current.authorization().revocation() != null) {
                throw new ReleaseConflictException("already-revoked", "Authorization " + authorizationId + " was revoked on "
                        + current.authorization().revocation().on() + " already.");
            }
            Recorded revoked = new Recorded(current.mrn(), current.releaseId(), current.authorization().withRevocation(revocation));
            store.put(key(authorizationId), Json.bytes(revoked), "application/json");
            return revoked;
        });
    }

    /** The form's lock together with another (a release's), taken in the one order every caller uses. */
    Locks.Held holdWith(String otherLock, String authorizationId) {
        return locks.hold(java.util.List.of(otherLock, lock(authorizationId)));
    }

    private static String key(String authorizationId) {
        return "authorizations/" + authorizationId + ".json";
    }

    private static String lock(String authorizationId) {
        return "authorization:" + authorizationId;
    }
}
