-- name: one search row per file, scoped and in rank order

-- rank_key orders search results "newest first" in one integer: the
-- second the entry was shared (Unix time, 0 to 2^32-1) shifted left by 31
-- bits, or'ed with the entry's id (below 2^31), so that entries shared in
-- the same second rank by id. storage.rankKey computes the same.
ALTER TABLE files ADD COLUMN rank_key BIGINT NOT NULL DEFAULT 0;

UPDATE files SET rank_key = (LEAST(GREATEST(floor(extract(epoch FROM shared_at)), 0), 4294967295)::bigint << 31) | id;

-- file_index has one row per file (the live versions with the same
-- workspace, name, holder and folder; folder_key is 0 when unfiled) that
-- has a live version, keyed for search by the rank_key of its latest live
-- version, with that version's title and name (head, which search ranks
-- by). grams holds, as tokens that name the file's scope (its workspace
-- and folder, or its workspace and holder when unfiled), the character
-- bigrams of every live version's search document (see
-- storage.scopeToken). A search of a two-character term then asks the GIN
-- index for the term in the scopes the asker may read only: it never
-- reads a file the asker may not see. storage.refreshFileIndex rewrites a
-- file's row whenever its versions, their texts or the marker change.
-- toast_tuple_target keeps the rows search reads narrow: grams goes out
-- of line.
CREATE TABLE file_index (
	workspace  TEXT NOT NULL,
	name       TEXT NOT NULL,
	held_for   TEXT NOT NULL,
	folder_key BIGINT NOT NULL,
	rank_key   BIGINT NOT NULL UNIQUE,
	head       TEXT NOT NULL,
	grams      TEXT[] NOT NULL,
	PRIMARY KEY (workspace, name, held_for, folder_key)
) WITH (toast_tuple_target = 128);

-- Without fastupdate, each write updates the index itself rather than a
-- pending list that every search would scan until the next vacuum: files
-- are saved one at a time and searched far more often.
CREATE INDEX file_index_grams ON file_index USING gin (grams) WITH (fastupdate = off);

-- search_file_index returns the rank keys of the first lim files whose
-- grams hold one of tokens: those whose head holds term first, then
-- newest first. The GIN index must find them. The planner prices reading
-- grams as cheap as reading the row, while it is stored out of line
-- (TOAST), so on a table that looks small it may prefer a sequential
-- scan, which reads and decompresses every file's bigrams: seconds at
-- 100,000 files against milliseconds. enable_seqscan is off for this
-- function only.
CREATE FUNCTION search_file_index(tokens TEXT[], term TEXT, lim INTEGER) RETURNS SETOF BIGINT
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
	SELECT rank_key FROM file_index WHERE grams && tokens
	ORDER BY strpos(head, term) > 0 DESC, rank_key DESC LIMIT lim
$$;

-- Filled by campaignbot after the migrations (backfillSearch), in batches
-- of files that each record how far they got.
CREATE TABLE search_backfill (
	name       TEXT PRIMARY KEY,
	last_rowid BIGINT NOT NULL
);

INSERT INTO search_backfill (name, last_rowid) VALUES ('file_index', 0);
