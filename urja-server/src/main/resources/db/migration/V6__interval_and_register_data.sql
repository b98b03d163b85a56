-- reading module: meter data storage.
-- Local compact ids for meters (the module keys its rows by serial number through this table, not by another
-- module's table).
CREATE TABLE reading_meter
(
    id        SERIAL PRIMARY KEY,
    serial_no TEXT NOT NULL UNIQUE
);

-- Interval data: one row per meter, channel, IST day and version, holding the day's values (channel-scaled integers)
-- and per-interval flags (see org.urja.mdms.reading.IntervalFlags) as arrays. Version 0 is what meters sent
-- (merged as increments, late and re-acquired data arrive; never overwritten by estimates or edits); versions 1..n
-- are VEE results and edits, each a full day, the highest being current.
CREATE TABLE interval_day
(
    meter_id         INT        NOT NULL,
    channel          SMALLINT   NOT NULL,
    day              DATE       NOT NULL,
    version          SMALLINT   NOT NULL,
    interval_minutes SMALLINT   NOT NULL CHECK (interval_minutes IN (15, 30)),
    vals             INT[]      NOT NULL,
    flags            SMALLINT[] NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by       TEXT,
    reason           TEXT,
    PRIMARY KEY (meter_id, channel, day, version),
    CHECK (cardinality(vals) = 1440 / interval_minutes AND cardinality(flags) = cardinality(vals))
) PARTITION BY RANGE (day);
-- Days outside the monthly partitions (created ahead by the application) land here rather than fail.
CREATE TABLE interval_day_default PARTITION OF interval_day DEFAULT;

-- Merge of newly received meter data into what is stored: a slot already present keeps its value (a differing
-- re-send is a conflict: the slot is flagged SUSPECT = 64); an empty slot takes the new value and flags.
CREATE FUNCTION reading_merge_vals(old_v INT[], old_f SMALLINT[], new_v INT[], new_f SMALLINT[]) RETURNS INT[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
SELECT array_agg(CASE WHEN (o_f & 1) = 1 OR (n_f & 1) = 0 THEN o_v ELSE n_v END ORDER BY i)
FROM unnest(old_v, old_f, new_v, new_f) WITH ORDINALITY AS t(o_v, o_f, n_v, n_f, i)
$$;
CREATE FUNCTION reading_merge_flags(old_v INT[], old_f SMALLINT[], new_v INT[], new_f SMALLINT[]) RETURNS SMALLINT[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
SELECT array_agg(CASE
                     WHEN (o_f & 1) = 1 AND (n_f & 1) = 1 AND n_v <> o_v THEN (o_f | 64)::smallint
                     WHEN (o_f & 1) = 1 THEN o_f
                     ELSE (o_f | n_f)::smallint END ORDER BY i)
FROM unnest(old_v, old_f, new_v, new_f) WITH ORDINALITY AS t(o_v, o_f, n_v, n_f, i)
$$;

-- Register reads: daily midnight snapshots, billing-profile registers, maximum demand (with when it occurred),
-- instantaneous values. Exact decimals; one row per meter, reading type and time.
CREATE TABLE register_read
(
    meter_id     INT            NOT NULL,
    reading_type TEXT           NOT NULL,
    read_at      TIMESTAMPTZ    NOT NULL,
    profile      TEXT           NOT NULL,
    value        NUMERIC(20, 6) NOT NULL,
    occurred_at  TIMESTAMPTZ,
    received_at  TIMESTAMPTZ    NOT NULL DEFAULT now(),
    message_id   TEXT           NOT NULL,
    PRIMARY KEY (meter_id, reading_type, read_at)
);

-- Which HES messages the reading module has ingested (so a redelivered event is not processed twice).
CREATE TABLE reading_ingested_message
(
    message_id  TEXT PRIMARY KEY,
    ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    slots       INT         NOT NULL,
    registers   INT         NOT NULL,
    rejected    INT         NOT NULL
);
