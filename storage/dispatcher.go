package storage

import (
	"context"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// dispatcherRow is a row of the dispatchers table: a dispatcher alive
// when it last renewed its claims.
type dispatcherRow struct {
	Owner   string `gorm:"primaryKey"`
	SeenAt  time.Time
	Sending bool
}

// TableName implements gorm's schema.Tabler.
func (dispatcherRow) TableName() string { return "dispatchers" }

// Heartbeat implements campaignbot.ReminderStore. On PostgreSQL it also
// reads the server's clock.
func (s *ReminderStore) Heartbeat(ctx context.Context, owner string, at time.Time, lease time.Duration, sending bool) (campaignbot.Pulse, error) {
	var p campaignbot.Pulse
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		if at.IsZero() {
			return tx.Where("owner = ?", owner).Delete(&dispatcherRow{}).Error
		}
		at := dbTime(at)
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "owner"}}, DoUpdates: clause.AssignmentColumns([]string{"seen_at", "sending"})}).
			Create(&dispatcherRow{Owner: owner, SeenAt: at, Sending: sending}).Error; err != nil {
			return err
		}
		var alive, sending int64
		if err := tx.Model(&dispatcherRow{}).Where("seen_at > ?", at.Add(-lease)).Count(&alive).Error; err != nil {
			return err
		}
		if err := tx.Model(&dispatcherRow{}).Where("seen_at > ? AND sending = ?", at.Add(-lease), true).Count(&sending).Error; err != nil {
			return err
		}
		p.Alive, p.Sending = max(int(alive), 1), max(int(sending), 1)
		if s.db.isPostgres() {
			var server time.Time
			if err := tx.Raw("SELECT clock_timestamp()").Scan(&server).Error; err != nil {
				return err
			}
			p.ServerTime = server.UTC()
		}
		return nil
	})
	if err != nil {
		return campaignbot.Pulse{}, wrapErr("dispatcher heartbeat", err)
	}
	return p, nil
}
