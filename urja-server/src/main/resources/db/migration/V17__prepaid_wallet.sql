-- prepaid module: each prepaid consumer's wallet. The balance is derived from an append-only ledger; the account row
-- holds the running balance (updated with each entry under a row lock, so a recharge and a deduction at the same
-- moment both land exactly once) and is checkable against the sum of the entries at any time.
CREATE TABLE prepaid_account
(
    consumer_no   TEXT PRIMARY KEY,
    balance_paise BIGINT      NOT NULL DEFAULT 0,
    entries       BIGINT      NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per money movement; never updated or deleted. (consumer, kind, reference) is the idempotency key: a
-- payment reference for recharges, the day for daily charges, the day and data version for adjustments.
CREATE TABLE wallet_entry
(
    id            BIGSERIAL PRIMARY KEY,
    consumer_no   TEXT        NOT NULL REFERENCES prepaid_account (consumer_no),
    kind          TEXT        NOT NULL CHECK (kind IN ('RECHARGE', 'DAILY_CHARGE', 'ADJUSTMENT', 'ARREARS_RECOVERY',
                                                       'REFUND', 'EMERGENCY_CREDIT')),
    amount_paise  BIGINT      NOT NULL,
    balance_after BIGINT      NOT NULL,
    reference     TEXT        NOT NULL,
    day           DATE,
    detail        JSONB,
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (consumer_no, kind, reference)
);
CREATE INDEX wallet_entry_by_consumer ON wallet_entry (consumer_no, id);

-- What each prepaid consumer-day was charged on (units, version of the data, estimated intervals), so a revised day
-- is adjusted by the difference and the month's slab position is known.
CREATE TABLE prepaid_day
(
    consumer_no  TEXT        NOT NULL,
    day          DATE        NOT NULL,
    meter_serial TEXT        NOT NULL,
    data_version INT         NOT NULL,
    units        NUMERIC(14, 3) NOT NULL,
    estimated    INT         NOT NULL,
    charged_paise BIGINT     NOT NULL,
    tariff       TEXT        NOT NULL,
    charged_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_no, day)
);

-- The balance policy's memory per consumer: the lowest alert threshold already announced since the balance was last
-- above it (so each crossing is announced once), and whether the credit is exhausted (disconnection asked for).
CREATE TABLE prepaid_balance_state
(
    consumer_no        TEXT PRIMARY KEY,
    alerted_threshold  BIGINT,
    exhausted_since    TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
