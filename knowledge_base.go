package campaignbot

import (
	"context"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Folder is a folder of the knowledge-base tree of one workspace.
type Folder struct {
	ID        int64
	Workspace WorkspaceID
	Path      FolderPath
	// Restricted folders are visible only to their members.
	Restricted bool
	// Archived folders are read-only.
	Archived bool
	// Implicit folders were created only as the parent of another folder
	// (Double 11 for Double 11/Design, Private channels for each private
	// channel's folder). One that holds nothing a viewer may see does not
	// appear to them at all; folders made on purpose (config, /kb mkdir)
	// always appear to those who may see them.
	Implicit bool
	// Grants say who may see and change the folder; see Access.
	Grants    []Grant
	CreatedAt time.Time
}

// MaxFileName is the longest file name kept, in characters.
const MaxFileName = 255

// MaxFileNumber is the highest number a new entry gets: numbers stay short
// enough to type (six digits).
const MaxFileNumber = 999_999

// File is one entry of the knowledge base: a shared file, its bytes held in
// the BlobStore under SHA256.
type File struct {
	// ID is the entry's internal key; users never see it.
	ID int64
	// Number is what users see and type (#482913): random, unique within
	// the workspace, at most MaxFileNumber, so it tells nothing of how
	// many entries were added before it, in this workspace or another.
	// Entries from before numbers existed keep their ID as their number.
	Number    int64
	Workspace WorkspaceID
	// FolderID is nil while the file waits to be filed.
	FolderID *int64
	// HeldFor is set on an unfiled entry that only one user may see until
	// they file it: the saver of a "Save to knowledge base" form, or a
	// sharer whom a filing rule could not file for. Everyone else, admins
	// included, is told it does not exist.
	HeldFor UserID
	Title   string
	// Name is the cleaned original file name.
	Name   string
	MIME   string
	Size   int64
	SHA256 string
	// Uploader shared the file; SavedBy filed it.
	Uploader UserID
	SavedBy  UserID
	// Channel and Permalink tell where it was shared.
	Channel   ChannelID
	Permalink string
	SharedAt  time.Time
	Tags      []string
	// Version counts files of the same name in the same folder, from 1;
	// unfiled entries count per holder (HeldFor), so nobody's versions
	// reveal another user's held files.
	Version int
	// Versions is how many live versions the file has (this one among
	// them), set only by listings that show each file once, as its
	// latest version (FileFilter.Latest, Search); 0 elsewhere.
	Versions int
	// Reshare is true when the same bytes were already in the knowledge base.
	Reshare bool
	// MessageTS is the platform id of the message that shared the file, so
	// that a thread reply can name the files of its parent message.
	MessageTS string
	// Text tells whether the file's contents are searchable.
	Text TextStatus
	// DeletedAt is set while the file is in the recycle bin.
	DeletedAt time.Time
	DeletedBy UserID
	CreatedAt time.Time
}

// TextStatus tells how much of a file the search index holds.
type TextStatus string

// Text statuses of a file.
const (
	// TextPending: extraction has not finished yet; title and metadata are
	// searchable already.
	TextPending TextStatus = ""
	// TextIndexed: the file's text is searchable.
	TextIndexed TextStatus = "indexed"
	// TextNone: the kind of file has no extractable text (images, archives).
	TextNone TextStatus = "none"
	// TextUnreadable: extraction failed or gave garbage (e.g. a scanned or
	// corrupt PDF); only title and metadata are searchable.
	TextUnreadable TextStatus = "unreadable"
)

// TrashRetention is how long files stay restorable in the recycle bin.
const TrashRetention = 30 * 24 * time.Hour

// CleanFileName makes a user-supplied file name safe to store and show: it
// keeps only the last path element, drops control characters and caps the
// length, keeping the extension. Returns EINVALID when nothing usable is left.
func CleanFileName(name string) (string, error) {
	name = strings.ToValidUTF8(name, "")
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || name == "/" {
		return "", NewError(EINVALID, T("campaignbot.the-file-has-no-usable-name"))
	}
	if utf8.RuneCountInString(name) > MaxFileName {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 16 {
			ext = ""
		}
		r := []rune(strings.TrimSuffix(name, ext))
		name = string(r[:MaxFileName-utf8.RuneCountInString(ext)]) + ext
	}
	return name, nil
}

// FileFilter selects knowledge-base files. Zero fields do not filter.
type FileFilter struct {
	Workspace WorkspaceID
	// FolderID keeps files of one folder; Unfiled keeps files of none.
	FolderID *int64
	Unfiled  bool
	Uploader UserID
	// Channel and MessageTS keep the files shared by one message.
	Channel   ChannelID
	MessageTS string
	// Trashed keeps only files in the recycle bin; by default they are left
	// out.
	Trashed bool
	// TextPending keeps files whose text was not extracted yet.
	TextPending bool
	// SHA256 keeps the entries of the same bytes.
	SHA256 string
	// Holder is who asks: unfiled entries held for anyone else (see
	// File.HeldFor) are always left out. AnyHolder keeps them all, for
	// maintenance that no user sees, such as text extraction.
	Holder    UserID
	AnyHolder bool
	// Folders, when not nil, keeps of the filed entries only those in
	// these folders (unfiled ones stay as Holder allows): the folders the
	// asker may see, so that a page is full and a count is theirs alone.
	Folders []int64
	// Latest keeps each live file once, as its latest version (no live
	// entry of the same name in the same folder, or for unfiled entries
	// of the same holder, has a higher version), and sets File.Versions.
	Latest bool
	// Offset skips that many matches, for paging; Limit caps them.
	Offset int
	Limit  int
}

// FileUpdate changes a file entry. Zero fields are left unchanged.
type FileUpdate struct {
	Title string
	// Tags replaces the tags when not nil.
	Tags *[]string
}

// KnowledgeBase stores the folder tree and the file entries. Permissions
// are not checked here: callers decide with Access. Every method returns
// EINTERNAL for failures of the database itself.
type KnowledgeBase interface {
	// EnsureFolder returns the folder at p, creating it and its parents.
	// Folder paths are unique ignoring case: an existing folder whose path
	// equals p ignoring case is returned (the exact spelling preferred),
	// and missing parts are created under the existing parents as they
	// are spelt. Returns EINVALID.
	EnsureFolder(ctx context.Context, ws WorkspaceID, p FolderPath) (*Folder, error)
	// ConfigureFolder ensures the folder at p (as EnsureFolder) and sets
	// its restricted flag and the grants that come from the config,
	// replacing earlier config grants. Grants made in chat are kept,
	// except when the folder becomes restricted while it was not (nor
	// inside a restricted folder): those on it and on its subfolders
	// outside restricted ones were made while everyone could see it, so
	// they are dropped and reported. Returns EINVALID.
	ConfigureFolder(ctx context.Context, ws WorkspaceID, p FolderPath, restricted bool, grants []Grant) (*FolderChange, error)
	// CreateFolder creates the folder at p (and missing parents), making
	// owner its owner. An implicit folder at p (ignoring case) is made a
	// folder on purpose instead, spelt as p, its subfolders staying as
	// they are. Returns EINVALID, ECONFLICT when another folder is at p
	// ignoring case, and EFORBIDDEN when a parent is archived.
	CreateFolder(ctx context.Context, ws WorkspaceID, p FolderPath, owner UserID) (*Folder, error)
	// FindFolder returns the folder at p, or else the first one whose
	// path equals p ignoring case. Returns ENOTFOUND.
	FindFolder(ctx context.Context, ws WorkspaceID, p FolderPath) (*Folder, error)
	// Folders returns every folder of the workspace with its grants,
	// ordered by path.
	Folders(ctx context.Context, ws WorkspaceID) ([]*Folder, error)
	// MoveFolder moves the folder at m.From, with everything in it but the
	// folders m.Leave (which stay where they are, their ancestors kept as
	// implicit folders), to the path m.To. An implicit folder at m.To is
	// taken over: what it holds joins the moved folder. When the moved
	// folders come under a restricted folder they were not under, the
	// grants made in chat on them are dropped (FolderChange.Relocked).
	// Returns ENOTFOUND (m.From, or m.To's parent, missing), EINVALID when
	// m.To is inside m.From (a cycle) or the moved folders would nest too
	// deep, ECONFLICT when another folder is at m.To or at the new path of
	// a moved folder (ignoring case), and EFORBIDDEN when either side is
	// archived.
	MoveFolder(ctx context.Context, ws WorkspaceID, m FolderMove) (*FolderChange, error)
	// ArchiveFolder makes the folder at p and its subfolders read-only and
	// returns how many folders it archived. Returns ENOTFOUND.
	ArchiveFolder(ctx context.Context, ws WorkspaceID, p FolderPath) (int, error)
	// Grant gives g on the folder, replacing an earlier grant to the same
	// principal. Returns ENOTFOUND and EINVALID.
	Grant(ctx context.Context, folderID int64, g Grant) error
	// Revoke removes the chat-made grant of a principal on the folder.
	// Returns ENOTFOUND when there is none.
	Revoke(ctx context.Context, folderID int64, kind PrincipalKind, principal string) error
	// AddFile stores f, assigning ID, Number, Version, Reshare and CreatedAt, and
	// counts one more reference to its bytes, which must already be in the
	// BlobStore. HeldFor is only for unfiled entries. Returns EINVALID, ENOTFOUND
	// (no such folder), EFORBIDDEN when the folder is archived, and
	// ECONFLICT when the latest version of the same name in the same folder
	// already has the same bytes.
	AddFile(ctx context.Context, f *File) error
	// FileInto files the entry id into the folder as the next version of
	// its name there, recording savedBy; title and tags replace the
	// entry's when not empty. Returns ENOTFOUND, EFORBIDDEN (archived) and
	// ECONFLICT when the folder's latest version has the same bytes.
	FileInto(ctx context.Context, ws WorkspaceID, id, folderID int64, savedBy UserID, title string, tags []string) (*File, error)
	// MoveFile moves the entry id and every other version of its name to the
	// folder. Returns ENOTFOUND, EFORBIDDEN (archived), ECONFLICT when the
	// folder has a file of that name.
	MoveFile(ctx context.Context, ws WorkspaceID, id, folderID int64) (*File, error)
	// RenameFile renames the entry id and every other version of its name.
	// Returns EINVALID, ENOTFOUND, EFORBIDDEN (archived) and ECONFLICT
	// when the folder has a file of the new name.
	RenameFile(ctx context.Context, ws WorkspaceID, id int64, name string) (*File, error)
	// UpdateFile changes the title or tags of one entry. Returns ENOTFOUND
	// and EFORBIDDEN (archived).
	UpdateFile(ctx context.Context, ws WorkspaceID, id int64, u FileUpdate) (*File, error)
	// TrashFile moves the entry to the recycle bin. Returns ENOTFOUND and
	// EFORBIDDEN (archived).
	TrashFile(ctx context.Context, ws WorkspaceID, id int64, by UserID) (*File, error)
	// RestoreFile takes the entry out of the recycle bin. Returns ENOTFOUND
	// (also when it was deleted before notBefore) and EFORBIDDEN (archived).
	RestoreFile(ctx context.Context, ws WorkspaceID, id int64, notBefore time.Time) (*File, error)
	// PurgeTrash deletes the entries trashed before t for good, in every
	// workspace when ws is "", and returns how many. Each drops its
	// reference to its bytes in the same transaction; BlobStore.Collect
	// then deletes the bytes no entry references any more.
	PurgeTrash(ctx context.Context, ws WorkspaceID, before time.Time) (int, error)
	// FindFile returns the file with the given ID, even from the recycle
	// bin. Returns ENOTFOUND.
	FindFile(ctx context.Context, ws WorkspaceID, id int64) (*File, error)
	// FileByNumber returns the file the workspace's users call #number,
	// even from the recycle bin. Returns ENOTFOUND.
	FileByNumber(ctx context.Context, ws WorkspaceID, number int64) (*File, error)
	// FindFiles returns the files matching f, newest first.
	FindFiles(ctx context.Context, f FileFilter) ([]*File, error)
	// CountMatches returns how many files FindFiles would return for f
	// without Offset and Limit.
	CountMatches(ctx context.Context, f FileFilter) (int, error)
	// CountFiles returns the number of live files per folder ID, each file
	// counted once however many versions it has; key 0 counts unfiled
	// files, of those held for someone only the ones held for holder.
	CountFiles(ctx context.Context, ws WorkspaceID, holder UserID) (map[int64]int, error)
	// SetFileText records the extracted text of the entry for search.
	// Returns ENOTFOUND.
	SetFileText(ctx context.Context, ws WorkspaceID, id int64, status TextStatus, text string) error
	// FileText returns the extracted text of the entry, "" when none.
	FileText(ctx context.Context, ws WorkspaceID, id int64) (string, error)
	// Search returns the live files matching s, best first. Returns
	// EINVALID when s has no terms and no filters.
	Search(ctx context.Context, s SearchOptions) ([]SearchHit, error)
}
