-- name: file numbers per workspace, search ranked by each file alone

-- number is what users see and type: random and unique within the
-- workspace for new entries, so it counts nothing; entries from before
-- keep their id as their number, so old references keep working.
ALTER TABLE files ADD COLUMN number INTEGER NOT NULL DEFAULT 0;

UPDATE files SET number = id;

CREATE UNIQUE INDEX files_workspace_number ON files (workspace, number);

-- search_head is the lower-cased title and name, a newline between them,
-- which search ranks by without reading the documents. The bot keeps it
-- with every change of title or name; here lower() folds the case of
-- the old entries (on SQLite, of ASCII letters only) until they change.
ALTER TABLE files ADD COLUMN search_head TEXT NOT NULL DEFAULT '';

UPDATE files SET search_head = lower(title || char(10) || name);
