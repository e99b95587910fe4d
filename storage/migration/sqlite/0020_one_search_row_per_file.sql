-- name: one search row per file, scoped and in rank order

-- rank_key orders search results "newest first" in one integer: the
-- second the entry was shared (Unix time, 0 to 2^32-1) shifted left by 31
-- bits, or'ed with the entry's id (below 2^31), so that entries shared in
-- the same second rank by id. storage.rankKey computes the same.
ALTER TABLE files ADD COLUMN rank_key INTEGER NOT NULL DEFAULT 0;

UPDATE files SET rank_key = (MIN(MAX(CAST(strftime('%s', shared_at) AS INTEGER), 0), 4294967295) << 31) | id;

-- file_index has one row per file (the live versions with the same
-- workspace, name, holder and folder; folder_key is 0 when unfiled) that
-- has a live version, keyed for search by the rank_key of its latest live
-- version. file_index_grams (rowid = that rank_key) indexes, as tokens
-- that name the file's scope (its workspace and folder, or its workspace
-- and holder when unfiled), the character bigrams of every live
-- version's search document and, apart, those of the latest version's
-- title and name (see storage.scopeToken). A search of a two-character
-- term then asks the index for the term in the scopes the asker may read
-- only, newest first, and stops at the page: it never reads a file the
-- asker may not see, nor a match beyond the page. storage.refreshFileIndex
-- rewrites a file's row whenever its versions, their texts or the marker
-- change.
CREATE TABLE file_index (
	workspace  TEXT NOT NULL,
	name       TEXT NOT NULL,
	held_for   TEXT NOT NULL,
	folder_key INTEGER NOT NULL,
	rank_key   INTEGER NOT NULL UNIQUE,
	PRIMARY KEY (workspace, name, held_for, folder_key)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE file_index_grams USING fts5(grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');

-- Filled by campaignbot after the migrations (backfillSearch), in batches
-- of files that each record how far they got, as migration 12's bigrams.
INSERT INTO search_backfill (name, last_rowid) VALUES ('file_index', 0);
