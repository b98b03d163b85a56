-- operations dashboard (issue 10): the command queue's counts read indexes, not the whole command table.
-- Commands requested since the start of the day, per state.
CREATE INDEX command_by_requested_at ON command (requested_at);
-- Commands not yet final (ACKNOWLEDGED had no index of its own), whenever requested.
CREATE INDEX command_open_states ON command (state)
    WHERE state IN ('REQUESTED', 'POLICY_CHECKED', 'SENT', 'ACKNOWLEDGED');
-- Recent critical device events, newest first.
CREATE INDEX device_event_by_severity ON device_event (severity, occurred_at);
