package storage

import (
	"context"
	"time"

	"github.com/campaignbot/campaignbot"
)

// EventLog records handled chat events in the database.
type EventLog struct {
	db *DB
}

var _ campaignbot.EventLog = (*EventLog)(nil)

// NewEventLog returns an EventLog on db.
func NewEventLog(db *DB) *EventLog { return &EventLog{db: db} }

// FirstDelivery implements campaignbot.EventLog. The insert either adds the
// row or, when any transaction already added it, does nothing, so exactly
// one of concurrent deliveries reports true.
func (l *EventLog) FirstDelivery(ctx context.Context, source, eventID string) (bool, error) {
	if source == "" || eventID == "" {
		return false, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-event-has-no-source-or"))
	}
	res := l.db.rw.WithContext(ctx).Exec(`INSERT INTO events (source, event_id, received_at) VALUES (?, ?, ?)
ON CONFLICT (source, event_id) DO NOTHING`, source, eventID, now())
	if res.Error != nil {
		return false, wrapErr("record event", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// pruneBatch is how many event rows one statement deletes, so that pruning
// a large backlog never holds SQLite's writer for long.
const pruneBatch = 5000

// Prune deletes the deliveries recorded before the given instant, in
// batches, and returns how many it deleted. A delivery of an event pruned
// this way would be handled again, so before must be well past the time
// within which Slack retries or redelivers (an hour).
func (l *EventLog) Prune(ctx context.Context, before time.Time) (int64, error) {
	q := `DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE received_at < ? ORDER BY received_at LIMIT ?)`
	if l.db.isPostgres() {
		q = `DELETE FROM events WHERE ctid IN (SELECT ctid FROM events WHERE received_at < ? ORDER BY received_at LIMIT ?)`
	}
	var total int64
	for {
		res := l.db.rw.WithContext(ctx).Exec(q, before.UTC(), pruneBatch)
		if res.Error != nil {
			return total, wrapErr("prune the event log", res.Error)
		}
		total += res.RowsAffected
		if res.RowsAffected < pruneBatch {
			return total, nil
		}
	}
}
