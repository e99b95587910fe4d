-- name: a marker on each file's latest live version

-- is_latest marks the one version of each file that listings and search
-- show: the live (not trashed) entry with the highest version among those
-- with the same workspace, name, holder and folder, the higher id when two
-- have the same version. Every write that adds, trashes, restores, files,
-- moves or renames a version sets it again for the files it touched
-- (storage.markLatest), so search need not look for each match's newest
-- version. A trashed entry is never marked.
ALTER TABLE files ADD COLUMN is_latest BOOLEAN NOT NULL DEFAULT FALSE CHECK (NOT is_latest OR deleted_at IS NULL);

UPDATE files SET is_latest = TRUE WHERE deleted_at IS NULL AND id = (
	SELECT n.id FROM files n
	WHERE n.workspace = files.workspace AND n.name = files.name AND n.held_for = files.held_for
		AND n.folder_id IS files.folder_id AND n.deleted_at IS NULL
	ORDER BY n.version DESC, n.id DESC LIMIT 1);

-- At most one marked version per file, whatever a write does.
CREATE UNIQUE INDEX files_latest ON files (workspace, name, held_for, (COALESCE(folder_id, 0))) WHERE is_latest;
