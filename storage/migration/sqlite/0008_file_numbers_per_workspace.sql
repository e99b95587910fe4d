-- name: file numbers per workspace

-- number is what users see and type: random and unique within the
-- workspace for new entries, so it counts nothing; entries from before
-- keep their id as their number, so old references keep working.
ALTER TABLE files ADD COLUMN number INTEGER NOT NULL DEFAULT 0;

UPDATE files SET number = id;

CREATE UNIQUE INDEX files_workspace_number ON files (workspace, number);
