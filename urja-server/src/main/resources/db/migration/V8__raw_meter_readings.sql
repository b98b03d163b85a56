-- hes module: MeterReadings are kept as received (gzip-compressed bytes of the request body) instead of JSONB: the
-- hot path parses them once while streaming and does not pay for a JSONB conversion of every value. Other nouns
-- stay JSONB. The bytes are already compressed, so PostgreSQL should not try again (STORAGE EXTERNAL).
ALTER TABLE hes_inbound_message
    ALTER COLUMN payload DROP NOT NULL,
    ADD COLUMN payload_gzip BYTEA,
    ADD CONSTRAINT hes_inbound_message_payload_present CHECK (payload IS NOT NULL OR payload_gzip IS NOT NULL);
ALTER TABLE hes_inbound_message ALTER COLUMN payload_gzip SET STORAGE EXTERNAL;
