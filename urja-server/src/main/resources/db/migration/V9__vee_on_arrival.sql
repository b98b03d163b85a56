-- vee module: meter-days whose data arrived and wait for VEE. One node takes a batch at a time (FOR UPDATE SKIP
-- LOCKED); a day is taken once it is over (IST) and quiet for a settle time, so a day pushed in parts is validated
-- once, and a late part re-queues it.
CREATE TABLE vee_pending
(
    meter_serial TEXT        NOT NULL,
    day          DATE        NOT NULL,
    queued_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_serial, day)
);
CREATE INDEX vee_pending_by_day ON vee_pending (day, queued_at);

-- vee module: the latest VEE outcome of each meter-day (kWh import), i.e. what downstream modules were told in
-- DailyDataValidated; revisions counts how often it changed after the first time (late data, re-acquisition).
CREATE TABLE vee_day
(
    meter_serial TEXT        NOT NULL,
    day          DATE        NOT NULL,
    version      INT         NOT NULL,
    kwh_wh       BIGINT      NOT NULL,
    actual       INT         NOT NULL,
    estimated    INT         NOT NULL,
    edited       INT         NOT NULL,
    missing      INT         NOT NULL,
    errors       INT         NOT NULL,
    revisions    INT         NOT NULL DEFAULT 0,
    validated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_serial, day)
);
CREATE INDEX vee_day_by_day ON vee_day (day);

-- vee module: how an exception was closed (approved as is, or edited), by whom and why.
ALTER TABLE vee_finding
    ADD COLUMN resolved_by TEXT,
    ADD COLUMN resolved_at TIMESTAMPTZ,
    ADD COLUMN resolution  TEXT;
