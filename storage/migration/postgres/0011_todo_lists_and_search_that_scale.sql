-- name: to-do lists in index order, a channel index, title search by trigrams

-- Lists read the dated to-dos and then the undated ones, each in the order
-- of one of these indexes (due time, then number, unique in a workspace),
-- and stop at the page they show instead of sorting every match.
DROP INDEX todos_workspace_status_due_at;

CREATE INDEX todos_workspace_status_due_at_number ON todos (workspace, status, due_at, number);

CREATE INDEX todos_workspace_channel_status_due_at_number ON todos (workspace, channel, status, due_at, number);

-- The lower-cased title of each to-do and its distinct character
-- trigrams, computed by the bot with every title, for /todo search: a GIN
-- index on them finds substrings of three or more characters without
-- extensions, as the knowledge base's file_search does. Here lower()
-- folds the existing titles as the database's locale does.
CREATE TABLE todo_search (
	todo_id BIGINT PRIMARY KEY REFERENCES todos (id) ON DELETE CASCADE,
	doc     TEXT NOT NULL,
	grams   TEXT[] NOT NULL
);

CREATE INDEX todo_search_grams ON todo_search USING gin (grams);

INSERT INTO todo_search (todo_id, doc, grams)
SELECT id, d, coalesce((SELECT array_agg(DISTINCT substr(d, i, 3)) FROM generate_series(1, char_length(d) - 2) AS i), '{}')
FROM (SELECT id, lower(title) AS d FROM todos) AS docs;
