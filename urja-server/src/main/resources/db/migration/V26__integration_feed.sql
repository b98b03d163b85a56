-- integration module: the outbound event feed for external systems (billing, CIS/CRM, OMS, WFM). Every event shared
-- with them is appended here in the transaction of the change it describes; webhooks and the pull API read it in
-- (tx, id) order. tx is the writing transaction's id: only events of transactions older than every transaction still
-- running are handed out, so an event committed late can never fall behind a cursor already passed.
CREATE TABLE integration_event
(
    id          BIGSERIAL PRIMARY KEY,
    tx          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    event_type  TEXT        NOT NULL,
    subject     TEXT,
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    payload     JSONB       NOT NULL,
    source_key  TEXT        NOT NULL UNIQUE
);
CREATE INDEX integration_event_order ON integration_event (tx, id);

-- A webhook receiver and how far it has been served: cursor_tx/cursor_id is the last event it acknowledged.
CREATE TABLE integration_subscriber
(
    id                BIGSERIAL PRIMARY KEY,
    name              TEXT        NOT NULL UNIQUE,
    url               TEXT        NOT NULL,
    secret            TEXT        NOT NULL,
    event_types       TEXT[]      NOT NULL,
    active            BOOLEAN     NOT NULL DEFAULT TRUE,
    cursor_tx         xid8        NOT NULL,
    cursor_id         BIGINT      NOT NULL,
    failures          INT         NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ NOT NULL,
    last_error        TEXT,
    last_delivered_at TIMESTAMPTZ,
    delivered         BIGINT      NOT NULL DEFAULT 0,
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);
