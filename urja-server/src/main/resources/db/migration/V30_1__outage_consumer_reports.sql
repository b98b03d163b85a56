-- outage module: outage incidents from consumers' reports (a NO_SUPPLY complaint, UC20.4 → OMS). A report joins the
-- open outage of the consumer's meter, or the open DT/feeder outage over it; otherwise it opens a meter outage of its
-- own (source CONSUMER_REPORT, the meter's row without a last gasp) that the meter's first breath, a late last gasp
-- and a ping settle like any other.
ALTER TABLE outage ADD COLUMN source TEXT NOT NULL DEFAULT 'METER_EVENTS'
    CHECK (source IN ('METER_EVENTS', 'CONSUMER_REPORT'));

CREATE TABLE outage_report
(
    id           BIGSERIAL PRIMARY KEY,
    outage_id    BIGINT      NOT NULL REFERENCES outage (id),
    reference    TEXT        NOT NULL UNIQUE,  -- the reporter's reference, e.g. complaint:CR2611290001
    consumer_no  TEXT        NOT NULL,
    meter_serial TEXT        NOT NULL,
    reported_at  TIMESTAMPTZ NOT NULL,
    opened       BOOLEAN     NOT NULL,         -- this report opened the outage
    note         TEXT,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX outage_report_by_outage ON outage_report (outage_id);
