-- access module: staff users of the utility portal and their roles.
CREATE TABLE staff_user
(
    id                   BIGSERIAL PRIMARY KEY,
    username             TEXT        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
    display_name         TEXT        NOT NULL,
    password_hash        TEXT        NOT NULL,
    roles                TEXT[]      NOT NULL CHECK (cardinality(roles) > 0),
    enabled              BOOLEAN     NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN     NOT NULL DEFAULT FALSE,
    failed_attempts      INT         NOT NULL DEFAULT 0,
    locked_until         TIMESTAMPTZ,
    last_sign_in_at      TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- audit module: who did what, when, from where. Append-only.
CREATE TABLE audit_event
(
    id          BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    target      TEXT,
    outcome     TEXT        NOT NULL,
    detail      TEXT,
    remote_addr TEXT
);
CREATE INDEX audit_event_by_time ON audit_event (occurred_at DESC);
CREATE INDEX audit_event_by_actor ON audit_event (actor, occurred_at DESC);
