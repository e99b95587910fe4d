-- name: milestones added and moved in chat

CREATE TABLE milestone_overrides (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	campaign_id     TEXT NOT NULL,
	milestone_id    TEXT NOT NULL,
	kind            TEXT NOT NULL,
	milestone_at    DATETIME NOT NULL,
	name            TEXT NOT NULL DEFAULT '',
	message         TEXT NOT NULL DEFAULT '',
	offsets         TEXT NOT NULL DEFAULT '[]',
	notify          TEXT NOT NULL DEFAULT '{}',
	urgent          BOOLEAN NOT NULL DEFAULT FALSE,
	changed_by      TEXT NOT NULL DEFAULT '',
	changed_by_name TEXT NOT NULL DEFAULT '',
	changed_at      DATETIME NOT NULL,
	created_at      DATETIME NOT NULL,
	UNIQUE (campaign_id, milestone_id)
);
