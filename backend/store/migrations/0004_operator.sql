-- Operator API: indexes for the console's searches.
-- Payment search orders by requested_at (newest first) across merchants, and the overview counts
-- the last 24 hours: without this index both would sort the whole table.
CREATE INDEX IF NOT EXISTS ix_payments_requested ON payments (requested_at);
-- A payment's event timeline reads its outbox rows by aggregate id.
CREATE INDEX IF NOT EXISTS ix_outbox_aggregate ON outbox (aggregate_id);
-- A payment's dead letters, found by the message key (the payment id).
CREATE INDEX IF NOT EXISTS ix_dead_letters_key ON dead_letters (message_key);
