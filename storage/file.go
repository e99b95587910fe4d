package storage

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// addFileLock is the PostgreSQL advisory lock key that serializes AddFile
// within a workspace (its second half is the workspace's hash), so that
// concurrent adds compute distinct versions and see each other's bytes.
const addFileLock = 0x63626f75

// fileRow is a row of the files table.
type fileRow struct {
	ID        int64 `gorm:"primaryKey"`
	Number    int64
	Workspace string
	FolderID  *int64
	HeldFor   string
	Title     string
	Name      string
	MIME      string `gorm:"column:mime"`
	Size      int64
	SHA256    string `gorm:"column:sha256"`
	Uploader  string
	SavedBy   string
	Channel   string
	Permalink string
	SharedAt  time.Time
	// Tags is a JSON array of strings.
	Tags       string
	Version    int
	Reshare    bool
	MessageTS  string `gorm:"column:message_ts"`
	TextStatus string
	// SearchHead is the lower-cased title and name, which search ranks by.
	SearchHead string
	// IsLatest marks the latest live version of a file (see markLatest).
	IsLatest bool
	// RankKey orders search results newest first (see rankKey).
	RankKey int64
	// Versions is read from listings that count a file's live versions,
	// Matched from search: the version that matched.
	Versions  int `gorm:"->"`
	Matched   int `gorm:"->"`
	DeletedAt *time.Time
	DeletedBy string
	CreatedAt time.Time
}

// TableName implements gorm's schema.Tabler.
func (fileRow) TableName() string { return "files" }

// file converts r to a File.
func (r *fileRow) file() (*campaignbot.File, error) {
	var tags []string
	if err := json.Unmarshal([]byte(r.Tags), &tags); err != nil {
		return nil, err
	}
	return &campaignbot.File{
		ID:        r.ID,
		Number:    r.Number,
		Workspace: campaignbot.WorkspaceID(r.Workspace),
		FolderID:  r.FolderID,
		HeldFor:   campaignbot.UserID(r.HeldFor),
		Title:     r.Title,
		Name:      r.Name,
		MIME:      r.MIME,
		Size:      r.Size,
		SHA256:    r.SHA256,
		Uploader:  campaignbot.UserID(r.Uploader),
		SavedBy:   campaignbot.UserID(r.SavedBy),
		Channel:   campaignbot.ChannelID(r.Channel),
		Permalink: r.Permalink,
		SharedAt:  r.SharedAt.UTC(),
		Tags:      tags,
		Version:   r.Version,
		Versions:  r.Versions,
		Reshare:   r.Reshare,
		MessageTS: r.MessageTS,
		Text:      campaignbot.TextStatus(r.TextStatus),
		DeletedAt: fromNullTime(r.DeletedAt),
		DeletedBy: campaignbot.UserID(r.DeletedBy),
		CreatedAt: r.CreatedAt.UTC(),
	}, nil
}

// validateFile cleans f and reports an EINVALID error when it cannot be
// stored.
func validateFile(f *campaignbot.File) error {
	if f.Workspace == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-file-needs-a-workspace"))
	}
	if f.HeldFor != "" && f.FolderID != nil {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.only-an-unfiled-file-can-be"))
	}
	name, err := campaignbot.CleanFileName(f.Name)
	if err != nil {
		return err
	}
	f.Name = name
	if f.Title = strings.TrimSpace(f.Title); f.Title == "" {
		f.Title = f.Name
	}
	if f.Size <= 0 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-file-is-empty", f.Name))
	}
	f.SHA256 = strings.ToLower(f.SHA256)
	if !validSHA256(f.SHA256) {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-file-has-no-valid-sha", f.Name))
	}
	tags := make([]string, 0, len(f.Tags))
	for _, t := range f.Tags {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	f.Tags = tags
	return nil
}

