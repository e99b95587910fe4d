-- name: reminder acknowledgements ("Got it / 收到")

-- One row per occurrence of a reminder and person who acknowledged it.
-- occurrence is the reminder key without its recipient, the same for
-- everyone the occurrence was sent to; the unique key makes a double
-- click, a retried interaction or two replicas handling one click record
-- a single ack (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE reminder_acks (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	occurrence   TEXT NOT NULL,
	source       TEXT NOT NULL,
	user_id      TEXT NOT NULL,
	reminder_key TEXT NOT NULL,
	acked_at     DATETIME NOT NULL,
	UNIQUE (occurrence, user_id)
);

CREATE INDEX reminder_acks_source ON reminder_acks (source);

-- The reminders sent to one person lately, for the home page's list of
-- those waiting for their ack.
CREATE INDEX reminders_recipient_send_at ON reminders (recipient, send_at);
