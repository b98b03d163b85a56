-- workorder module: a general work-force management (WFM) work order for any originating flow (new connection,
-- complaint, service request, tamper, migration): eight types, four priorities with a due time, an origin reference
-- (one order per reference), crews, and the field states EN_ROUTE and IN_PROGRESS. OPEN is the RAISED state.
ALTER TABLE work_order DROP CONSTRAINT work_order_type_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_type_check CHECK (type IN ('METER_INSTALLATION', 'METER_REPLACEMENT',
    'TAMPER_INSPECTION', 'COMPLAINT_VISIT', 'METER_TESTING', 'PHYSICAL_DISCONNECTION', 'PHYSICAL_RECONNECTION',
    'SITE_SURVEY'));
ALTER TABLE work_order DROP CONSTRAINT work_order_priority_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_priority_check CHECK (priority IN ('EMERGENCY', 'HIGH', 'NORMAL', 'LOW'));
ALTER TABLE work_order DROP CONSTRAINT work_order_status_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_status_check
    CHECK (status IN ('OPEN', 'ASSIGNED', 'EN_ROUTE', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'));
ALTER TABLE work_order DROP CONSTRAINT work_order_outcome_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_outcome_check
    CHECK (outcome IN ('TAMPER_CONFIRMED', 'NO_TAMPER', 'METER_FAULTY', 'NO_ACCESS', 'DONE', 'NOT_DONE'));
-- A new connection's installation or a complaint visit has no meter yet.
ALTER TABLE work_order ALTER COLUMN meter_serial DROP NOT NULL;
ALTER TABLE work_order
    ADD COLUMN description TEXT,
    ADD COLUMN crew_code   TEXT;
-- An installation order is completed by its installation report, any other order with an outcome.
ALTER TABLE work_order DROP CONSTRAINT work_order_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_check CHECK (CASE type
    WHEN 'METER_INSTALLATION' THEN outcome IS NULL AND (status = 'COMPLETED') = (installed_meter_serial IS NOT NULL)
    ELSE (status = 'COMPLETED') = (outcome IS NOT NULL) END);
-- One open inspection per meter and tamper code, whichever field state it is in.
DROP INDEX work_order_one_open_inspection;
CREATE UNIQUE INDEX work_order_one_open_inspection ON work_order (meter_serial, tamper_code)
    WHERE type = 'TAMPER_INSPECTION' AND status NOT IN ('COMPLETED', 'CANCELLED');
CREATE INDEX work_order_by_crew ON work_order (crew_code, status) WHERE crew_code IS NOT NULL;

-- Field crews work orders are assigned to.
CREATE TABLE work_crew
(
    code       TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    members    TEXT[]      NOT NULL DEFAULT '{}',
    phone      TEXT,
    area       TEXT,           -- e.g. the network node (sub-division, feeder) the crew serves
    active     BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT        NOT NULL
);
