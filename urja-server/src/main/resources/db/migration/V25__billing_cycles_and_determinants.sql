-- billing module: bill groups, their cycles' billing-profile collection (UC2.1-2.4) and billing determinants (UC2.5).

-- A bill group: service points billed together, read (the meters' billing reset) on read_day of every month. The
-- cycle of period YYYY-MM runs from read_day of that month 00:00 IST to read_day of the next.
CREATE TABLE billing_group
(
    code       TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    read_day   SMALLINT    NOT NULL CHECK (read_day BETWEEN 1 AND 28),
    created_by TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which group a service point is billed in (one at a time; moving it is a new assignment).
CREATE TABLE billing_group_member
(
    service_point_code TEXT PRIMARY KEY,
    group_code         TEXT        NOT NULL REFERENCES billing_group (code),
    assigned_by        TEXT        NOT NULL,
    assigned_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX billing_group_member_group ON billing_group_member (group_code, service_point_code);

-- One billing cycle of a group: its period, the collection of its meters' billing profiles, and the run that issues
-- its determinants (chunk by chunk from determinants_cursor, so a crash resumes where it stopped).
CREATE TABLE billing_cycle
(
    group_code                TEXT        NOT NULL REFERENCES billing_group (code),
    period                    DATE        NOT NULL, -- first day of the month YYYY-MM
    period_start              TIMESTAMPTZ NOT NULL,
    period_end                TIMESTAMPTZ NOT NULL,
    collection_requested_by   TEXT,
    collection_requested_at   TIMESTAMPTZ,
    collection_completed_at   TIMESTAMPTZ,
    determinants_state        TEXT        NOT NULL DEFAULT 'NONE'
        CHECK (determinants_state IN ('NONE', 'RUNNING', 'DONE')),
    determinants_requested_by TEXT,
    determinants_requested_at TIMESTAMPTZ,
    determinants_completed_at TIMESTAMPTZ,
    determinants_cursor       TEXT,
    issued                    INT         NOT NULL DEFAULT 0,
    restated                  INT         NOT NULL DEFAULT 0,
    unchanged                 INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (group_code, period)
);
CREATE INDEX billing_cycle_running ON billing_cycle (determinants_requested_at) WHERE determinants_state = 'RUNNING';

-- Each meter of a cycle's collection: PENDING (to be checked or asked for, from next_attempt_at), REQUESTED (a BILLING
-- read request to the HES is out), RECEIVED (its billing profile for the period end is stored) or MISSING (not after
-- the last attempt; reason says why).
CREATE TABLE billing_collection_meter
(
    group_code         TEXT        NOT NULL,
    period             DATE        NOT NULL,
    meter_serial_no    TEXT        NOT NULL,
    service_point_code TEXT        NOT NULL,
    state              TEXT        NOT NULL DEFAULT 'PENDING'
        CHECK (state IN ('PENDING', 'REQUESTED', 'RECEIVED', 'MISSING')),
    attempts           INT         NOT NULL DEFAULT 0,
    next_attempt_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    correlation_id     TEXT,
    reason             TEXT,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_code, period, meter_serial_no),
    FOREIGN KEY (group_code, period) REFERENCES billing_cycle (group_code, period)
);
CREATE INDEX billing_collection_meter_due ON billing_collection_meter (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX billing_collection_meter_request ON billing_collection_meter (correlation_id) WHERE state = 'REQUESTED';

-- Billing determinants of a service point and period, versioned: a version is never changed; late data that changes
-- the figures makes a new version (restated) and the previous one stays. body is the whole determinant set as JSON
-- (json, not jsonb: its zones keep their order); fingerprint is a hash of its figures (all but version, restated and
-- computed_at).
CREATE TABLE billing_determinant
(
    service_point_code TEXT        NOT NULL,
    period             DATE        NOT NULL,
    version            INT         NOT NULL,
    group_code         TEXT        NOT NULL,
    consumer_no        TEXT,
    current            BOOLEAN     NOT NULL,
    restated           BOOLEAN     NOT NULL,
    quality            TEXT        NOT NULL,
    computed_at        TIMESTAMPTZ NOT NULL,
    fingerprint        TEXT        NOT NULL,
    body               JSON        NOT NULL,
    PRIMARY KEY (service_point_code, period, version)
);
CREATE UNIQUE INDEX billing_determinant_current ON billing_determinant (service_point_code, period) WHERE current;
CREATE INDEX billing_determinant_cycle ON billing_determinant (group_code, period, service_point_code) WHERE current;

-- Which meter's days each issued determinant used (IST days first_day..last_day), so late data of a meter-day finds
-- the determinants it touches.
CREATE TABLE billing_determinant_meter
(
    meter_serial_no    TEXT NOT NULL,
    period             DATE NOT NULL,
    service_point_code TEXT NOT NULL,
    first_day          DATE NOT NULL,
    last_day           DATE NOT NULL,
    PRIMARY KEY (meter_serial_no, period, service_point_code)
);

-- Meter-days whose validated data changed (VEE's outcome: late data, re-acquisition, an edit) and that issued
-- determinants used, or that a running determinant run may be using: their determinants are computed again.
CREATE TABLE billing_late_data
(
    meter_serial_no TEXT        NOT NULL,
    day             DATE        NOT NULL,
    queued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_serial_no, day)
);
