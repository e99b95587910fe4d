-- name: knowledge base: grants, recycle bin, search

ALTER TABLE files ADD COLUMN message_ts TEXT NOT NULL DEFAULT '';

ALTER TABLE files ADD COLUMN text_status TEXT NOT NULL DEFAULT '';

ALTER TABLE files ADD COLUMN deleted_at DATETIME;

ALTER TABLE files ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';

CREATE TABLE folder_grants (
	folder_id   INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	principal   TEXT NOT NULL,
	role        TEXT NOT NULL,
	from_config BOOLEAN NOT NULL DEFAULT FALSE,
	PRIMARY KEY (folder_id, kind, principal)
);

CREATE TABLE file_texts (
	file_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
	body    TEXT NOT NULL
);

-- The search document of each file (lower-cased title, name, tags and
-- text), rowid = files.id. trigram matches substrings of three or more
-- characters, Chinese included.
CREATE VIRTUAL TABLE file_search USING fts5(doc, tokenize = 'trigram');

INSERT INTO file_search (rowid, doc) SELECT id, lower(title || char(10) || name || char(10) || tags) FROM files;

CREATE INDEX files_workspace_message_ts ON files (workspace, channel, message_ts);

CREATE INDEX files_workspace_shared_at ON files (workspace, shared_at);
