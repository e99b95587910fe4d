-- name: reminder claims with fenced leases and per-recipient order; the user directory

-- recipient is the canonical recipient ("#C0123" or "@U0123"): a
-- recipient's reminders are delivered one at a time in (send_at, key)
-- order. send_at stays the planned time; next_at is when the reminder is
-- next due (later than send_at while a failed delivery waits to retry).
ALTER TABLE reminders ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN next_at TIMESTAMPTZ;

-- A claim holds its reminders under claim_token until lease_until; only
-- its holder may start, record or renew them. started_at is set when a
-- send starts and cleared when its outcome is known not to be a delivery.
ALTER TABLE reminders ADD COLUMN claim_token TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE reminders ADD COLUMN started_at TIMESTAMPTZ;

-- quiet: quiet hours apply when the reminder goes out late.
ALTER TABLE reminders ADD COLUMN quiet BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE reminders
SET recipient = CASE WHEN recipient_user <> '' THEN '@' || recipient_user ELSE '#' || recipient_channel END,
    next_at = send_at;

-- Claims left by an older version expire at once and count as sends of
-- unknown outcome, so they are looked for before being sent again.
UPDATE reminders SET lease_until = claimed_at, started_at = claimed_at WHERE status = 'sending';

CREATE INDEX reminders_status_next_at ON reminders (status, next_at);

-- The dispatchers alive: each renews its row as it renews its claims, and
-- says whether it is sending, so replicas share the workspace's posting
-- rate among those sending within a lease.
CREATE TABLE dispatchers (
	owner   TEXT PRIMARY KEY,
	seen_at TIMESTAMPTZ NOT NULL,
	sending BOOLEAN NOT NULL DEFAULT FALSE
);

-- Users as the chat platform describes them (zone, locale, names), so that
-- planning reads them here instead of asking the platform per person.
CREATE TABLE users (
	workspace  TEXT NOT NULL,
	id         TEXT NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	real_name  TEXT NOT NULL DEFAULT '',
	timezone   TEXT NOT NULL DEFAULT '',
	locale     TEXT NOT NULL DEFAULT '',
	is_bot     BOOLEAN NOT NULL DEFAULT FALSE,
	deleted    BOOLEAN NOT NULL DEFAULT FALSE,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (workspace, id)
);

CREATE INDEX users_workspace_name ON users (workspace, name);
