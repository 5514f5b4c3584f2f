-- Office alerts are outbox rows a person resolves: record who did.
ALTER TABLE outbox ADD COLUMN processed_by text;
CREATE INDEX outbox_open_alerts ON outbox (created_at) WHERE kind = 'office_alert' AND processed_at IS NULL;
