package storage

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// folderRow is a row of the folders table.
type folderRow struct {
	ID         int64 `gorm:"primaryKey"`
	Workspace  string
	Path       string
	ParentID   *int64
	Restricted bool
	Archived   bool
	Implicit   bool
	CreatedAt  time.Time
}

// TableName implements gorm's schema.Tabler.
func (folderRow) TableName() string { return "folders" }

// folder converts r to a Folder.
func (r *folderRow) folder() *campaignbot.Folder {
	return &campaignbot.Folder{
		ID:         r.ID,
		Workspace:  campaignbot.WorkspaceID(r.Workspace),
		Path:       campaignbot.FolderPath(r.Path),
		Restricted: r.Restricted,
		Archived:   r.Archived,
		Implicit:   r.Implicit,
		CreatedAt:  r.CreatedAt.UTC(),
	}
}

// EnsureFolder implements campaignbot.KnowledgeBase. Concurrent calls for
// the same path all succeed and return the same folder. The parents it
// creates are implicit (campaignbot.Folder.Implicit); the folder at p is
// not, unless it existed as one already.
func (kb *KnowledgeBase) EnsureFolder(ctx context.Context, ws campaignbot.WorkspaceID, p campaignbot.FolderPath) (*campaignbot.Folder, error) {
	if ws == "" {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-folder-needs-a-workspace"))
	}
	p, err := campaignbot.ParseFolderPath(string(p))
	if err != nil {
		return nil, err
	}
	// Most folders exist already, spelt as asked: look before taking the
	// write lock.
	var row folderRow
	err = kb.db.reader(ctx).Where("workspace = ? AND path = ?", string(ws), string(p)).Take(&row).Error
	if err == nil {
		return row.folder(), nil
	} else if !isNotFound(err) {
		return nil, wrapErr("find folder", err)
	}
	var found *folderRow
	err = kb.db.write(ctx, func(tx *gorm.DB) error {
		t, err := loadTree(tx, kb.db.isPostgres(), string(ws))
		if err != nil {
			return err
		}
		found, err = t.ensureIn(tx, p)
		return err
	})
	if err != nil {
		return nil, wrapErr("ensure folder", err)
	}
	return found.folder(), nil
}

// FindFolder implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) FindFolder(ctx context.Context, ws campaignbot.WorkspaceID, p campaignbot.FolderPath) (*campaignbot.Folder, error) {
	notFound := campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.there-is-no-folder", string(p)))
	clean, err := campaignbot.ParseFolderPath(string(p))
	if err != nil {
		return nil, notFound
	}
	folders, err := kb.Folders(ctx, ws)
	if err != nil {
		return nil, err
	}
	var fold *campaignbot.Folder
	for _, f := range folders {
		if f.Path == clean {
			return f, nil
		}
		if fold == nil && strings.EqualFold(string(f.Path), string(clean)) {
			fold = f
		}
	}
	if fold == nil {
		return nil, notFound
	}
	return fold, nil
}

// Folders implements campaignbot.KnowledgeBase. Paths are ordered segment by
// segment, so every folder comes right before its subfolders, identically
// on every database whatever its collation.
func (kb *KnowledgeBase) Folders(ctx context.Context, ws campaignbot.WorkspaceID) ([]*campaignbot.Folder, error) {
	var rows []folderRow
	if err := kb.db.reader(ctx).Where("workspace = ?", string(ws)).Find(&rows).Error; err != nil {
		return nil, wrapErr("list folders", err)
	}
	folders := make([]*campaignbot.Folder, len(rows))
	for i := range rows {
		folders[i] = rows[i].folder()
	}
	if err := loadGrants(kb.db.reader(ctx), string(ws), folders); err != nil {
		return nil, wrapErr("list folder grants", err)
	}
	slices.SortFunc(folders, func(a, b *campaignbot.Folder) int {
		return slices.Compare(strings.Split(string(a.Path), "/"), strings.Split(string(b.Path), "/"))
	})
	return folders, nil
}
