-- The durable job queue when several nodes share the archive (PostgresJobQueue). A row is a job not yet done; it is
-- deleted when done. Times that decide who may run a job are the database's (now()), never a node's clock.
CREATE TABLE jobs (
    job_id      text        PRIMARY KEY,
    kind        text        NOT NULL,
    subject     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    -- how many times it was retried; the worker gives up on a failing job after a few
    attempts    integer     NOT NULL,
    -- not before: back-off after a failure
    run_at      timestamptz NOT NULL,
    last_error  text,
    -- false between record and release: the node that recorded it holds it (lease_until) until its subject is written
    released    boolean     NOT NULL,
    -- grows by one each time the job is handed out: a completion or retry under an older token is refused
    fencing     bigint      NOT NULL DEFAULT 0,
    -- whoever holds the job (a worker that claimed it, or the node that recorded and has not released it) holds it
    -- until then, renewing while alive; null or past: the job is due at run_at
    lease_until timestamptz,
    -- the node holding it, for people looking into a stuck job
    held_by     text
);

CREATE INDEX jobs_due ON jobs (run_at, created_at);
