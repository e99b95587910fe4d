-- name: meeting-note previews kept in the database; to-dos found by their source

-- Each person's latest preview of meeting notes read for to-dos, waiting
-- for their confirmation, so that the confirmation, an edit or a cancel
-- may reach any replica, or the process after a restart. version grows
-- with each edit: an edit applies only to the version it was made from.
CREATE TABLE todo_import_previews (
	workspace  TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	id         TEXT NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1,
	payload    BLOB NOT NULL,
	created_at DATETIME NOT NULL,
	done       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (workspace, user_id)
);

CREATE INDEX todo_import_previews_created_at ON todo_import_previews (created_at);

-- An import looks for the to-dos already linked to its source; without
-- this it read every to-do of the workspace.
CREATE INDEX todos_workspace_source_link ON todos (workspace, source_link) WHERE source_link <> '';