// AddFile implements campaignbot.KnowledgeBase. Number is the first
// candidate of the KnowledgeBase's NumberPicker no entry of the workspace
// has. Version is one more than the
// highest version of a file with the same name in the same folder (files
// waiting to be filed count as one folder per holder); Reshare is true when
// the workspace already has a file with the same bytes, whoever may see it.
// When the latest version of the same name in the same folder has the same
// bytes, nothing is added and ECONFLICT says so. The entry's reference to
// its bytes is counted in the same transaction.
func (kb *KnowledgeBase) AddFile(ctx context.Context, f *campaignbot.File) error {
	if err := validateFile(f); err != nil {
		return err
	}
	ts := now()
	if f.SharedAt.IsZero() {
		f.SharedAt = ts
	}
	f.SharedAt = dbTime(f.SharedAt)
	tags, err := json.Marshal(f.Tags)
	if err != nil {
		return wrapErr("add file", err)
	}
	row := fileRow{
		Workspace: string(f.Workspace),
		FolderID:  f.FolderID,
		HeldFor:   string(f.HeldFor),
		Title:     f.Title,
		Name:      f.Name,
		MIME:      f.MIME,
		Size:      f.Size,
		SHA256:    f.SHA256,
		Uploader:  string(f.Uploader),
		SavedBy:   string(f.SavedBy),
		Channel:   string(f.Channel),
		Permalink: f.Permalink,
		SharedAt:  f.SharedAt,
		Tags:      string(tags),
		MessageTS: f.MessageTS,
		CreatedAt: ts,
	}
	err = kb.db.write(ctx, func(tx *gorm.DB) error {
		if kb.db.isPostgres() {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(?))", addFileLock, row.Workspace).Error; err != nil {
				return err
			}
		}
		if row.FolderID != nil {
			if err := checkFolderWritable(tx, kb.db.isPostgres(), row.Workspace, *row.FolderID); err != nil {
				return err
			}
		}
		version, err := nextVersion(tx, &row, row.FolderID, 0)
		if err != nil {
			return err
		}
		row.Version = version
		var reshare int
		err = tx.Raw("SELECT CASE WHEN EXISTS (SELECT 1 FROM files WHERE workspace = ? AND sha256 = ?) THEN 1 ELSE 0 END",
			row.Workspace, row.SHA256).Scan(&reshare).Error
		if err != nil {
			return err
		}
		row.Reshare = reshare == 1
		if row.Number, err = kb.numberFor(tx, f); err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if err := setRankKey(tx, &row); err != nil {
			return err
		}
		if err := addBlobReferences(tx, row.SHA256, row.Size, 1); err != nil {
			return err
		}
		// reindex marks the latest version and writes the file's search
		// row (markLatest) once the new version's text is indexed.
		return kb.reindex(tx, row.ID)
	})
	if err != nil {
		return wrapErr("add file", err)
	}
	f.ID, f.Number, f.Version, f.Reshare, f.CreatedAt = row.ID, row.Number, row.Version, row.Reshare, row.CreatedAt
	return nil
}

// nextVersion returns the version the entry r gets in the folder (nil:
// unfiled, where each holder's entries count apart): one more than the
// highest version of r's name there, trashed ones included. It returns
// ECONFLICT when the latest live version other than the entry skip
// already has r's bytes.
func nextVersion(tx *gorm.DB, r *fileRow, folderID *int64, skip int64) (int, error) {
	ws, name, sum := r.Workspace, r.Name, r.SHA256
	same := func() *gorm.DB {
		q := tx.Model(&fileRow{}).Where("workspace = ? AND name = ? AND id <> ?", ws, name, skip)
		if folderID == nil {
			return q.Where("folder_id IS NULL AND held_for = ?", r.HeldFor)
		}
		return q.Where("folder_id = ?", *folderID)
	}
	var latest fileRow
	switch err := same().Where("deleted_at IS NULL").Order("version DESC").Limit(1).Take(&latest).Error; {
	case isNotFound(err):
	case err != nil:
		return 0, err
	case latest.SHA256 == sum:
		return 0, campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.is-already-in-the-knowledge-base", name, latest.Number, latest.Version))
	}
	var top *int
	if err := same().Select("MAX(version)").Scan(&top).Error; err != nil {
		return 0, err
	}
	if top == nil {
		return 1, nil
	}
	return *top + 1, nil
}

// checkFolderWritable returns ENOTFOUND when the workspace has no folder
// with the given ID and EFORBIDDEN when it is archived. On PostgreSQL it
// share-locks the folder's row so that it cannot be archived meanwhile.
func checkFolderWritable(tx *gorm.DB, lock bool, ws string, id int64) error {
	q := tx.Where("id = ? AND workspace = ?", id, ws)
	if lock {
		q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthShare})
	}
	var folder folderRow
	if err := q.Take(&folder).Error; isNotFound(err) {
		return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.that-folder-no-longer-exists"))
	} else if err != nil {
		return err
	}
	if folder.Archived {
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("storage.the-folder-is-archived-and-read-9c1649", folder.Path))
	}
	return nil
}

