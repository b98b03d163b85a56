-- connection module: new consumer connections (UC12), one row per request and one row per step attempt, so every
-- step is visible with its state, times and reason, and a restarted server carries on from the state committed last.
CREATE TABLE connection
(
    id                    BIGSERIAL PRIMARY KEY,
    idempotency_key       TEXT           NOT NULL UNIQUE,
    request_hash          TEXT           NOT NULL,
    payment_mode          TEXT           NOT NULL CHECK (payment_mode IN ('PREPAID', 'POSTPAID')),
    consumer_no           TEXT           NOT NULL UNIQUE,
    name                  TEXT           NOT NULL,
    address               TEXT           NOT NULL,
    phone                 TEXT           NOT NULL,
    email                 TEXT,
    tariff_category       TEXT           NOT NULL,
    sanctioned_load_kw    NUMERIC(10, 3) NOT NULL,
    dt_code               TEXT,                      -- as requested (if known), then as installed
    feeder_code           TEXT,
    bill_group            TEXT,                      -- postpaid: the bill group the service point joins
    opening_balance_paise BIGINT         NOT NULL DEFAULT 0,
    service_point         TEXT           NOT NULL,
    work_order_id         BIGINT,
    meter_serial          TEXT,                      -- from the installation report (UC12.3)
    initial_reading_kwh   NUMERIC(14, 3),
    installed_at          TIMESTAMPTZ,
    reading_kwh           NUMERIC(20, 6),            -- register.kWh.import of the verification read (UC12.5)
    read_at               TIMESTAMPTZ,
    wallet_balance_paise  BIGINT,
    state                 TEXT           NOT NULL
        CHECK (state IN ('IN_PROGRESS', 'RETRY_SCHEDULED', 'ATTENTION', 'ACTIVE', 'CANCELLED')),
    step                  TEXT           NOT NULL,   -- the current (or last) step
    reason                TEXT,                      -- why it waits, needs attention or was cancelled
    next_attempt_at       TIMESTAMPTZ,
    requested_by          TEXT           NOT NULL,
    requested_at          TIMESTAMPTZ    NOT NULL,
    updated_at            TIMESTAMPTZ    NOT NULL,
    activated_at          TIMESTAMPTZ
);
CREATE INDEX connection_by_state ON connection (state, id);

CREATE TABLE connection_step
(
    id            BIGSERIAL PRIMARY KEY,
    connection_id BIGINT      NOT NULL REFERENCES connection (id),
    step          TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    state         TEXT        NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE', 'SKIPPED', 'FAILED', 'CANCELLED')),
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    reference     TEXT,        -- what the step acts through: account, work order id, read correlation id
    reason        TEXT,
    UNIQUE (connection_id, step, attempt)
);
CREATE INDEX connection_step_by_connection ON connection_step (connection_id, id);
