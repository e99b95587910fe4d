-- name: to-do snooze

ALTER TABLE todos ADD COLUMN snoozed_until DATETIME;

CREATE INDEX todos_status_id ON todos (status, id);