// FindFile implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) FindFile(ctx context.Context, ws campaignbot.WorkspaceID, id int64) (*campaignbot.File, error) {
	var row fileRow
	err := kb.db.reader(ctx).Where("id = ? AND workspace = ?", id, string(ws)).Take(&row).Error
	if isNotFound(err) {
		return nil, errNoFile()
	} else if err != nil {
		return nil, wrapErr("find file", err)
	}
	f, err := row.file()
	return f, wrapErr("find file", err)
}

// FindFiles implements campaignbot.KnowledgeBase. Filters combine: FolderID
// with Unfiled matches nothing.
func (kb *KnowledgeBase) FindFiles(ctx context.Context, filter campaignbot.FileFilter) ([]*campaignbot.File, error) {
	q := kb.matches(ctx, filter)
	if filter.Latest {
		q = q.Select("files.*, (SELECT count(*) FROM files v WHERE " + kb.sameFile("v", "files") + " AND v.deleted_at IS NULL) AS versions")
	}
	q = q.Order("created_at DESC, id DESC")
	if filter.Offset > 0 {
		q = q.Offset(filter.Offset)
	}
	if filter.Limit > 0 {
		q = q.Limit(filter.Limit)
	}
	var rows []fileRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, wrapErr("find files", err)
	}
	files := make([]*campaignbot.File, len(rows))
	for i := range rows {
		f, err := rows[i].file()
		if err != nil {
			return nil, wrapErr("find files", err)
		}
		files[i] = f
	}
	return files, nil
}

// CountMatches implements campaignbot.KnowledgeBase.
func (kb *KnowledgeBase) CountMatches(ctx context.Context, filter campaignbot.FileFilter) (int, error) {
	var n int64
	if err := kb.matches(ctx, filter).Count(&n).Error; err != nil {
		return 0, wrapErr("count files", err)
	}
	return int(n), nil
}

// matches selects the entries of the files table matching filter, without
// its Offset and Limit.
func (kb *KnowledgeBase) matches(ctx context.Context, filter campaignbot.FileFilter) *gorm.DB {
	q := kb.db.reader(ctx).Model(&fileRow{})
	if filter.Trashed {
		q = q.Where("deleted_at IS NOT NULL")
	} else {
		q = q.Where("deleted_at IS NULL")
	}
	if filter.TextPending {
		q = q.Where("text_status = ''")
	}
	if filter.Channel != "" {
		q = q.Where("channel = ?", string(filter.Channel))
	}
	if filter.MessageTS != "" {
		q = q.Where("message_ts = ?", filter.MessageTS)
	}
	if filter.Workspace != "" {
		q = q.Where("workspace = ?", string(filter.Workspace))
	}
	if filter.FolderID != nil {
		q = q.Where("folder_id = ?", *filter.FolderID)
	}
	if filter.Unfiled {
		q = q.Where("folder_id IS NULL")
	}
	if filter.Uploader != "" {
		q = q.Where("uploader = ?", string(filter.Uploader))
	}
	if filter.SHA256 != "" {
		q = q.Where("sha256 = ?", strings.ToLower(filter.SHA256))
	}
	if !filter.AnyHolder {
		q = q.Where("(folder_id IS NOT NULL OR held_for = '' OR held_for = ?)", string(filter.Holder))
	}
	switch {
	case filter.Folders == nil:
	case len(filter.Folders) == 0:
		q = q.Where("folder_id IS NULL")
	default:
		q = q.Where("(folder_id IS NULL OR folder_id IN ?)", filter.Folders)
	}
	if filter.Latest {
		q = q.Where("NOT EXISTS (SELECT 1 FROM files n WHERE " + kb.sameFile("n", "files") + " AND n.deleted_at IS NULL AND n.version > files.version)")
	}
	return q
}

// sameFile is the SQL condition that the entries a and b (table aliases)
// are versions of one file: the same name in the same folder, or unfiled
// and held for the same user (see versions). SQLite compares the folders
// with IS, which is NULL-safe and uses the (folder_id, name) index.
func (kb *KnowledgeBase) sameFile(a, b string) string {
	folder := a + ".folder_id IS " + b + ".folder_id"
	if kb.db.isPostgres() {
		// PostgreSQL has no index-friendly null-safe equality; the
		// files_same_file index is on COALESCE(folder_id, 0).
		folder = "COALESCE(" + a + ".folder_id, 0) = COALESCE(" + b + ".folder_id, 0)"
	}
	return a + ".workspace = " + b + ".workspace AND " + a + ".name = " + b + ".name AND " + a + ".held_for = " + b + ".held_for AND " + folder
}

// validSHA256 reports whether s is a lower-case hex SHA-256 digest.
func validSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
