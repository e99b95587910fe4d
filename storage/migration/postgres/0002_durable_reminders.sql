-- name: durable reminders

CREATE TABLE reminders (
	key               TEXT PRIMARY KEY,
	source            TEXT NOT NULL,
	kind              TEXT NOT NULL,
	send_at           TIMESTAMPTZ NOT NULL,
	zone              TEXT NOT NULL DEFAULT '',
	due_at            TIMESTAMPTZ,
	offset_label      TEXT NOT NULL DEFAULT '',
	shifted           BOOLEAN NOT NULL DEFAULT FALSE,
	recipient_channel TEXT NOT NULL DEFAULT '',
	recipient_user    TEXT NOT NULL DEFAULT '',
	message           TEXT NOT NULL DEFAULT '{}',
	plan_hash         TEXT NOT NULL DEFAULT '',
	status            TEXT NOT NULL,
	attempts          INTEGER NOT NULL DEFAULT 0,
	claimed_by        TEXT NOT NULL DEFAULT '',
	claimed_at        TIMESTAMPTZ,
	late              BOOLEAN NOT NULL DEFAULT FALSE,
	sent_at           TIMESTAMPTZ,
	reason            TEXT NOT NULL DEFAULT '',
	created_at        TIMESTAMPTZ NOT NULL,
	updated_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX reminders_status_send_at ON reminders (status, send_at);

CREATE INDEX reminders_source ON reminders (source);
