package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/campaignbot/campaignbot"
)

// ImportPreviewStore keeps each person's latest preview of meeting notes
// in the todo_import_previews table, one row per workspace and person,
// so that whichever replica a confirmation reaches finds it.
type ImportPreviewStore struct {
	db *DB
}

var _ campaignbot.ImportPreviews = (*ImportPreviewStore)(nil)

// NewImportPreviewStore returns an ImportPreviewStore on db.
func NewImportPreviewStore(db *DB) *ImportPreviewStore { return &ImportPreviewStore{db: db} }

// importPreviewRow is a row of the todo_import_previews table.
type importPreviewRow struct {
	Workspace string `gorm:"primaryKey"`
	UserID    string `gorm:"primaryKey"`
	ID        string `gorm:"column:id"`
	Version   int
	Payload   []byte
	CreatedAt time.Time
	Done      bool
}

// TableName implements gorm's schema.Tabler.
func (importPreviewRow) TableName() string { return "todo_import_previews" }

// PutPreview implements campaignbot.ImportPreviews.
func (s *ImportPreviewStore) PutPreview(ctx context.Context, p campaignbot.ImportPreview, expired time.Time) error {
	if p.Workspace == "" || p.User == "" || p.ID == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-preview-needs-a-workspace-a"))
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now()
	}
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM todo_import_previews WHERE created_at < ?`, dbTime(expired)).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO todo_import_previews (workspace, user_id, id, version, payload, created_at, done)
VALUES (?, ?, ?, 1, ?, ?, ?)
ON CONFLICT (workspace, user_id) DO UPDATE SET id = excluded.id, version = 1, payload = excluded.payload,
	created_at = excluded.created_at, done = excluded.done`,
			string(p.Workspace), string(p.User), p.ID, p.Payload, dbTime(p.CreatedAt), false).Error
	})
	return wrapErr("store a to-do import preview", err)
}

// Preview implements campaignbot.ImportPreviews.
func (s *ImportPreviewStore) Preview(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID) (campaignbot.ImportPreview, error) {
	var row importPreviewRow
	err := s.db.reader(ctx).Where("workspace = ? AND user_id = ?", string(ws), string(user)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return campaignbot.ImportPreview{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.no-preview-is-waiting"))
	}
	if err != nil {
		return campaignbot.ImportPreview{}, wrapErr("read a to-do import preview", err)
	}
	return campaignbot.ImportPreview{
		Workspace: campaignbot.WorkspaceID(row.Workspace), User: campaignbot.UserID(row.UserID), ID: row.ID,
		Version: row.Version, Payload: row.Payload, CreatedAt: row.CreatedAt.UTC(), Done: row.Done,
	}, nil
}

// DropPreview implements campaignbot.ImportPreviews.
func (s *ImportPreviewStore) DropPreview(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string) (bool, error) {
	res := s.db.rw.WithContext(ctx).Exec(`DELETE FROM todo_import_previews WHERE workspace = ? AND user_id = ? AND id = ?`,
		string(ws), string(user), id)
	if res.Error != nil {
		return false, wrapErr("drop a to-do import preview", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// MarkPreviewDone implements campaignbot.ImportPreviews.
func (s *ImportPreviewStore) MarkPreviewDone(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string) error {
	err := s.db.rw.WithContext(ctx).Exec(`UPDATE todo_import_previews SET done = ? WHERE workspace = ? AND user_id = ? AND id = ?`,
		true, string(ws), string(user), id).Error
	return wrapErr("mark a to-do import preview done", err)
}

// ReplacePreview implements campaignbot.ImportPreviews: the update
// applies only to the version it was made from, so of two edits made from
// one version (two replicas, a retried submission) one wins.
func (s *ImportPreviewStore) ReplacePreview(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string, version int, payload []byte) (bool, error) {
	res := s.db.rw.WithContext(ctx).Exec(`UPDATE todo_import_previews SET payload = ?, version = version + 1
WHERE workspace = ? AND user_id = ? AND id = ? AND version = ? AND done = ?`,
		payload, string(ws), string(user), id, version, false)
	if res.Error != nil {
		return false, wrapErr("edit a to-do import preview", res.Error)
	}
	return res.RowsAffected == 1, nil
}
