package storage

import (
	"context"

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
		return false, campaignbot.Errorf(campaignbot.EINVALID, "The event has no source or ID.", "事件缺少来源或编号。")
	}
	res := l.db.rw.WithContext(ctx).Exec(`INSERT INTO events (source, event_id, received_at) VALUES (?, ?, ?)
ON CONFLICT (source, event_id) DO NOTHING`, source, eventID, now())
	if res.Error != nil {
		return false, wrapErr("record event", res.Error)
	}
	return res.RowsAffected == 1, nil
}
