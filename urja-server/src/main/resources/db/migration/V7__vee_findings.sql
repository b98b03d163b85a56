-- vee module: validation findings of the latest VEE run per meter, channel and day (the exception work queue).
CREATE TABLE vee_finding
(
    id            BIGSERIAL PRIMARY KEY,
    meter_serial  TEXT        NOT NULL,
    channel       SMALLINT    NOT NULL,
    day           DATE        NOT NULL,
    rule          TEXT        NOT NULL,
    severity      TEXT        NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'ERROR')),
    from_slot     INT         NOT NULL,
    to_slot       INT         NOT NULL,
    reason        TEXT        NOT NULL,
    status        TEXT        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX vee_finding_by_day ON vee_finding (meter_serial, channel, day);
CREATE INDEX vee_finding_open ON vee_finding (severity, day) WHERE status = 'OPEN';

-- vee module: which days the daily run has taken on (one node per day).
CREATE TABLE vee_daily_run
(
    day         DATE PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);
