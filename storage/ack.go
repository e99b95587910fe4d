package storage

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/campaignbot/campaignbot"
)

// AckStore keeps acknowledgements of reminders in the reminder_acks
// table, whose unique key (occurrence, user_id) records each person's
// ack of an occurrence once, whichever replica handles the click.
type AckStore struct {
	db *DB
}

var _ campaignbot.AckStore = (*AckStore)(nil)

// NewAckStore returns an AckStore on db.
func NewAckStore(db *DB) *AckStore { return &AckStore{db: db} }

// ackRow is a row of the reminder_acks table.
type ackRow struct {
	ID          int64 `gorm:"primaryKey"`
	Occurrence  string
	Source      string
	UserID      string
	ReminderKey string
	AckedAt     time.Time
}

// TableName implements gorm's schema.Tabler.
func (ackRow) TableName() string { return "reminder_acks" }

// ack converts the row.
func (r *ackRow) ack() campaignbot.Ack {
	return campaignbot.Ack{
		Occurrence:  r.Occurrence,
		Source:      r.Source,
		User:        campaignbot.UserID(r.UserID),
		ReminderKey: r.ReminderKey,
		At:          r.AckedAt.UTC(),
	}
}

// Acknowledge implements campaignbot.AckStore. The insert does nothing
// when the person's ack is there (or being committed by another
// transaction, which it waits for); the stored row is then read back.
func (s *AckStore) Acknowledge(ctx context.Context, a campaignbot.Ack) (campaignbot.Ack, bool, error) {
	if strings.TrimSpace(a.Occurrence) == "" || a.Source == "" || a.User == "" || a.ReminderKey == "" {
		return a, false, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.an-acknowledgement-needs-a-reminder-and"))
	}
	if a.At.IsZero() {
		a.At = now()
	}
	a.At = dbTime(a.At)
	var out campaignbot.Ack
	recorded := false
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`INSERT INTO reminder_acks (occurrence, source, user_id, reminder_key, acked_at)
VALUES (?, ?, ?, ?, ?) ON CONFLICT (occurrence, user_id) DO NOTHING`,
			a.Occurrence, a.Source, string(a.User), a.ReminderKey, a.At)
		if res.Error != nil {
			return res.Error
		}
		recorded = res.RowsAffected == 1
		var row ackRow
		if err := tx.Where("occurrence = ? AND user_id = ?", a.Occurrence, string(a.User)).Take(&row).Error; err != nil {
			return err
		}
		out = row.ack()
		return nil
	})
	if err != nil {
		return a, false, wrapErr("record an acknowledgement", err)
	}
	return out, recorded, nil
}

// Acks implements campaignbot.AckStore.
func (s *AckStore) Acks(ctx context.Context, source string) ([]campaignbot.Ack, error) {
	var rows []*ackRow
	if err := s.db.reader(ctx).Where("source = ?", source).Order("occurrence, acked_at, user_id").Find(&rows).Error; err != nil {
		return nil, wrapErr("list acknowledgements", err)
	}
	out := make([]campaignbot.Ack, len(rows))
	for i, r := range rows {
		out[i] = r.ack()
	}
	return out, nil
}
