-- name: todos, knowledge base and event log

CREATE TABLE todos (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace   TEXT NOT NULL,
	number      INTEGER NOT NULL,
	title       TEXT NOT NULL,
	creator     TEXT NOT NULL,
	channel     TEXT NOT NULL DEFAULT '',
	source_link TEXT NOT NULL DEFAULT '',
	due_at      DATETIME,
	timezone    TEXT NOT NULL DEFAULT '',
	priority    TEXT NOT NULL DEFAULT 'normal',
	milestone   TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'open',
	done_by     TEXT NOT NULL DEFAULT '',
	done_at     DATETIME,
	created_at  DATETIME NOT NULL,
	updated_at  DATETIME NOT NULL,
	UNIQUE (workspace, number)
);

CREATE TABLE todo_assignees (
	todo_id  INTEGER NOT NULL REFERENCES todos (id) ON DELETE CASCADE,
	user_id  TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (todo_id, user_id)
);

CREATE TABLE todo_counters (
	workspace   TEXT PRIMARY KEY,
	last_number INTEGER NOT NULL
);

CREATE TABLE folders (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace  TEXT NOT NULL,
	path       TEXT NOT NULL,
	parent_id  INTEGER REFERENCES folders (id),
	restricted BOOLEAN NOT NULL DEFAULT FALSE,
	archived   BOOLEAN NOT NULL DEFAULT FALSE,
	created_at DATETIME NOT NULL,
	UNIQUE (workspace, path)
);

CREATE TABLE files (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace  TEXT NOT NULL,
	folder_id  INTEGER REFERENCES folders (id),
	title      TEXT NOT NULL DEFAULT '',
	name       TEXT NOT NULL,
	mime       TEXT NOT NULL DEFAULT '',
	size       INTEGER NOT NULL,
	sha256     TEXT NOT NULL,
	uploader   TEXT NOT NULL DEFAULT '',
	saved_by   TEXT NOT NULL DEFAULT '',
	channel    TEXT NOT NULL DEFAULT '',
	permalink  TEXT NOT NULL DEFAULT '',
	shared_at  DATETIME NOT NULL,
	tags       TEXT NOT NULL DEFAULT '[]',
	version    INTEGER NOT NULL,
	reshare    BOOLEAN NOT NULL DEFAULT FALSE,
	created_at DATETIME NOT NULL
);

CREATE TABLE events (
	source      TEXT NOT NULL,
	event_id    TEXT NOT NULL,
	received_at DATETIME NOT NULL,
	PRIMARY KEY (source, event_id)
);

CREATE INDEX todos_workspace_status_due_at ON todos (workspace, status, due_at);

CREATE INDEX todo_assignees_user_id_todo_id ON todo_assignees (user_id, todo_id);

CREATE INDEX folders_parent_id ON folders (parent_id);

CREATE INDEX files_sha256 ON files (sha256);

CREATE INDEX files_folder_id_name ON files (folder_id, name);
