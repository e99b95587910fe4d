-- name: knowledge base secrets: held files, implicit folders, blob references

-- The one user who may see an unfiled entry ('' for everyone).
ALTER TABLE files ADD COLUMN held_for TEXT NOT NULL DEFAULT '';

-- Folders created only as the parent of another folder. Before this
-- column existed, a folder with subfolders and no grants is taken to be
-- one; the folders the config declares are marked made on purpose again
-- the first time each workspace is seen.
ALTER TABLE folders ADD COLUMN implicit BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE folders SET implicit = TRUE
WHERE EXISTS (SELECT 1 FROM folders c WHERE c.parent_id = folders.id)
  AND NOT EXISTS (SELECT 1 FROM folder_grants g WHERE g.folder_id = folders.id);

-- One row per stored blob: how many entries reference its bytes, and when
-- a share last claimed them. Bytes with no references whose last claim is
-- old are deleted; the row lock serializes that with new claims.
CREATE TABLE blobs (
	sha256     TEXT PRIMARY KEY,
	size       BIGINT NOT NULL,
	refs       BIGINT NOT NULL DEFAULT 0,
	claimed_at TIMESTAMPTZ NOT NULL
);

INSERT INTO blobs (sha256, size, refs, claimed_at)
SELECT sha256, max(size), count(*), TIMESTAMPTZ '1970-01-01 00:00:00+00' FROM files GROUP BY sha256;

CREATE INDEX blobs_unreferenced ON blobs (claimed_at) WHERE refs = 0;

CREATE INDEX files_unfiled_held_for ON files (workspace, held_for) WHERE folder_id IS NULL;
