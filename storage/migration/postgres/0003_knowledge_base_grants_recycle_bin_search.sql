-- name: knowledge base: grants, recycle bin, search

ALTER TABLE files ADD COLUMN message_ts TEXT NOT NULL DEFAULT '';

ALTER TABLE files ADD COLUMN text_status TEXT NOT NULL DEFAULT '';

ALTER TABLE files ADD COLUMN deleted_at TIMESTAMPTZ;

ALTER TABLE files ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';

CREATE TABLE folder_grants (
	folder_id   BIGINT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	principal   TEXT NOT NULL,
	role        TEXT NOT NULL,
	from_config BOOLEAN NOT NULL DEFAULT FALSE,
	PRIMARY KEY (folder_id, kind, principal)
);

CREATE TABLE file_texts (
	file_id BIGINT PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
	body    TEXT NOT NULL
);

-- The search document of each file and its distinct character trigrams,
-- computed by campaignbot; a GIN index on them finds substrings of three
-- or more characters without extensions.
CREATE TABLE file_search (
	file_id BIGINT PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
	doc     TEXT NOT NULL,
	grams   TEXT[] NOT NULL
);

CREATE INDEX file_search_grams ON file_search USING gin (grams);

INSERT INTO file_search (file_id, doc, grams)
SELECT id, d, coalesce((SELECT array_agg(DISTINCT substr(d, i, 3)) FROM generate_series(1, char_length(d) - 2) AS i), '{}')
FROM (SELECT id, lower(title || chr(10) || name || chr(10) || tags) AS d FROM files) AS docs;

CREATE INDEX files_workspace_message_ts ON files (workspace, channel, message_ts);

CREATE INDEX files_workspace_shared_at ON files (workspace, shared_at);
