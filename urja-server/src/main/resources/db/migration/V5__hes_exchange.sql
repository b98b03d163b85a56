-- access module: signatures of signed integration requests already accepted, for replay protection.
CREATE TABLE integration_request_signature
(
    signature   TEXT PRIMARY KEY,
    key_id      TEXT        NOT NULL,
    accepted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX integration_request_signature_by_time ON integration_request_signature (accepted_at);

-- hes module: every message received from the HES, stored before it is acknowledged (as validated JSON).
CREATE TABLE hes_inbound_message
(
    message_id     TEXT PRIMARY KEY,
    noun           TEXT        NOT NULL CHECK (noun IN ('MeterReadings', 'EndDeviceEvents', 'EndDeviceControlResults')),
    source         TEXT        NOT NULL,
    correlation_id TEXT,
    sent_at        TIMESTAMPTZ NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    payload_sha256 TEXT        NOT NULL,
    meter_serials  TEXT[]      NOT NULL,
    item_count     INT         NOT NULL,
    payload        JSONB       NOT NULL
);
CREATE INDEX hes_inbound_message_by_noun_time ON hes_inbound_message (noun, received_at DESC);
CREATE INDEX hes_inbound_message_by_meter ON hes_inbound_message USING gin (meter_serials);
CREATE INDEX hes_inbound_message_by_correlation ON hes_inbound_message (correlation_id) WHERE correlation_id IS NOT NULL;

-- hes module: every request the MDM sends to the HES (commands, read requests) and its outcome.
CREATE TABLE hes_outbound_request
(
    correlation_id TEXT PRIMARY KEY,
    message_id     TEXT        NOT NULL UNIQUE,
    kind           TEXT        NOT NULL CHECK (kind IN ('CONTROL', 'READ')),
    meter_serials  TEXT[]      NOT NULL,
    control_type   TEXT,
    payload        JSONB       NOT NULL,
    requested_by   TEXT        NOT NULL,
    requested_at   TIMESTAMPTZ NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('PENDING', 'ACKNOWLEDGED', 'REJECTED', 'UNDELIVERED', 'COMPLETED')),
    status_reason  TEXT,
    attempts       INT         NOT NULL DEFAULT 0,
    acknowledged_at TIMESTAMPTZ,
    outcome        TEXT CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT')),
    outcome_reason TEXT,
    outcome_by_mdm BOOLEAN     NOT NULL DEFAULT FALSE, -- TIMED_OUT decided here; a late HES outcome replaces it
    request_key    TEXT UNIQUE,                        -- caller's idempotency key
    completed_at   TIMESTAMPTZ
);
CREATE INDEX hes_outbound_request_open ON hes_outbound_request (requested_at) WHERE status IN ('PENDING', 'ACKNOWLEDGED');
CREATE INDEX hes_outbound_request_acknowledged ON hes_outbound_request (acknowledged_at) WHERE status = 'ACKNOWLEDGED';
CREATE INDEX hes_outbound_request_by_meter ON hes_outbound_request USING gin (meter_serials);
