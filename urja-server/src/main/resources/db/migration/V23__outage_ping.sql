-- outage module: restoration confirmed by pinging the meters still out (UC7.4-7.5). A meter that answers a ping is
-- live again even if its first breath (102) never arrived; an outage whose meters are all back that way is RESTORED
-- with restored_by = PING (ended_at is then when the ping answered: the real restoration was at or before it).
ALTER TABLE outage ADD COLUMN restored_by TEXT CHECK (restored_by IN ('FIRST_BREATH', 'PING'));
ALTER TABLE outage_meter ADD COLUMN live_by_ping_at TIMESTAMPTZ;

CREATE TABLE outage_ping
(
    id               BIGSERIAL PRIMARY KEY,
    outage_id        BIGINT      NOT NULL REFERENCES outage (id),
    round            INT         NOT NULL,
    command_group_id BIGINT      NOT NULL,
    meters           INT         NOT NULL,
    requested_by     TEXT        NOT NULL,
    requested_at     TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ,
    live             INT,
    dead             INT,
    UNIQUE (outage_id, round)
);
CREATE INDEX outage_ping_pending ON outage_ping (requested_at) WHERE completed_at IS NULL;
