-- name: the event log is pruned by age

-- Deliveries are recorded to ignore Slack's retries and Socket Mode
-- redeliveries, which come within minutes to an hour; the bot deletes rows
-- older than two days every hour, oldest first, by this index.
CREATE INDEX events_received_at ON events (received_at);
