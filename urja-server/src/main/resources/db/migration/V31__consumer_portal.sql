-- portal module: consumer sign-in identities (UC15), the consumer numbers each one holds, and one-time codes.
CREATE TABLE consumer_login
(
    id                   BIGSERIAL PRIMARY KEY,
    login_id             TEXT        NOT NULL UNIQUE,
    -- the registered mobile number (E.164) or email the consumer registered with; accounts linked later share it
    mobile               TEXT,
    email                TEXT,
    password_hash        TEXT        NOT NULL,
    must_change_password BOOLEAN     NOT NULL DEFAULT true,
    failed_attempts      INT         NOT NULL DEFAULT 0,
    locked_until         TIMESTAMPTZ,
    language             TEXT        NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'hi')),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    password_changed_at  TIMESTAMPTZ,
    last_sign_in_at      TIMESTAMPTZ,
    CHECK (mobile IS NOT NULL OR email IS NOT NULL)
);

-- A consumer number belongs to at most one login; one login may hold several (UC15: several service points).
CREATE TABLE consumer_login_account
(
    login_id    BIGINT      NOT NULL REFERENCES consumer_login (id),
    consumer_no TEXT        NOT NULL UNIQUE,
    linked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (login_id, consumer_no)
);

-- One-time codes: only a hash of the code is kept; a challenge is used once (VERIFIED) or dies (EXHAUSTED, EXPIRED).
CREATE TABLE consumer_otp
(
    id           BIGSERIAL PRIMARY KEY,
    purpose      TEXT        NOT NULL CHECK (purpose IN ('REGISTER', 'RESET', 'LINK')),
    consumer_no  TEXT        NOT NULL,
    login_id     BIGINT REFERENCES consumer_login (id),
    channel      TEXT        NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
    destination  TEXT        NOT NULL,
    code_hash    TEXT        NOT NULL,
    attempts     INT         NOT NULL DEFAULT 0,
    sends        INT         NOT NULL DEFAULT 1,
    status       TEXT        NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'VERIFIED', 'EXHAUSTED', 'EXPIRED', 'SUPERSEDED')),
    last_sent_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    verified_at  TIMESTAMPTZ
);
CREATE INDEX consumer_otp_destination ON consumer_otp (destination, last_sent_at);
CREATE INDEX consumer_otp_consumer ON consumer_otp (consumer_no) WHERE status = 'PENDING';
