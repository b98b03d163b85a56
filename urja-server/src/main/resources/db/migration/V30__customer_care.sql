-- care module: consumer service requests (UC19) and complaints (UC20). Each has a number the consumer is told (SRN,
-- CRN: prefix, IST day, per-day sequence), an SLA due time with a breach flag and escalation level, and a history row
-- for every state change (who, when, note). Creation is idempotent per requester and idempotency key.

-- Per-day sequences of SRNs and CRNs (SR2611290001): one row per prefix and IST day, incremented in the creating
-- transaction (the row lock makes concurrent creations on any node take distinct numbers).
CREATE TABLE care_number
(
    prefix TEXT NOT NULL,
    day    DATE NOT NULL,
    last   INT  NOT NULL,
    PRIMARY KEY (prefix, day)
);

CREATE TABLE service_request
(
    id               BIGSERIAL PRIMARY KEY,
    srn              TEXT        NOT NULL UNIQUE,
    type             TEXT        NOT NULL,
    consumer_no      TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED')),
    details          JSONB       NOT NULL DEFAULT '{}',  -- the fields the type needs (new name, address, load …)
    description      TEXT,
    channel          TEXT        NOT NULL,                -- PORTAL, STAFF, CALL_CENTRE …
    requested_by     TEXT        NOT NULL,                -- a staff user, or consumer:<no> from the portal
    idempotency_key  TEXT        NOT NULL,
    request_hash     TEXT        NOT NULL,
    sla_minutes      INT         NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    breached_at      TIMESTAMPTZ,                         -- when the sweep found it past due_at and not resolved
    escalation_level SMALLINT    NOT NULL DEFAULT 0,
    escalated_at     TIMESTAMPTZ,
    assignee         TEXT,
    target_reference TEXT,                                -- what carries it out elsewhere, e.g. migration:12
    resolution       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    resolved_at      TIMESTAMPTZ,
    closed_at        TIMESTAMPTZ,
    UNIQUE (requested_by, idempotency_key)
);
CREATE INDEX service_request_by_consumer ON service_request (consumer_no, id);
CREATE INDEX service_request_pending ON service_request (due_at) WHERE status IN ('OPEN', 'IN_PROGRESS');
CREATE INDEX service_request_resolved ON service_request (resolved_at) WHERE status = 'RESOLVED';

CREATE TABLE service_request_history
(
    id                 BIGSERIAL PRIMARY KEY,
    service_request_id BIGINT      NOT NULL REFERENCES service_request (id),
    status             TEXT        NOT NULL,
    action             TEXT        NOT NULL,
    note               TEXT,
    actor              TEXT        NOT NULL,
    at                 TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_request_history_by_request ON service_request_history (service_request_id, id);

CREATE TABLE complaint
(
    id               BIGSERIAL PRIMARY KEY,
    crn              TEXT        NOT NULL UNIQUE,
    category         TEXT        NOT NULL,
    consumer_no      TEXT        NOT NULL,
    meter_serial     TEXT,
    description      TEXT        NOT NULL,
    channel          TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('REGISTERED', 'ROUTED', 'RESOLVED', 'CLOSED', 'REOPENED')),
    route            TEXT        NOT NULL CHECK (route IN ('OMS', 'WFM', 'BILLING_DESK', 'CARE_DESK')),
    target_reference TEXT,                                -- outage:<id>, work-order:<id>, or the desk
    route_round      INT         NOT NULL DEFAULT 1,      -- 1, then one more per re-opening
    requested_by     TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    request_hash     TEXT        NOT NULL,
    sla_minutes      INT         NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    breached_at      TIMESTAMPTZ,
    escalation_level SMALLINT    NOT NULL DEFAULT 0,
    escalated_at     TIMESTAMPTZ,
    resolution       TEXT,
    resolved_by      TEXT,
    reopen_count     INT         NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    resolved_at      TIMESTAMPTZ,
    closed_at        TIMESTAMPTZ,
    UNIQUE (requested_by, idempotency_key)
);
CREATE INDEX complaint_by_consumer ON complaint (consumer_no, id);
CREATE INDEX complaint_by_target ON complaint (route, target_reference) WHERE status IN ('ROUTED', 'REOPENED');
CREATE INDEX complaint_pending ON complaint (due_at) WHERE status IN ('REGISTERED', 'ROUTED', 'REOPENED');
CREATE INDEX complaint_resolved ON complaint (resolved_at) WHERE status = 'RESOLVED';

CREATE TABLE complaint_history
(
    id           BIGSERIAL PRIMARY KEY,
    complaint_id BIGINT      NOT NULL REFERENCES complaint (id),
    status       TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    note         TEXT,
    actor        TEXT        NOT NULL,
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaint_history_by_complaint ON complaint_history (complaint_id, id);
