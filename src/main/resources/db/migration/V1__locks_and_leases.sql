-- Work that must run once for the whole archive (scheduled retention, start-up repairs, a watched folder) runs on
-- the node holding its lease; another node takes over when the lease runs out without being renewed.
CREATE TABLE leases (
    name        text PRIMARY KEY,
    holder      text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- grows by one each time the lease changes hands: work done under an older token is refused
    fencing     bigint      NOT NULL
);
