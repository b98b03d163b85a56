-- firmware module (UC8): firmware images, campaigns that upgrade meters in waves, configuration profiles applied
-- to meters and verified by reading the values back.

-- An image as the vendor delivered it, for one make and the meter models it names. The bytes are kept here, so the
-- HES fetches exactly what staff uploaded (GET /api/v1/hes/firmware-images/{id}/content).
CREATE TABLE firmware_image
(
    id          BIGSERIAL PRIMARY KEY,
    make        TEXT        NOT NULL,
    version     TEXT        NOT NULL,
    models      TEXT[]      NOT NULL CHECK (cardinality(models) > 0),
    sha256      TEXT        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes  INT         NOT NULL CHECK (size_bytes > 0),
    content     BYTEA       NOT NULL CHECK (octet_length(content) = size_bytes),
    notes       TEXT,
    uploaded_by TEXT        NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX firmware_image_make_version ON firmware_image (lower(make), version);

-- A campaign upgrades its meters wave by wave (the first wave a pilot); a wave whose failed and timed-out share is
-- above the threshold halts it. Advanced under a row lock (FOR UPDATE SKIP LOCKED), from CommandCompleted events
-- and a periodic check, so any node may advance it and a crash loses nothing.
CREATE TABLE firmware_campaign
(
    id                        BIGSERIAL PRIMARY KEY,
    name                      TEXT        NOT NULL,
    image_id                  BIGINT      NOT NULL REFERENCES firmware_image (id),
    node_code                 TEXT,
    pilot_size                INT         NOT NULL CHECK (pilot_size > 0),
    wave_size                 INT         NOT NULL CHECK (wave_size > 0),
    failure_threshold_percent INT         NOT NULL CHECK (failure_threshold_percent BETWEEN 0 AND 100),
    state                     TEXT        NOT NULL CHECK (state IN ('RUNNING', 'HALTED', 'COMPLETED', 'CANCELLED')),
    state_reason              TEXT,
    wave_count                INT         NOT NULL,
    meter_count               INT         NOT NULL,
    skipped_count             INT         NOT NULL,
    reason                    TEXT        NOT NULL,
    created_by                TEXT        NOT NULL,
    idempotency_key           TEXT        NOT NULL,
    request_hash              TEXT        NOT NULL,
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    UNIQUE (created_by, idempotency_key)
);
CREATE INDEX firmware_campaign_running ON firmware_campaign (id) WHERE state = 'RUNNING';

CREATE TABLE firmware_campaign_wave
(
    campaign_id      BIGINT      NOT NULL REFERENCES firmware_campaign (id),
    wave             INT         NOT NULL,
    meter_count      INT         NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('PENDING', 'SENT', 'DONE', 'CANCELLED')),
    command_group_id BIGINT UNIQUE,
    sent_at          TIMESTAMPTZ,
    closed_at        TIMESTAMPTZ,
    failed_at_close  INT,
    PRIMARY KEY (campaign_id, wave)
);

-- One row per meter asked for: its wave (null when skipped), where it stands, why, and its command.
CREATE TABLE firmware_campaign_meter
(
    campaign_id    BIGINT      NOT NULL REFERENCES firmware_campaign (id),
    meter_serial   TEXT        NOT NULL,
    wave           INT,
    status         TEXT        NOT NULL CHECK (status IN ('PENDING', 'SKIPPED', 'SENT', 'SUCCEEDED', 'FAILED',
                                                          'TIMED_OUT', 'REFUSED', 'CANCELLED')),
    reason         TEXT,
    make           TEXT        NOT NULL,
    model          TEXT        NOT NULL,
    version_before TEXT,
    command_id     BIGINT,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (campaign_id, meter_serial),
    CHECK ((wave IS NULL) = (status = 'SKIPPED'))
);
CREATE INDEX firmware_campaign_meter_by_wave ON firmware_campaign_meter (campaign_id, wave, status);

-- A named set of settings; immutable once created (a changed configuration is a new profile).
CREATE TABLE configuration_profile
(
    id                         BIGSERIAL PRIMARY KEY,
    name                       TEXT        NOT NULL UNIQUE,
    description                TEXT,
    load_limit_kw              NUMERIC(9, 3) CHECK (load_limit_kw > 0),
    demand_integration_minutes SMALLINT CHECK (demand_integration_minutes IN (15, 30)),
    profile_capture_minutes    SMALLINT CHECK (profile_capture_minutes IN (15, 30)),
    event_priorities           JSONB       NOT NULL DEFAULT '{}',
    created_by                 TEXT        NOT NULL,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A profile applied to meters: one command group per setting, then one on-demand INSTANTANEOUS read of the meters
-- whose commands all succeeded; each meter ends VERIFIED, MISMATCH, COMMAND_FAILED or READ_FAILED.
CREATE TABLE configuration_application
(
    id                  BIGSERIAL PRIMARY KEY,
    profile_id          BIGINT      NOT NULL REFERENCES configuration_profile (id),
    node_code           TEXT,
    meter_count         INT         NOT NULL,
    state               TEXT        NOT NULL CHECK (state IN ('APPLYING', 'READING_BACK', 'DONE')),
    read_correlation_id TEXT UNIQUE,
    reason              TEXT        NOT NULL,
    requested_by        TEXT        NOT NULL,
    idempotency_key     TEXT        NOT NULL,
    request_hash        TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    completed_at        TIMESTAMPTZ,
    UNIQUE (requested_by, idempotency_key)
);
CREATE INDEX configuration_application_open ON configuration_application (id) WHERE state <> 'DONE';

CREATE TABLE configuration_application_command
(
    application_id   BIGINT NOT NULL REFERENCES configuration_application (id),
    setting          TEXT   NOT NULL,
    control_type     TEXT   NOT NULL,
    parameters       JSONB  NOT NULL,
    command_group_id BIGINT NOT NULL UNIQUE,
    PRIMARY KEY (application_id, setting)
);

CREATE TABLE configuration_application_meter
(
    application_id BIGINT      NOT NULL REFERENCES configuration_application (id),
    meter_serial   TEXT        NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('APPLYING', 'COMMAND_FAILED', 'READING_BACK', 'VERIFIED',
                                                          'MISMATCH', 'READ_FAILED')),
    reason         TEXT,
    read_back      JSONB,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, meter_serial)
);
