-- Who is logged in, which API tokens exist, and how often an address failed to log in lately: shared by every
-- node, so a logout, a revocation or a lockout on one node holds on all of them at once.
CREATE TABLE sessions (
    id              text PRIMARY KEY,          -- SHA-256 of the cookie: the cookie itself is never stored
    username        text        NOT NULL,
    csrf_token      text        NOT NULL,
    created         timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    client_address  text
);

CREATE TABLE api_tokens (
    secret_sha256   text PRIMARY KEY,          -- the token is shown once and never stored
    id              text        NOT NULL UNIQUE,
    name            text        NOT NULL,
    owner           text        NOT NULL,
    created         timestamptz NOT NULL,
    expires         timestamptz
);

CREATE TABLE login_failures (
    client_address  text PRIMARY KEY,
    window_start    timestamptz NOT NULL,
    failures        integer     NOT NULL
);
