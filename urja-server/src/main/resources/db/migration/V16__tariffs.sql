-- tariff module: tariff versions as data, one per category and effective date (a new order is a new version; a
-- version is never edited, so every charge computed can be traced to the tariff it used).
CREATE TABLE tariff_version
(
    category       TEXT        NOT NULL,
    effective_from DATE        NOT NULL,
    definition     JSONB       NOT NULL,
    created_by     TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason         TEXT        NOT NULL,
    PRIMARY KEY (category, effective_from)
);
