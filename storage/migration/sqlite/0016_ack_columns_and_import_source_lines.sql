-- name: acknowledgement columns on reminders, acks on chat milestones, imported to-dos by source line

-- The delay planned between a reminder that asks for an ack and its
-- re-ping or escalation (after quiet hours and days off), in
-- milliseconds; 0 when there is none. Before this migration it was a
-- hidden field "ack-delay" of the stored message, a Go duration.
ALTER TABLE reminders ADD COLUMN ack_delay_ms BIGINT NOT NULL DEFAULT 0;

-- The audience of an escalation's occurrence as last planned, user ids
-- separated by spaces; '' when not restricted. Before this migration it
-- was the hidden field "ack-audience" of the stored message.
ALTER TABLE reminders ADD COLUMN ack_audience TEXT NOT NULL DEFAULT '';

-- The platform's id of the posted message (Slack's ts), so that a
-- channel post that asks for acks can be updated; '' when unknown.
ALTER TABLE reminders ADD COLUMN sent_ts TEXT NOT NULL DEFAULT '';

UPDATE reminders SET ack_delay_ms = COALESCE((
	WITH f(v) AS (
		SELECT json_extract(value, '$.Value') FROM json_each(reminders.message, '$.Fields')
		WHERE json_extract(value, '$.Label') = 'ack-delay' LIMIT 1
	), hh(h, rest) AS (
		SELECT CASE WHEN instr(v, 'h') > 0 THEN CAST(substr(v, 1, instr(v, 'h') - 1) AS INTEGER) ELSE 0 END,
		       CASE WHEN instr(v, 'h') > 0 THEN substr(v, instr(v, 'h') + 1) ELSE v END
		FROM f
	), mm(h, m, rest) AS (
		SELECT h,
		       CASE WHEN instr(rest, 'm') > 0 AND substr(rest, instr(rest, 'm') + 1, 1) <> 's' THEN CAST(substr(rest, 1, instr(rest, 'm') - 1) AS INTEGER) ELSE 0 END,
		       CASE WHEN instr(rest, 'm') > 0 AND substr(rest, instr(rest, 'm') + 1, 1) <> 's' THEN substr(rest, instr(rest, 'm') + 1) ELSE rest END
		FROM hh
	)
	SELECT CAST(round((h * 3600 + m * 60 + COALESCE(CAST(rtrim(rest, 's') AS REAL), 0)) * 1000) AS INTEGER) FROM mm
), 0)
WHERE kind IN ('ack-reping', 'ack-escalation') AND message LIKE '%"ack-delay"%';

UPDATE reminders SET ack_audience = COALESCE((
	SELECT json_extract(value, '$.Value') FROM json_each(reminders.message, '$.Fields')
	WHERE json_extract(value, '$.Label') = 'ack-audience' LIMIT 1
), '')
WHERE kind = 'ack-escalation' AND message LIKE '%"ack-audience"%';

-- The ack policy of a milestone added in chat (`/campaign add-milestone
-- … ack`), JSON: {"required": true}; '{}' when none.
ALTER TABLE milestone_overrides ADD COLUMN ack TEXT NOT NULL DEFAULT '{}';

-- The line of its source (meeting notes) a to-do was imported from, 1
-- for the first; 0 when it was not imported, or was imported before this
-- migration (those are still known by their title). A second import of
-- the same notes skips the lines imported before, whatever their title
-- was edited to in the preview.
ALTER TABLE todos ADD COLUMN source_line INTEGER NOT NULL DEFAULT 0;
