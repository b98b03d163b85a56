-- The payment mode each meter ran in over time (UC12.6, UC13.9, UC14.10), so rules that judge a past day (prepaid
-- daily charge of late data, replays) use that day's mode, not today's. One open row per meter once its mode has
-- changed; a meter without rows has always run in meter.payment_mode. The mode before a change is kept from
-- '-infinity' (when it began is not known).
CREATE TABLE meter_payment_mode
(
    id           BIGSERIAL PRIMARY KEY,
    meter_id     BIGINT      NOT NULL REFERENCES meter (id),
    payment_mode TEXT        NOT NULL CHECK (payment_mode IN ('PREPAID', 'POSTPAID')),
    valid_from   TIMESTAMPTZ NOT NULL,
    valid_to     TIMESTAMPTZ,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX meter_payment_mode_current ON meter_payment_mode (meter_id) WHERE valid_to IS NULL;
CREATE INDEX meter_payment_mode_history ON meter_payment_mode (meter_id, valid_from);

-- Existing meters: the mode they run in now, open since always (earlier changes were not recorded).
INSERT INTO meter_payment_mode (meter_id, payment_mode, valid_from)
SELECT id, payment_mode, '-infinity' FROM meter;

-- A meter's installations over time, by meter (the service point a meter served on a past day).
CREATE INDEX meter_installation_history ON meter_installation (meter_id, installed_at);
