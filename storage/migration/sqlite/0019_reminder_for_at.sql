-- name: reminders remember the milestone time they were planned for

-- The milestone time (due_at as planned) a reminder was last planned
-- for. It is kept once the reminder is sent, so the planner knows that a
-- reminder sent before its milestone moved was for the old time and
-- plans a new occurrence for the new one. Reminders still waiting get
-- their due_at; those sent before this migration stay NULL and count as
-- sent for the milestone's current time (they are not sent again).
ALTER TABLE reminders ADD COLUMN for_at DATETIME;
UPDATE reminders SET for_at = due_at WHERE status IN ('pending', 'sending') AND started_at IS NULL;
