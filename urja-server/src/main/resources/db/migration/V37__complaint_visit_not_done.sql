-- care module: a complaint visit the field force could not carry out (work order completed NOT_DONE or NO_ACCESS)
-- sends the complaint back to the care desk as VISIT_NOT_DONE instead of resolving it: still waiting (its SLA runs
-- and the sweep escalates it) until the desk raises a new visit or resolves it.
ALTER TABLE complaint
    DROP CONSTRAINT complaint_status_check,
    ADD CONSTRAINT complaint_status_check
        CHECK (status IN ('REGISTERED', 'ROUTED', 'RESOLVED', 'CLOSED', 'REOPENED', 'VISIT_NOT_DONE'));

DROP INDEX complaint_pending;
CREATE INDEX complaint_pending ON complaint (due_at) WHERE status IN ('REGISTERED', 'ROUTED', 'REOPENED', 'VISIT_NOT_DONE');
