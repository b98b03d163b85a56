-- command module: remote commands to meters through the HES (UC3 disconnection, UC4 reconnection, UC7.4 ping,
-- UC8 configuration, UC10 time synchronisation, payment mode and credit), one row per meter, optionally in a group.
-- State machine: REQUESTED -> POLICY_CHECKED | REFUSED -> SENT -> ACKNOWLEDGED -> SUCCEEDED | FAILED | TIMED_OUT,
-- CANCELLED before sending; an undelivered send goes back to POLICY_CHECKED with next_attempt_at (bounded attempts).
CREATE TABLE command_group
(
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    control_type    TEXT        NOT NULL,
    parameters      JSONB       NOT NULL DEFAULT '{}',
    reason          TEXT        NOT NULL,
    requester_kind  TEXT        NOT NULL CHECK (requester_kind IN ('STAFF', 'SYSTEM')),
    requested_by    TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    node_code       TEXT,                  -- all meters placed under this node, or an explicit list (NULL)
    meter_count     INT         NOT NULL,
    request_hash    TEXT        NOT NULL,  -- what was asked: a re-use of the key for something else is a conflict
    requested_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (requester_kind, requested_by, idempotency_key)
);

CREATE TABLE command
(
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id           BIGINT REFERENCES command_group (id),
    meter_serial_no    TEXT        NOT NULL,
    control_type       TEXT        NOT NULL,
    parameters         JSONB       NOT NULL DEFAULT '{}',
    reason             TEXT        NOT NULL,
    requester_kind     TEXT        NOT NULL CHECK (requester_kind IN ('STAFF', 'SYSTEM')),
    requested_by       TEXT        NOT NULL,
    idempotency_key    TEXT,                  -- single commands; a group's commands share the group's key
    request_hash       TEXT,
    state              TEXT        NOT NULL CHECK (state IN ('REQUESTED', 'POLICY_CHECKED', 'REFUSED', 'SENT',
                                                             'ACKNOWLEDGED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT',
                                                             'CANCELLED')),
    state_reason       TEXT,
    refusal_rule       TEXT,                  -- the policy rule that refused it (state REFUSED)
    attempts           INT         NOT NULL DEFAULT 0,
    next_attempt_at    TIMESTAMPTZ,           -- when a POLICY_CHECKED command is (re)sent
    hes_correlation_id TEXT UNIQUE,           -- of the latest send
    requested_at       TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    completed_at       TIMESTAMPTZ,
    UNIQUE (requester_kind, requested_by, idempotency_key),
    UNIQUE (group_id, meter_serial_no)
);
CREATE INDEX command_due ON command (next_attempt_at, id) WHERE state = 'POLICY_CHECKED';
CREATE INDEX command_in_flight ON command (updated_at) WHERE state = 'SENT';
CREATE INDEX command_by_meter ON command (meter_serial_no, id DESC);
CREATE INDEX command_by_group_state ON command (group_id, state) WHERE group_id IS NOT NULL;

-- Every state change of a command: who (staff user, system module, 'policy', 'dispatcher', 'hes'), when, why.
CREATE TABLE command_event
(
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    command_id         BIGINT      NOT NULL REFERENCES command (id),
    occurred_at        TIMESTAMPTZ NOT NULL,
    from_state         TEXT,
    to_state           TEXT        NOT NULL,
    actor              TEXT        NOT NULL,
    reason             TEXT,
    attempt            INT,
    hes_correlation_id TEXT
);
CREATE INDEX command_event_by_command ON command_event (command_id, id);

-- An outcome the HES reported before the MDM recorded which command the send belonged to (the acknowledgement and
-- the outcome raced); applied when the acknowledgement is recorded.
CREATE TABLE command_early_outcome
(
    hes_correlation_id TEXT PRIMARY KEY,
    outcome            TEXT        NOT NULL,
    reason             TEXT,
    completed_at       TIMESTAMPTZ NOT NULL,
    received_at        TIMESTAMPTZ NOT NULL
);

-- What the MDM knows of each meter from confirmed (SUCCEEDED) commands only: relay, payment mode, configuration
-- values, last time sync, ... one row per meter and property; changed_at is when the meter carried it out, so a
-- confirmation arriving late never overwrites a newer one.
CREATE TABLE meter_state
(
    meter_serial_no TEXT        NOT NULL,
    property        TEXT        NOT NULL,
    value           TEXT        NOT NULL,
    changed_at      TIMESTAMPTZ NOT NULL,
    command_id      BIGINT      NOT NULL,
    PRIMARY KEY (meter_serial_no, property)
);
CREATE INDEX meter_state_by_value ON meter_state (property, value);

-- Disconnection policy: public holidays (no disconnection) and protected meters (e.g. medical need).
CREATE TABLE command_holiday
(
    day    DATE PRIMARY KEY,
    name   TEXT        NOT NULL,
    set_by TEXT        NOT NULL,
    set_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE protected_meter
(
    meter_serial_no TEXT PRIMARY KEY,
    reason          TEXT        NOT NULL,
    set_by          TEXT        NOT NULL,
    set_at          TIMESTAMPTZ NOT NULL
);
