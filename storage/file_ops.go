package storage

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// errNoFile is the ENOTFOUND error of an entry looked up by its internal
// ID, which users never see, so it names none.
func errNoFile() error {
	return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.that-file-no-longer-exists"))
}

// liveFile returns the entry id of the workspace when it is not trashed.
func liveFile(tx *gorm.DB, ws campaignbot.WorkspaceID, id int64) (*fileRow, error) {
	var row fileRow
	err := tx.Where("id = ? AND workspace = ? AND deleted_at IS NULL", id, string(ws)).Take(&row).Error
	if isNotFound(err) {
		return nil, errNoFile()
	}
	return &row, err
}

// writable checks that the folder of an entry (nil: unfiled) is writable.
func (kb *KnowledgeBase) writable(tx *gorm.DB, ws string, folderID *int64) error {
	if folderID == nil {
		return nil
	}
	return checkFolderWritable(tx, kb.db.isPostgres(), ws, *folderID)
}

// versions selects every entry with the same name in the same folder as
// r; for an unfiled entry, the unfiled ones of the same holder.
func versions(tx *gorm.DB, r *fileRow) *gorm.DB {
	q := tx.Model(&fileRow{}).Where("workspace = ? AND name = ?", r.Workspace, r.Name)
	if r.FolderID == nil {
		return q.Where("folder_id IS NULL AND held_for = ?", r.HeldFor)
	}
	return q.Where("folder_id = ?", *r.FolderID)
}

// afterWrite reads the entry back once a write committed.
func (kb *KnowledgeBase) afterWrite(ctx context.Context, op string, ws campaignbot.WorkspaceID, id int64, err error) (*campaignbot.File, error) {
	if err != nil {
		return nil, wrapErr(op, err)
	}
	return kb.FindFile(ctx, ws, id)
}

// FileInto implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) FileInto(ctx context.Context, ws campaignbot.WorkspaceID, id, folderID int64, savedBy campaignbot.UserID, title string, tags []string) (*campaignbot.File, error) {
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		// The file's lock before any entry's (see lockFiles).
		if err := kb.lockFiles(tx, []int64{id}); err != nil {
			return err
		}
		row, err := liveFile(tx, ws, id)
		if err != nil {
			return err
		}
		if err := kb.writable(tx, row.Workspace, row.FolderID); err != nil {
			return err
		}
		if err := checkFolderWritable(tx, kb.db.isPostgres(), row.Workspace, folderID); err != nil {
			return err
		}
		version := row.Version
		if row.FolderID == nil || *row.FolderID != folderID {
			if version, err = nextVersion(tx, row, &folderID, row.ID); err != nil {
				return err
			}
		}
		// The lock of the file it joins, before its versions are marked.
		if err := kb.lockFileKeys(tx, fileKey{workspace: row.Workspace, name: row.Name, folder: folderID}); err != nil {
			return err
		}
		updates := map[string]any{"folder_id": folderID, "held_for": "", "version": version, "saved_by": string(savedBy), "is_latest": false}
		if title = strings.TrimSpace(title); title != "" {
			updates["title"] = title
		}
		if tags = cleanTags(tags); len(tags) > 0 {
			b, _ := json.Marshal(tags)
			updates["tags"] = string(b)
		}
		if err := tx.Model(&fileRow{}).Where("id = ?", id).Updates(updates).Error; err != nil {
			return err
		}
		return kb.reindexMarking(tx, []fileKey{keyOf(row)}, id)
	})
	return kb.afterWrite(ctx, "file into folder", ws, id, err)
}

