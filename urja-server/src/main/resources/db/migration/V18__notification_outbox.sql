-- notification module: a durable outbox. A notification is stored in the transaction of what caused it, then
-- delivered by a worker (claimed FOR UPDATE SKIP LOCKED) with retries and backoff; its status is visible to staff.
CREATE TABLE notification_outbox
(
    id                BIGSERIAL PRIMARY KEY,
    idempotency_key   TEXT        NOT NULL UNIQUE,
    channel           TEXT        NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
    to_address        TEXT        NOT NULL,
    template          TEXT        NOT NULL,
    language          TEXT        NOT NULL,
    subject           TEXT,
    body              TEXT        NOT NULL,
    status            TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'UNDELIVERABLE')),
    attempts          INT         NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error        TEXT,
    provider_reference TEXT,
    requested_by      TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at           TIMESTAMPTZ
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notification_outbox_by_address ON notification_outbox (to_address, created_at DESC);
