package storage

import (
	"context"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// LanguageChoices keeps each user's own language in the user_languages
// table.
type LanguageChoices struct {
	db *DB
}

var _ campaignbot.LanguageChoices = (*LanguageChoices)(nil)

// NewLanguageChoices returns a LanguageChoices on db.
func NewLanguageChoices(db *DB) *LanguageChoices { return &LanguageChoices{db: db} }

// userLanguageRow is a row of the user_languages table.
type userLanguageRow struct {
	Workspace string `gorm:"primaryKey"`
	UserID    string `gorm:"primaryKey"`
	Language  string
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
}

// TableName implements gorm's schema.Tabler.
func (userLanguageRow) TableName() string { return "user_languages" }

// UserLanguage implements campaignbot.LanguageChoices.
func (s *LanguageChoices) UserLanguage(ctx context.Context, ws campaignbot.WorkspaceID, id campaignbot.UserID) (campaignbot.Language, error) {
	var rows []userLanguageRow
	err := s.db.reader(ctx).Where("workspace = ? AND user_id = ?", string(ws), string(id)).Limit(1).Find(&rows).Error
	if err != nil {
		return "", wrapErr("read a user's language", err)
	}
	if len(rows) == 0 {
		return "", nil
	}
	return campaignbot.Language(rows[0].Language), nil
}

// SetUserLanguage implements campaignbot.LanguageChoices.
func (s *LanguageChoices) SetUserLanguage(ctx context.Context, ws campaignbot.WorkspaceID, id campaignbot.UserID, l campaignbot.Language, at time.Time) error {
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		if l == "" {
			return tx.Where("workspace = ? AND user_id = ?", string(ws), string(id)).Delete(&userLanguageRow{}).Error
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "workspace"}, {Name: "user_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"language", "updated_at"}),
		}).Create(&userLanguageRow{Workspace: string(ws), UserID: string(id), Language: string(l), UpdatedAt: dbTime(at)}).Error
	})
	return wrapErr("store a user's language", err)
}