// MoveFile implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) MoveFile(ctx context.Context, ws campaignbot.WorkspaceID, id, folderID int64) (*campaignbot.File, error) {
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		// The file's lock before any entry's (see lockFiles).
		if err := kb.lockFiles(tx, []int64{id}); err != nil {
			return err
		}
		row, err := liveFile(tx, ws, id)
		if err != nil {
			return err
		}
		if row.FolderID != nil && *row.FolderID == folderID {
			return nil
		}
		if err := kb.writable(tx, row.Workspace, row.FolderID); err != nil {
			return err
		}
		if err := checkFolderWritable(tx, kb.db.isPostgres(), row.Workspace, folderID); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&fileRow{}).Where("workspace = ? AND folder_id = ? AND name = ?", row.Workspace, folderID, row.Name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.that-folder-already-has-a-file", row.Name))
		}
		if err := versions(tx, row).Updates(map[string]any{"folder_id": folderID, "held_for": "", "is_latest": false}).Error; err != nil {
			return err
		}
		return kb.markLatest(tx, keyOf(row), fileKey{workspace: row.Workspace, name: row.Name, folder: folderID})
	})
	return kb.afterWrite(ctx, "move file", ws, id, err)
}

// RenameFile implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) RenameFile(ctx context.Context, ws campaignbot.WorkspaceID, id int64, name string) (*campaignbot.File, error) {
	clean, err := campaignbot.CleanFileName(name)
	if err != nil {
		return nil, err
	}
	if clean != strings.TrimSpace(name) {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.Tn("storage.a-file-name-cannot-contain-slashes", campaignbot.MaxFileName, campaignbot.MaxFileName))
	}
	err = kb.db.write(ctx, func(tx *gorm.DB) error {
		// The file's lock before any entry's (see lockFiles).
		if err := kb.lockFiles(tx, []int64{id}); err != nil {
			return err
		}
		row, err := liveFile(tx, ws, id)
		if err != nil {
			return err
		}
		if row.Name == clean {
			return nil
		}
		if err := kb.writable(tx, row.Workspace, row.FolderID); err != nil {
			return err
		}
		other := *row
		other.Name = clean
		var n int64
		if err := versions(tx, &other).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.this-folder-already-has-a-file", clean))
		}
		var ids []int64
		if err := versions(tx, row).Pluck("id", &ids).Error; err != nil {
			return err
		}
		if err := tx.Model(&fileRow{}).Where("id IN ?", ids).Updates(map[string]any{"name": clean, "is_latest": false}).Error; err != nil {
			return err
		}
		return kb.reindexMarking(tx, []fileKey{keyOf(row)}, ids...)
	})
	return kb.afterWrite(ctx, "rename file", ws, id, err)
}

// cleanTags trims tags and drops empty and repeated ones.
func cleanTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#"))
		if t != "" && !containsFold(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// containsFold reports whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// UpdateFile implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) UpdateFile(ctx context.Context, ws campaignbot.WorkspaceID, id int64, u campaignbot.FileUpdate) (*campaignbot.File, error) {
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		// The file's lock before any entry's (see lockFiles).
		if err := kb.lockFiles(tx, []int64{id}); err != nil {
			return err
		}
		row, err := liveFile(tx, ws, id)
		if err != nil {
			return err
		}
		if err := kb.writable(tx, row.Workspace, row.FolderID); err != nil {
			return err
		}
		updates := map[string]any{}
		if t := strings.TrimSpace(u.Title); t != "" {
			updates["title"] = t
		}
		if u.Tags != nil {
			b, _ := json.Marshal(cleanTags(*u.Tags))
			updates["tags"] = string(b)
		}
		if len(updates) == 0 {
			return nil
		}
		if err := tx.Model(&fileRow{}).Where("id = ?", id).Updates(updates).Error; err != nil {
			return err
		}
		return kb.reindex(tx, id)
	})
	return kb.afterWrite(ctx, "update file", ws, id, err)
}

