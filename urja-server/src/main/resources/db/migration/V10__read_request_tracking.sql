-- hes module: what each read request (on-demand read, re-acquisition) obtained, meter by meter. A meter is REQUESTED
-- until data arrives under the request's correlation id (RECEIVED, with what arrived), the HES reports it unreadable
-- (FAILED, with the HES's outcome and reason) or nothing arrives within urja.hes.read-timeout (TIMED_OUT). A late
-- answer from the HES replaces FAILED/TIMED_OUT. The request is complete once no meter is REQUESTED.
ALTER TABLE hes_outbound_request ADD COLUMN reads_completed_at TIMESTAMPTZ;
CREATE INDEX hes_outbound_request_reads_open ON hes_outbound_request (requested_at)
    WHERE kind = 'READ' AND reads_completed_at IS NULL;

CREATE TABLE hes_read_request_meter
(
    correlation_id    TEXT        NOT NULL REFERENCES hes_outbound_request (correlation_id),
    meter_serial_no   TEXT        NOT NULL,
    state             TEXT        NOT NULL DEFAULT 'REQUESTED'
        CHECK (state IN ('REQUESTED', 'RECEIVED', 'FAILED', 'TIMED_OUT')),
    interval_readings INT         NOT NULL DEFAULT 0,   -- interval values (every channel) received
    register_readings INT         NOT NULL DEFAULT 0,   -- register / instantaneous values received
    events            INT         NOT NULL DEFAULT 0,   -- event-log entries received (requests with includeEvents)
    profiles          TEXT[]      NOT NULL DEFAULT '{}', -- profiles seen in the MeterReadings received
    first_arrival_at  TIMESTAMPTZ,
    last_arrival_at   TIMESTAMPTZ,
    hes_outcome       TEXT,                             -- FAILED / TIMED_OUT as the HES reported an unreadable meter
    reason            TEXT,
    state_changed_at  TIMESTAMPTZ,
    PRIMARY KEY (correlation_id, meter_serial_no)
);

-- Read requests sent before this migration: their meters' outcome as far as the stored messages tell it (counts were
-- not recorded), closed without announcing them.
INSERT INTO hes_read_request_meter (correlation_id, meter_serial_no, state, reason, state_changed_at)
SELECT r.correlation_id, s.serial,
       CASE
           WHEN EXISTS (SELECT 1 FROM hes_inbound_message i
                        WHERE i.correlation_id = r.correlation_id AND i.noun <> 'EndDeviceControlResults'
                          AND s.serial = ANY (i.meter_serials)) THEN 'RECEIVED'
           WHEN EXISTS (SELECT 1 FROM hes_inbound_message i
                        WHERE i.correlation_id = r.correlation_id AND i.noun = 'EndDeviceControlResults'
                          AND s.serial = ANY (i.meter_serials)) THEN 'FAILED'
           ELSE 'TIMED_OUT' END,
       'requested before per-meter tracking (V10): counts not recorded', now()
FROM hes_outbound_request r
         CROSS JOIN LATERAL (SELECT DISTINCT unnest(r.meter_serials)) AS s(serial)
WHERE r.kind = 'READ';
UPDATE hes_outbound_request SET reads_completed_at = now() WHERE kind = 'READ';
