-- prepaid module: emergency credit and its recovery, the grace period after credit is exhausted, and the balance
-- pushed to meters that keep one (UC17.5).

-- Emergency credit is a loan posted as EMERGENCY_CREDIT and paid back from the next recharge(s) as
-- EMERGENCY_RECOVERY entries (reference: the recharge's payment reference).
ALTER TABLE wallet_entry DROP CONSTRAINT wallet_entry_kind_check;
ALTER TABLE wallet_entry ADD CONSTRAINT wallet_entry_kind_check
    CHECK (kind IN ('RECHARGE', 'DAILY_CHARGE', 'ADJUSTMENT', 'ARREARS_RECOVERY', 'REFUND', 'EMERGENCY_CREDIT',
                    'EMERGENCY_RECOVERY'));

-- meter_serial: the meter the supply rules act on (the one last charged), so the disconnection vetoes find a
-- consumer's state from the meter of a command. grace_until: no disconnection before it (set when the credit is
-- exhausted, cleared when it is restored). emergency_outstanding_paise: emergency credit not yet recovered.
ALTER TABLE prepaid_balance_state
    ADD COLUMN meter_serial                TEXT,
    ADD COLUMN grace_until                 TIMESTAMPTZ,
    ADD COLUMN emergency_outstanding_paise BIGINT NOT NULL DEFAULT 0 CHECK (emergency_outstanding_paise >= 0),
    ADD COLUMN emergency_taken_at          TIMESTAMPTZ;
CREATE INDEX prepaid_balance_state_meter ON prepaid_balance_state (meter_serial);

-- The balance each consumer's meter should show, for meters that keep one. Every posting bumps version; the pusher
-- sends the current balance when version > pushed_version and no earlier push is still in flight, so a burst of
-- postings is one command (the latest balance), and the idempotency key (consumer, version) makes a retried push
-- the same command. The command's outcome confirms it.
CREATE TABLE prepaid_meter_credit
(
    consumer_no       TEXT PRIMARY KEY,
    meter_serial      TEXT        NOT NULL,
    version           BIGINT      NOT NULL DEFAULT 1,
    pushed_version    BIGINT      NOT NULL DEFAULT 0,
    pushed_paise      BIGINT,
    command_id        BIGINT,
    in_flight_since   TIMESTAMPTZ,
    outcome           TEXT,
    confirmed_paise   BIGINT,
    confirmed_at      TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX prepaid_meter_credit_due ON prepaid_meter_credit (consumer_no) WHERE version > pushed_version;
CREATE INDEX prepaid_meter_credit_command ON prepaid_meter_credit (command_id);
