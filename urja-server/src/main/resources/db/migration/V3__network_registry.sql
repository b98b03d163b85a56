-- network module: the metering network registry (UC11).
-- Electrical hierarchy circle > division > sub-division > substation > feeder > distribution transformer (DT).
CREATE TABLE network_node
(
    id         BIGSERIAL PRIMARY KEY,
    level      TEXT        NOT NULL CHECK (level IN ('CIRCLE', 'DIVISION', 'SUBDIVISION', 'SUBSTATION', 'FEEDER', 'DT')),
    code       TEXT        NOT NULL UNIQUE,
    name       TEXT        NOT NULL,
    parent_id  BIGINT REFERENCES network_node (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((level = 'CIRCLE') = (parent_id IS NULL))
);
CREATE INDEX network_node_by_parent ON network_node (parent_id);

-- Data concentrator units, located at a DT.
CREATE TABLE dcu
(
    id         BIGSERIAL PRIMARY KEY,
    code       TEXT        NOT NULL UNIQUE,
    dt_id      BIGINT      NOT NULL REFERENCES network_node (id),
    active     BOOLEAN     NOT NULL DEFAULT TRUE,
    added_at   TIMESTAMPTZ NOT NULL,
    removed_at TIMESTAMPTZ
);

CREATE TABLE meter
(
    id               BIGSERIAL PRIMARY KEY,
    serial_no        TEXT           NOT NULL UNIQUE,
    manufacturer     TEXT           NOT NULL,
    category         TEXT           NOT NULL CHECK (category IN ('SINGLE_PHASE_WC', 'THREE_PHASE_WC', 'LT_CT', 'HT_CT')),
    firmware_version TEXT,
    multiplier       NUMERIC(12, 4) NOT NULL DEFAULT 1 CHECK (multiplier > 0),
    interval_minutes SMALLINT       NOT NULL CHECK (interval_minutes IN (15, 30)),
    payment_mode     TEXT           NOT NULL CHECK (payment_mode IN ('PREPAID', 'POSTPAID')),
    relay_capable    BOOLEAN        NOT NULL,
    comm_path        TEXT           NOT NULL CHECK (comm_path IN ('RF_MESH', 'CELLULAR')),
    role             TEXT           NOT NULL CHECK (role IN ('CONSUMER', 'DT_BOUNDARY', 'FEEDER_BOUNDARY')),
    created_at       TIMESTAMPTZ    NOT NULL DEFAULT now(),
    -- IS 15959 Part 3: CT-operated meters have no connect/disconnect relay.
    CHECK (NOT relay_capable OR category IN ('SINGLE_PHASE_WC', 'THREE_PHASE_WC'))
);

-- Where a meter sits in the network over time: its DT (or feeder, for a feeder boundary meter) and DCU.
CREATE TABLE meter_placement
(
    id         BIGSERIAL PRIMARY KEY,
    meter_id   BIGINT      NOT NULL REFERENCES meter (id),
    node_id    BIGINT      NOT NULL REFERENCES network_node (id),
    dcu_id     BIGINT REFERENCES dcu (id),
    valid_from TIMESTAMPTZ NOT NULL,
    valid_to   TIMESTAMPTZ,
    reason     TEXT        NOT NULL,
    message_id TEXT,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX meter_placement_current ON meter_placement (meter_id) WHERE valid_to IS NULL;
CREATE INDEX meter_placement_by_node ON meter_placement (node_id) WHERE valid_to IS NULL;
CREATE INDEX meter_placement_by_dcu ON meter_placement (dcu_id) WHERE valid_to IS NULL;
CREATE INDEX meter_placement_history ON meter_placement (meter_id, valid_from);

-- Service point: the premises supply point of one consumer account (consumer number owned by the customer module).
CREATE TABLE service_point
(
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT        NOT NULL UNIQUE,
    consumer_no TEXT        NOT NULL,
    address     TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX service_point_by_consumer ON service_point (consumer_no);

-- Which meter serves which service point, over time (a meter change keeps the old row).
CREATE TABLE meter_installation
(
    id               BIGSERIAL PRIMARY KEY,
    service_point_id BIGINT      NOT NULL REFERENCES service_point (id),
    meter_id         BIGINT      NOT NULL REFERENCES meter (id),
    installed_at     TIMESTAMPTZ NOT NULL,
    removed_at       TIMESTAMPTZ,
    initial_reading_kwh NUMERIC(14, 3),
    final_reading_kwh   NUMERIC(14, 3),
    CHECK (removed_at IS NULL OR removed_at >= installed_at)
);
CREATE UNIQUE INDEX meter_installation_current_meter ON meter_installation (meter_id) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX meter_installation_current_sp ON meter_installation (service_point_id) WHERE removed_at IS NULL;

-- Network change messages from the HES already applied (idempotency by message id).
CREATE TABLE network_change_message
(
    message_id     TEXT PRIMARY KEY,
    source         TEXT        NOT NULL,
    change_type    TEXT        NOT NULL,
    payload_sha256 TEXT        NOT NULL,
    outcome        TEXT        NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
