-- Built-in postpaid bills (issue 7 part 3): bills and their revisions, gap-free bill numbers, each consumer's account
-- (bills, revisions, payments) and the service points a bill run held back.

-- One row per bill issued. A revision is a new row (bill_no <original>-R<n>) and the bill it replaces is kept with
-- superseded_by set: at most one current bill per service point and period.
CREATE TABLE bill
(
    bill_no               TEXT PRIMARY KEY,
    original_bill_no      TEXT        NOT NULL,
    revision              INT         NOT NULL,
    consumer_no           TEXT        NOT NULL,
    service_point_code    TEXT        NOT NULL,
    group_code            TEXT        NOT NULL,
    period                DATE        NOT NULL,
    determinants_version  INT         NOT NULL,
    tariff_category       TEXT        NOT NULL,
    bill_date             DATE        NOT NULL,
    due_date              DATE        NOT NULL,
    current_paise         BIGINT      NOT NULL,
    arrears_paise         BIGINT      NOT NULL,
    lps_paise             BIGINT      NOT NULL,
    rounding_paise        BIGINT      NOT NULL,
    payable_paise         BIGINT      NOT NULL,
    -- the position in the consumer's account from which payments count towards this bill (the original's entry)
    anchor_entry_id       BIGINT      NOT NULL,
    superseded_by         TEXT,
    superseded_at         TIMESTAMPTZ,
    revision_due_version  INT,
    issued_by             TEXT        NOT NULL,
    issued_at             TIMESTAMPTZ NOT NULL,
    body                  JSONB       NOT NULL
);

CREATE UNIQUE INDEX bill_current_per_period ON bill (service_point_code, period) WHERE superseded_by IS NULL;
CREATE INDEX bill_of_consumer ON bill (consumer_no, period DESC, revision DESC);
CREATE INDEX bill_of_cycle ON bill (group_code, period);

-- Bill numbers: one counter per utility, incremented in the issuing transaction (row locked until it commits), so
-- numbers have no gaps: a rolled-back bill run gives its numbers back.
CREATE TABLE bill_number_counter
(
    name    TEXT PRIMARY KEY,
    last_no BIGINT NOT NULL
);

-- A consumer's account: + what a bill (or a revision's difference) adds, − a payment. The balance before a bill is
-- its arrears. reference makes every posting idempotent (bill:<no>, payment:<order id>).
CREATE TABLE bill_account_entry
(
    id           BIGSERIAL PRIMARY KEY,
    consumer_no  TEXT        NOT NULL,
    kind         TEXT        NOT NULL CHECK (kind IN ('BILL', 'REVISION', 'PAYMENT')),
    amount_paise BIGINT      NOT NULL,
    bill_no      TEXT        NOT NULL,
    reference    TEXT        NOT NULL UNIQUE,
    detail       TEXT,
    posted_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX bill_account_entry_consumer ON bill_account_entry (consumer_no, id);

-- Service points a bill run did not bill, with why (INCOMPLETE determinants, none issued, no tariff …); replaced by
-- each run, removed when the service point is billed.
CREATE TABLE bill_hold
(
    group_code         TEXT        NOT NULL,
    period             DATE        NOT NULL,
    service_point_code TEXT        NOT NULL,
    consumer_no        TEXT,
    reason             TEXT        NOT NULL,
    held_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_code, period, service_point_code)
);
