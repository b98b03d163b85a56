-- migration module: postpaid → prepaid (UC13) and prepaid → postpaid (UC14) migrations, one row per request and one
-- row per step attempt, so every step is visible with its state, times and reason, and a restarted server carries
-- on from the state committed last.
CREATE TABLE migration
(
    id                    BIGSERIAL PRIMARY KEY,
    reference             TEXT        NOT NULL UNIQUE,  -- the requester's reference: the idempotency key
    request_hash          TEXT        NOT NULL,
    target_mode           TEXT        NOT NULL CHECK (target_mode IN ('PREPAID', 'POSTPAID')),
    consumer_no           TEXT        NOT NULL,
    service_point         TEXT        NOT NULL,
    meter_serial          TEXT        NOT NULL,         -- the meter migrated (the new one after a meter change)
    replaced_meter_serial TEXT,                         -- the meter a meter change took out
    meter_change          BOOLEAN     NOT NULL,
    tariff_category       TEXT        NOT NULL,
    opening_balance_paise BIGINT      NOT NULL DEFAULT 0,
    arrears_paise         BIGINT      NOT NULL DEFAULT 0,
    engineering_token     TEXT        NOT NULL,
    state                 TEXT        NOT NULL
        CHECK (state IN ('IN_PROGRESS', 'RETRY_SCHEDULED', 'ATTENTION', 'COMPLETED', 'CANCELLED')),
    step                  TEXT        NOT NULL,         -- the current (or last) step
    reason                TEXT,                         -- why it waits, needs attention or was cancelled
    next_attempt_at       TIMESTAMPTZ,                  -- RETRY_SCHEDULED: when the step is tried again
    meter_credit_paise    BIGINT,                       -- UC14.3: the credit the meter held when read
    wallet_balance_paise  BIGINT,                       -- the wallet at completion (UC14: final balance before closing)
    reading_kwh           NUMERIC(20, 6),               -- register.kWh.import of the verification read
    read_at               TIMESTAMPTZ,
    requested_by          TEXT        NOT NULL,
    requested_at          TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    completed_at          TIMESTAMPTZ
);
CREATE UNIQUE INDEX migration_one_open_per_consumer ON migration (consumer_no)
    WHERE state IN ('IN_PROGRESS', 'RETRY_SCHEDULED', 'ATTENTION');
CREATE INDEX migration_by_state ON migration (state, id);

CREATE TABLE migration_step
(
    id            BIGSERIAL PRIMARY KEY,
    migration_id  BIGINT      NOT NULL REFERENCES migration (id),
    step          TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    state         TEXT        NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE', 'SKIPPED', 'FAILED', 'CANCELLED')),
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    reference     TEXT,        -- what the step acts through: command id, read correlation id, work order id
    reason        TEXT,
    UNIQUE (migration_id, step, attempt)
);
CREATE INDEX migration_step_by_migration ON migration_step (migration_id, id);

-- prepaid module: a wallet is closed when its consumer leaves prepaid (UC14.10); its final balance is carried to the
-- first postpaid bill by a closing entry, so the ledger ends at zero. Opening it again (UC13.2) clears closed_at.
ALTER TABLE prepaid_account
    ADD COLUMN closed_at           TIMESTAMPTZ,
    ADD COLUMN closing_reference   TEXT,
    ADD COLUMN final_balance_paise BIGINT;

-- workorder module: meter installation orders (UC13.3) and the installation report that completes them (UC13.4).
ALTER TABLE work_order DROP CONSTRAINT work_order_type_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_type_check CHECK (type IN ('TAMPER_INSPECTION', 'METER_INSTALLATION'));
ALTER TABLE work_order
    ADD COLUMN source_reference       TEXT,  -- who asked for it and why (e.g. migration:<reference>); idempotency key
    ADD COLUMN installed_meter_serial TEXT,
    ADD COLUMN installed_dt           TEXT,
    ADD COLUMN installed_feeder       TEXT,
    ADD COLUMN installed_at           TIMESTAMPTZ;
-- A tamper inspection is completed with an outcome; an installation order with the meter installed.
ALTER TABLE work_order DROP CONSTRAINT work_order_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_check CHECK (CASE type
    WHEN 'TAMPER_INSPECTION' THEN (status = 'COMPLETED') = (outcome IS NOT NULL)
    ELSE outcome IS NULL AND (status = 'COMPLETED') = (installed_meter_serial IS NOT NULL) END);
CREATE UNIQUE INDEX work_order_by_source_reference ON work_order (source_reference) WHERE source_reference IS NOT NULL;
