-- payment module: online payments of prepaid recharges (UC17.2-17.4) and bills (UC18.3-18.6) through a payment
-- gateway. One order per payment asked for; every payment the gateway reports for it is an attempt (keyed by the
-- gateway's payment id, so a callback, a webhook and their duplicates post once); every change is an event.
CREATE TABLE payment_order
(
    id               BIGSERIAL PRIMARY KEY,
    purpose          TEXT        NOT NULL CHECK (purpose IN ('PREPAID_RECHARGE', 'BILL_PAYMENT')),
    consumer_no      TEXT        NOT NULL,
    bill_reference   TEXT,
    amount_paise     BIGINT      NOT NULL CHECK (amount_paise > 0),
    currency         TEXT        NOT NULL DEFAULT 'INR',
    state            TEXT        NOT NULL CHECK (state IN ('CREATED', 'PENDING', 'PAID', 'FAILED', 'EXPIRED', 'HELD')),
    state_reason     TEXT,
    gateway          TEXT        NOT NULL,
    gateway_order_id TEXT,                         -- null until the gateway has accepted the order
    checkout_url     TEXT,
    paid_payment_id  TEXT,                         -- the gateway payment that paid it
    paid_method      TEXT,
    paid_at          TIMESTAMPTZ,
    requested_by     TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    request_hash     TEXT        NOT NULL,
    next_check_at    TIMESTAMPTZ NOT NULL,         -- when reconciliation asks the gateway about it
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (requested_by, idempotency_key),
    UNIQUE (gateway, gateway_order_id)
);
CREATE INDEX payment_order_by_consumer ON payment_order (consumer_no, id DESC);
CREATE INDEX payment_order_to_check ON payment_order (next_check_at) WHERE state IN ('CREATED', 'PENDING');

CREATE TABLE payment_attempt
(
    id                 BIGSERIAL PRIMARY KEY,
    order_id           BIGINT      NOT NULL REFERENCES payment_order (id),
    gateway            TEXT        NOT NULL,
    gateway_payment_id TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('PENDING', 'CAPTURED', 'FAILED')),
    amount_paise       BIGINT      NOT NULL,
    currency           TEXT        NOT NULL,
    method             TEXT,
    reason             TEXT,
    first_seen_via     TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (gateway, gateway_payment_id)
);
CREATE INDEX payment_attempt_by_order ON payment_attempt (order_id);

-- The order's history: created, checkout, what each callback, webhook and reconciliation said, refusals.
CREATE TABLE payment_event
(
    id                 BIGSERIAL PRIMARY KEY,
    order_id           BIGINT      NOT NULL REFERENCES payment_order (id),
    at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    kind               TEXT        NOT NULL,
    via                TEXT        NOT NULL,
    gateway_payment_id TEXT,
    detail             TEXT
);
CREATE INDEX payment_event_by_order ON payment_event (order_id, id);

-- Callbacks (by payment id) and webhooks (by event id) taken in: the same one again is a replay.
CREATE TABLE payment_message_seen
(
    gateway     TEXT        NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('CALLBACK', 'WEBHOOK')),
    message_id  TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (gateway, kind, message_id)
);

-- Receipt numbers run without gaps per year: the year's counter row is locked by the transaction that issues one,
-- so numbers are handed out in commit order and a rolled-back payment gives its number back (no sequence).
CREATE TABLE payment_receipt_counter
(
    year    INT PRIMARY KEY,
    last_no INT NOT NULL
);

CREATE TABLE payment_receipt
(
    receipt_no         TEXT PRIMARY KEY,
    year               INT         NOT NULL,
    seq                INT         NOT NULL,
    order_id           BIGINT      NOT NULL UNIQUE REFERENCES payment_order (id),
    consumer_no        TEXT        NOT NULL,
    purpose            TEXT        NOT NULL,
    bill_reference     TEXT,
    amount_paise       BIGINT      NOT NULL,
    gateway            TEXT        NOT NULL,
    gateway_payment_id TEXT        NOT NULL,
    method             TEXT,
    issued_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX payment_receipt_by_consumer ON payment_receipt (consumer_no, issued_at DESC);

-- sandbox module: the built-in sandbox payment gateway's own books (what a real gateway keeps on its side).
CREATE TABLE sandbox_order
(
    id           TEXT PRIMARY KEY,
    amount_paise BIGINT      NOT NULL,
    currency     TEXT        NOT NULL,
    receipt      TEXT        NOT NULL,
    notes        TEXT,
    callback_url TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sandbox_payment
(
    id           TEXT PRIMARY KEY,
    order_id     TEXT        NOT NULL REFERENCES sandbox_order (id),
    amount_paise BIGINT      NOT NULL,
    currency     TEXT        NOT NULL,
    method       TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('PENDING', 'CAPTURED', 'FAILED')),
    reason       TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_payment_by_order ON sandbox_payment (order_id);

-- Webhooks to the merchant, sent by a worker when due (delayed and duplicated ones are separate rows).
CREATE TABLE sandbox_webhook
(
    id           BIGSERIAL PRIMARY KEY,
    event_id     TEXT        NOT NULL,
    payment_id   TEXT        NOT NULL REFERENCES sandbox_payment (id),
    url          TEXT        NOT NULL,
    body         TEXT        NOT NULL,
    signature    TEXT        NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'REFUSED', 'FAILED')),
    due_at       TIMESTAMPTZ NOT NULL,
    attempts     INT         NOT NULL DEFAULT 0,
    last_status  INT,
    last_error   TEXT,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX sandbox_webhook_due ON sandbox_webhook (due_at) WHERE status = 'PENDING';
