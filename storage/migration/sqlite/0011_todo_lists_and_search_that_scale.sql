-- name: to-do lists in index order, a channel index, title search by trigrams

-- Lists read the dated to-dos and then the undated ones, each in the order
-- of one of these indexes (due time, then number, unique in a workspace),
-- and stop at the page they show instead of sorting every match.
DROP INDEX todos_workspace_status_due_at;

CREATE INDEX todos_workspace_status_due_at_number ON todos (workspace, status, due_at, number);

CREATE INDEX todos_workspace_channel_status_due_at_number ON todos (workspace, channel, status, due_at, number);

-- The lower-cased title of each to-do, rowid = todos.id, for /todo search:
-- trigram matches substrings of three or more characters, Chinese
-- included. The bot keeps it with every title; here lower() folds the
-- case of the existing titles (of ASCII letters only, as SQLite does).
CREATE VIRTUAL TABLE todo_search USING fts5(doc, tokenize = 'trigram');

INSERT INTO todo_search (rowid, doc) SELECT id, lower(title) FROM todos;
