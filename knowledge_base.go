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
	Archived  bool
	CreatedAt time.Time
}

// MaxFileName is the longest file name kept, in characters.
const MaxFileName = 255

// File is one entry of the knowledge base: a shared file, its bytes held in
// the BlobStore under SHA256.
type File struct {
	ID        int64
	Workspace WorkspaceID
	// FolderID is nil while the file waits to be filed.
	FolderID *int64
	Title    string
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
	// Version counts files of the same name in the same folder, from 1.
	Version int
	// Reshare is true when the same bytes were already in the knowledge base.
	Reshare   bool
	CreatedAt time.Time
}

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
		return "", Errorf(EINVALID, "The file has no usable name.", "文件名无效。")
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
	Limit    int
}

// KnowledgeBase stores the folder tree and the file entries.
type KnowledgeBase interface {
	// EnsureFolder returns the folder at p, creating it and its parents.
	// Returns EINVALID.
	EnsureFolder(ctx context.Context, ws WorkspaceID, p FolderPath) (*Folder, error)
	// FindFolder returns the folder at p. Returns ENOTFOUND.
	FindFolder(ctx context.Context, ws WorkspaceID, p FolderPath) (*Folder, error)
	// Folders returns every folder of the workspace ordered by path.
	Folders(ctx context.Context, ws WorkspaceID) ([]*Folder, error)
	// AddFile stores f, assigning ID, Version, Reshare and CreatedAt. Its
	// bytes must already be in the BlobStore. Returns EINVALID, ENOTFOUND
	// (no such folder), EFORBIDDEN when the folder is archived, and
	// ECONFLICT when the latest version of the same name in the same folder
	// already has the same bytes.
	AddFile(ctx context.Context, f *File) error
	// FindFile returns the file with the given ID. Returns ENOTFOUND.
	FindFile(ctx context.Context, ws WorkspaceID, id int64) (*File, error)
	// FindFiles returns the files matching f, newest first.
	FindFiles(ctx context.Context, f FileFilter) ([]*File, error)
}
