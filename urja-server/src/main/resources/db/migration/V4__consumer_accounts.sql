-- customer module: consumer accounts (CIS master data as the MDM holds it).
CREATE TABLE consumer_account
(
    id                 BIGSERIAL PRIMARY KEY,
    consumer_no        TEXT          NOT NULL UNIQUE,
    name               TEXT          NOT NULL,
    address            TEXT          NOT NULL,
    phone              TEXT,
    email              TEXT,
    sanctioned_load_kw NUMERIC(10, 3) NOT NULL CHECK (sanctioned_load_kw > 0),
    tariff_category    TEXT          NOT NULL,
    created_at         TIMESTAMPTZ   NOT NULL DEFAULT now()
);
