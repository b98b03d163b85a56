-- hes module: commands to data concentrators (UC10.1) are recorded like meters' commands, as kind DCU_CONTROL
-- (meter_serials then holds the DCU's code).
ALTER TABLE hes_outbound_request DROP CONSTRAINT hes_outbound_request_kind_check;
ALTER TABLE hes_outbound_request
    ADD CONSTRAINT hes_outbound_request_kind_check CHECK (kind IN ('CONTROL', 'READ', 'DCU_CONTROL'));

-- clock module (UC10.1): each clock reading of a meter, as its offset from the HES's time; kept for urja.clock.history.
CREATE TABLE clock_observation
(
    meter_serial TEXT        NOT NULL,
    observed_at  TIMESTAMPTZ NOT NULL, -- when the HES read the meter's clock, by the HES's clock
    offset_ms    BIGINT      NOT NULL, -- meter clock − HES clock (positive: the meter is ahead)
    message_id   TEXT        NOT NULL,
    PRIMARY KEY (meter_serial, observed_at)
);
CREATE INDEX clock_observation_by_time ON clock_observation (observed_at);

-- clock module: where each meter's clock stands after its latest reading, its drift rate and its flags.
CREATE TABLE clock_meter
(
    meter_serial          TEXT PRIMARY KEY,
    observed_at           TIMESTAMPTZ,
    offset_ms             BIGINT,
    drift_seconds_per_day NUMERIC(12, 3), -- from two readings with no time setting between them
    rate_from             TIMESTAMPTZ,    -- the earlier of those two readings
    beyond_tolerance      BOOLEAN     NOT NULL DEFAULT FALSE,
    beyond_since          TIMESTAMPTZ,    -- first reading of the current episode beyond tolerance
    rtc_suspect           BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX clock_meter_beyond ON clock_meter ((abs(offset_ms)) DESC) WHERE beyond_tolerance;

-- clock module: when each meter last confirmed a time setting (the command module's MeterStateChanged).
CREATE TABLE clock_meter_sync
(
    meter_serial TEXT PRIMARY KEY,
    synced_at    TIMESTAMPTZ NOT NULL
);

-- clock module: time settings asked for because a meter was beyond tolerance, at most one per meter and IST day.
CREATE TABLE clock_drift_sync
(
    meter_serial TEXT        NOT NULL,
    day          DATE        NOT NULL,
    offset_ms    BIGINT      NOT NULL,
    observed_at  TIMESTAMPTZ NOT NULL,
    command_id   BIGINT,               -- the TIME_SYNC command; null with a note when none could be issued
    note         TEXT,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_serial, day)
);

-- clock module: synchronisation runs of every DCU and meter (under node_code, if given), one per cron slot (whichever
-- node fires first) or per staff request (idempotency key), and what each did per DCU and per group of meters.
CREATE TABLE clock_sync_run
(
    id           BIGSERIAL PRIMARY KEY,
    slot         TEXT        NOT NULL UNIQUE,
    trigger      TEXT        NOT NULL CHECK (trigger IN ('SCHEDULED', 'MANUAL')),
    node_code    TEXT,
    requested_by TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    status       TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'DONE')),
    started_at   TIMESTAMPTZ,
    heartbeat_at TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX clock_sync_run_open ON clock_sync_run (requested_at) WHERE status <> 'DONE';

CREATE TABLE clock_sync_run_item
(
    run_id             BIGINT NOT NULL REFERENCES clock_sync_run (id),
    target             TEXT   NOT NULL, -- 'dcu:<code>' (the DCU's own clock) or 'meters:<group key>'
    dcu_code           TEXT,
    node_code          TEXT,
    meters             INT    NOT NULL,
    command_group_id   BIGINT,
    hes_correlation_id TEXT,
    status             TEXT   NOT NULL, -- SUBMITTED (meters), ACKNOWLEDGED / REJECTED / UNDELIVERED (DCU), FAILED
    reason             TEXT,
    PRIMARY KEY (run_id, target)
);

-- clock module: each DCU's clock as its latest time setting found it.
CREATE TABLE clock_dcu
(
    dcu_code            TEXT PRIMARY KEY,
    last_correlation_id TEXT        NOT NULL,
    last_requested_at   TIMESTAMPTZ NOT NULL,
    last_status         TEXT        NOT NULL, -- ACKNOWLEDGED, REJECTED, UNDELIVERED, then SUCCEEDED, FAILED, TIMED_OUT
    last_reason         TEXT,
    synced_at           TIMESTAMPTZ,          -- when it last confirmed a time setting (the HES's time)
    offset_ms           BIGINT,               -- how far its clock was off then (positive: ahead)
    offset_at           TIMESTAMPTZ
);
