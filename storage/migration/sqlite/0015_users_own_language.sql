-- name: each user's own language choice

-- The language a person chose with `language ja` (en, zh-CN, zh-TW, ja),
-- which overrides their Slack locale until they say `language auto`. Kept
-- apart from users, which Slack's users.list and user_change refresh.
CREATE TABLE user_languages (
	workspace  TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	language   TEXT NOT NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (workspace, user_id)
);
