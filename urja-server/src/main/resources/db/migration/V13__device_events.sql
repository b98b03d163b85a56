-- event module: every device event the HES reported, once per meter, code and occurrence time. A re-sent or
-- overlapping push of the same event only counts a repeat. Classified by the event catalogue
-- (events/is15959-event-catalogue.csv; UNKNOWN when a code is not catalogued), and paired: an occurrence is OPEN until
-- its restoration arrives (RESTORED, partner_* name the restoration), or SUPERSEDED when the meter logged the next
-- occurrence without a restoration between; a restoration is PAIRED with its occurrence or UNPAIRED.
CREATE TABLE device_event
(
    id                     BIGSERIAL PRIMARY KEY,
    meter_serial           TEXT        NOT NULL,
    code                   INT         NOT NULL,
    occurred_at            TIMESTAMPTZ NOT NULL,
    hes_category           TEXT        NOT NULL,
    category               TEXT        NOT NULL,
    severity               TEXT        NOT NULL CHECK (severity IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO')),
    kind                   TEXT        NOT NULL CHECK (kind IN ('OCCURRENCE', 'RESTORATION', 'SINGLE')),
    -- the occurrence code of the pair the event belongs to (null when it has no pair)
    family                 INT,
    pair_code              INT,
    route                  TEXT        NOT NULL CHECK (route IN ('INSPECTION', 'OUTAGE', 'LOAD_VIOLATION', 'NONE')),
    event_type             TEXT,
    description            TEXT        NOT NULL,
    hes_event_type         TEXT,
    hes_description        TEXT,
    high_priority          BOOLEAN     NOT NULL,
    details                JSONB       NOT NULL DEFAULT '{}',
    state                  TEXT        NOT NULL
        CHECK (state IN ('OPEN', 'RESTORED', 'SUPERSEDED', 'PAIRED', 'UNPAIRED', 'SINGLE')),
    partner_id             BIGINT,
    partner_at             TIMESTAMPTZ,
    message_id             TEXT        NOT NULL,
    correlation_id         TEXT,
    received_at            TIMESTAMPTZ NOT NULL,
    repeats                INT         NOT NULL DEFAULT 0,
    last_repeat_message_id TEXT,
    UNIQUE (meter_serial, code, occurred_at)
);
CREATE INDEX device_event_by_meter ON device_event (meter_serial, occurred_at);
CREATE INDEX device_event_by_time ON device_event (occurred_at);
CREATE INDEX device_event_by_category ON device_event (category, occurred_at);
CREATE INDEX device_event_open ON device_event (occurred_at) WHERE state = 'OPEN';
CREATE INDEX device_event_pairs ON device_event (meter_serial, family, occurred_at) WHERE family IS NOT NULL;

-- event module: load-limit violations (UC9.1) from the meter's overload events and from billing maximum demand above
-- the sanctioned load; repeats per consumer are counted over a rolling window when queried.
CREATE TABLE load_violation
(
    id                 BIGSERIAL PRIMARY KEY,
    meter_serial       TEXT        NOT NULL,
    consumer_no        TEXT,
    service_point      TEXT,
    source             TEXT        NOT NULL CHECK (source IN ('METER_EVENT', 'BILLING_MAX_DEMAND')),
    event_id           BIGINT REFERENCES device_event (id),
    event_code         INT,
    occurred_at        TIMESTAMPTZ NOT NULL,
    ended_at           TIMESTAMPTZ,
    demand_kw          NUMERIC(12, 3),
    limit_kw           NUMERIC(12, 3),
    sanctioned_load_kw NUMERIC(12, 3),
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (meter_serial, source, occurred_at)
);
CREATE INDEX load_violation_by_consumer ON load_violation (consumer_no, occurred_at);
CREATE INDEX load_violation_by_time ON load_violation (occurred_at);
CREATE UNIQUE INDEX load_violation_by_event ON load_violation (event_id);

-- workorder module: field work orders; for now site inspections of tampers (UC5.3). At most one open inspection per
-- meter and tamper code: repeats of the tamper attach to it (work_order_event).
CREATE TABLE work_order
(
    id                 BIGSERIAL PRIMARY KEY,
    type               TEXT        NOT NULL CHECK (type IN ('TAMPER_INSPECTION')),
    priority           TEXT        NOT NULL CHECK (priority IN ('HIGH', 'NORMAL')),
    status             TEXT        NOT NULL CHECK (status IN ('OPEN', 'ASSIGNED', 'COMPLETED', 'CANCELLED')),
    meter_serial       TEXT        NOT NULL,
    consumer_no        TEXT,
    service_point      TEXT,
    address            TEXT,
    tamper_code        INT,
    tamper_description TEXT,
    source_event_id    BIGINT,
    source_event_at    TIMESTAMPTZ,
    occurrences        INT         NOT NULL DEFAULT 1,
    last_occurrence_at TIMESTAMPTZ,
    tamper_cleared_at  TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    due_at             TIMESTAMPTZ NOT NULL,
    assignee           TEXT,
    outcome            TEXT CHECK (outcome IN ('TAMPER_CONFIRMED', 'NO_TAMPER', 'METER_FAULTY', 'NO_ACCESS')),
    findings           TEXT,
    readings           JSONB,
    completed_by       TEXT,
    completed_at       TIMESTAMPTZ,
    resolution         TEXT,
    resolved_by        TEXT,
    resolved_at        TIMESTAMPTZ,
    CHECK ((status = 'COMPLETED') = (outcome IS NOT NULL))
);
CREATE UNIQUE INDEX work_order_one_open_inspection ON work_order (meter_serial, tamper_code)
    WHERE type = 'TAMPER_INSPECTION' AND status IN ('OPEN', 'ASSIGNED');
CREATE INDEX work_order_by_status ON work_order (status, due_at);
CREATE INDEX work_order_by_meter ON work_order (meter_serial, created_at);
CREATE INDEX work_order_by_consumer ON work_order (consumer_no, created_at);

CREATE TABLE work_order_status
(
    id            BIGSERIAL PRIMARY KEY,
    work_order_id BIGINT      NOT NULL REFERENCES work_order (id),
    status        TEXT        NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    by_user       TEXT        NOT NULL,
    note          TEXT
);
CREATE INDEX work_order_status_by_order ON work_order_status (work_order_id, id);

-- The device events (by id in the event module) behind a work order; an event belongs to one work order at most.
CREATE TABLE work_order_event
(
    event_id      BIGINT PRIMARY KEY,
    work_order_id BIGINT      NOT NULL REFERENCES work_order (id),
    occurred_at   TIMESTAMPTZ NOT NULL,
    attached_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX work_order_event_by_order ON work_order_event (work_order_id, occurred_at);

-- outage module: supply outages from last gasps (101) and first breaths (102). A METER outage is one meter; near-
-- simultaneous last gasps under one DT become one DT outage (a suspected upstream fault), DT outages of one feeder one
-- FEEDER outage; an outage they absorb is MERGED into it. started_at is null when only the restoration arrived.
CREATE TABLE outage
(
    id                   BIGSERIAL PRIMARY KEY,
    scope                TEXT        NOT NULL CHECK (scope IN ('METER', 'DT', 'FEEDER')),
    node_code            TEXT,
    feeder_code          TEXT,
    meter_serial         TEXT,
    status               TEXT        NOT NULL CHECK (status IN ('OPEN', 'RESTORED', 'MERGED')),
    started_at           TIMESTAMPTZ,
    ended_at             TIMESTAMPTZ,
    merged_into          BIGINT REFERENCES outage (id),
    detected_at          TIMESTAMPTZ NOT NULL,
    restored_detected_at TIMESTAMPTZ,
    CHECK ((scope = 'METER') = (meter_serial IS NOT NULL))
);
CREATE INDEX outage_open ON outage (scope, node_code) WHERE status = 'OPEN';
CREATE INDEX outage_open_feeder ON outage (feeder_code) WHERE status = 'OPEN';
CREATE INDEX outage_by_start ON outage (started_at);

-- Each meter of an outage: its last gasp and first breath (event ids of the event module).
CREATE TABLE outage_meter
(
    id                    BIGSERIAL PRIMARY KEY,
    outage_id             BIGINT  NOT NULL REFERENCES outage (id),
    meter_serial          TEXT    NOT NULL,
    dt_code               TEXT,
    feeder_code           TEXT,
    consumer_no           TEXT,
    last_gasp_at          TIMESTAMPTZ,
    last_gasp_event_id    BIGINT UNIQUE,
    first_breath_at       TIMESTAMPTZ,
    first_breath_event_id BIGINT UNIQUE,
    -- the meter logged a new last gasp without a first breath for this one: when power came back is unknown
    restoration_missing   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX outage_meter_by_outage ON outage_meter (outage_id);
CREATE INDEX outage_meter_open ON outage_meter (meter_serial) WHERE first_breath_at IS NULL AND NOT restoration_missing;
