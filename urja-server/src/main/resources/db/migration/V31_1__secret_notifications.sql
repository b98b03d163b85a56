-- notification module: a message carrying a secret (a one-time code, a default password) is never shown to staff and
-- its text is wiped once it is sent, given up or undeliverable (the consumer portal's templates are marked so).
ALTER TABLE notification_outbox ADD COLUMN secret BOOLEAN NOT NULL DEFAULT false;
