-- name: imported to-dos keep the text of their source line

-- The line of its source (meeting notes) a to-do was imported from, as
-- it read then (trimmed); '' when it was not imported, or was imported
-- before this migration (those are still known by their line number).
-- A later import of the same notes knows a line by its text, so a line
-- inserted or removed above the imported ones moves no to-do onto
-- another line's number.
ALTER TABLE todos ADD COLUMN source_text TEXT NOT NULL DEFAULT '';