// TrashFile implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) TrashFile(ctx context.Context, ws campaignbot.WorkspaceID, id int64, by campaignbot.UserID) (*campaignbot.File, error) {
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		// The file's lock before any entry's (see lockFiles).
		if err := kb.lockFiles(tx, []int64{id}); err != nil {
			return err
		}
		row, err := liveFile(tx, ws, id)
		if err != nil {
			return err
		}
		if err := kb.writable(tx, row.Workspace, row.FolderID); err != nil {
			return err
		}
		err = tx.Model(&fileRow{}).Where("id = ?", id).Updates(map[string]any{"deleted_at": now(), "deleted_by": string(by), "is_latest": false}).Error
		if err != nil {
			return err
		}
		return kb.markLatest(tx, keyOf(row))
	})
	return kb.afterWrite(ctx, "trash file", ws, id, err)
}

// RestoreFile implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) RestoreFile(ctx context.Context, ws campaignbot.WorkspaceID, id int64, notBefore time.Time) (*campaignbot.File, error) {
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		// The file's lock before any entry's (see lockFiles).
		if err := kb.lockFiles(tx, []int64{id}); err != nil {
			return err
		}
		var row fileRow
		err := tx.Where("id = ? AND workspace = ?", id, string(ws)).Take(&row).Error
		if isNotFound(err) {
			return errNoFile()
		} else if err != nil {
			return err
		}
		if row.DeletedAt == nil || row.DeletedAt.Before(dbTime(notBefore)) {
			return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.Tn("storage.file-is-not-in-the-recycle", int(campaignbot.TrashRetention/(24*time.Hour)), row.Number, int(campaignbot.TrashRetention/(24*time.Hour))))
		}
		if err := kb.writable(tx, row.Workspace, row.FolderID); err != nil {
			return err
		}
		if err := tx.Model(&fileRow{}).Where("id = ?", id).Updates(map[string]any{"deleted_at": nil, "deleted_by": ""}).Error; err != nil {
			return err
		}
		return kb.markLatest(tx, keyOf(&row))
	})
	return kb.afterWrite(ctx, "restore file", ws, id, err)
}

// PurgeTrash implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) PurgeTrash(ctx context.Context, ws campaignbot.WorkspaceID, before time.Time) (int, error) {
	var n int
	err := kb.db.write(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&fileRow{}).Where("deleted_at IS NOT NULL AND deleted_at < ?", dbTime(before))
		if ws != "" {
			q = q.Where("workspace = ?", string(ws))
		}
		if kb.db.isPostgres() {
			// Locked, so that an entry restored meanwhile is read again
			// and left out rather than deleted live.
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var rows []fileRow
		if err := q.Select("id", "sha256").Find(&rows).Error; err != nil {
			return err
		}
		n = len(rows)
		if n == 0 {
			return nil
		}
		ids := make([]int64, n)
		refs := map[string]int{}
		for i, r := range rows {
			ids[i] = r.ID
			refs[r.SHA256]++
		}
		if !kb.db.isPostgres() {
			if err := tx.Exec("DELETE FROM file_search WHERE rowid IN ?", ids).Error; err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM file_bigrams WHERE rowid IN ?", ids).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec("DELETE FROM files WHERE id IN ?", ids).Error; err != nil {
			return err
		}
		for sum, k := range refs {
			if err := dropBlobReferences(tx, sum, k); err != nil {
				return err
			}
		}
		return nil
	})
	return n, wrapErr("purge trash", err)
}

// CountFiles implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) CountFiles(ctx context.Context, ws campaignbot.WorkspaceID, holder campaignbot.UserID) (map[int64]int, error) {
	var rows []struct {
		FolderID int64
		N        int
	}
	// A file is a name in a folder (unfiled: of a holder); names hold no
	// newline (CleanFileName drops control characters).
	err := kb.db.reader(ctx).Raw(`SELECT coalesce(folder_id, 0) AS folder_id, count(DISTINCT held_for || ? || name) AS n FROM files
WHERE workspace = ? AND deleted_at IS NULL AND (folder_id IS NOT NULL OR held_for IN ('', ?))
GROUP BY coalesce(folder_id, 0)`, "\n", string(ws), string(holder)).Scan(&rows).Error
	if err != nil {
		return nil, wrapErr("count files", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.FolderID] = r.N
	}
	return out, nil
}
