-- name: two-character search terms found by character bigrams

-- FTS5's trigram tokenizer cannot find a term of two characters, the
-- common case in Chinese (预热, 报名, 券后, 价保). These tables index the
-- distinct character bigrams of each search document (rowid = files.id,
-- todos.id, as in file_search and todo_search), each bigram written as
-- one token: its UTF-8 bytes in hexadecimal (see bigramToken), so the
-- ascii tokenizer neither splits nor folds it whatever the characters.
-- Contentless: only which rows hold a bigram is needed, the documents
-- are in file_search and todo_search; detail=none keeps no positions.
CREATE VIRTUAL TABLE file_bigrams USING fts5(grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');

CREATE VIRTUAL TABLE todo_bigrams USING fts5(grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');

-- The existing documents are indexed by campaignbot after the migrations
-- (backfillBigrams), in batches that each record how far they got here,
-- so that an interrupted start resumes; a table's row goes when it is
-- done. SQL has no linear way to cut a long document into bigrams.
CREATE TABLE search_backfill (
	name  TEXT PRIMARY KEY,
	last_rowid INTEGER NOT NULL
);

INSERT INTO search_backfill (name, last_rowid) VALUES ('file_bigrams', 0), ('todo_bigrams', 0);
