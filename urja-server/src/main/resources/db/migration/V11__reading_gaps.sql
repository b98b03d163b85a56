-- reading module: meter-days with missing kWh intervals after the collection window, and what was done about them:
-- re-acquisition requested from the HES (bounded attempts), then RECOVERED (complete) or GAVE_UP (VEE estimates).
CREATE TABLE reading_gap
(
    meter_serial        TEXT        NOT NULL,
    day                 DATE        NOT NULL,
    expected            INT         NOT NULL,
    missing             INT         NOT NULL,
    first_missing_ranges TEXT       NOT NULL,
    attempts            INT         NOT NULL DEFAULT 0,
    status              TEXT        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RECOVERED', 'GAVE_UP')),
    detected_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_requested_at   TIMESTAMPTZ,
    last_correlation_id TEXT,
    closed_at           TIMESTAMPTZ,
    PRIMARY KEY (meter_serial, day)
);
CREATE INDEX reading_gap_open ON reading_gap (day) WHERE status = 'OPEN';

-- reading module: which hourly gap checks a node has taken on (one node per hour).
CREATE TABLE reading_gap_run
(
    run        TEXT PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
