// Package kbexport writes a knowledge-base folder as a zip archive: the
// files in their folder structure plus index.json, for programs, and
// index.html, the archive people open after the campaign (page.go): the
// folder tree, each file's type, size, versions, thumbnail, title,
// uploader, time, tags and source, with a filter that works offline, so a
// campaign's material can be handed to the next one. Bytes stream from the BlobStore into the zip;
// nothing is held in memory whole.
package kbexport

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// Options say what to export.
type Options struct {
	KB        campaignbot.KnowledgeBase
	Blobs     campaignbot.BlobStore
	Workspace campaignbot.WorkspaceID
	// Root is the folder exported with its subfolders.
	Root campaignbot.FolderPath
	// CanSee filters folders; nil exports everything.
	CanSee func(folderID *int64) bool
	// Now stamps the index; zero means time.Now.
	Now time.Time
	// Location is the zone index.html shows times in (the configured
	// one); nil means UTC. index.json keeps UTC whatever it is.
	Location *time.Location
	// Language is the language index.html names first; the other
	// follows each label. Empty means English.
	Language campaignbot.Language
	// Extra are files added beside index.json that are not in the
	// knowledge base, such as a campaign's review and to-do history.
	Extra []Extra
}

// Extra is a file added to an export by name (slash-separated, relative
// to the zip's root).
type Extra struct {
	Name     string
	Data     []byte
	Modified time.Time
}

// Entry is one file of index.json.
type Entry struct {
	// Number is the file number users see and type.
	Number    int64     `json:"number"`
	Path      string    `json:"path"`
	Folder    string    `json:"folder"`
	Name      string    `json:"name"`
	Title     string    `json:"title"`
	Version   int       `json:"version"`
	MIME      string    `json:"mime"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	Uploader  string    `json:"uploader"`
	SavedBy   string    `json:"saved_by,omitempty"`
	Channel   string    `json:"channel,omitempty"`
	Permalink string    `json:"permalink,omitempty"`
	SharedAt  time.Time `json:"shared_at"`
	Tags      []string  `json:"tags"`
}

// Index is index.json.
type Index struct {
	Root       string    `json:"root"`
	ExportedAt time.Time `json:"exported_at"`
	Folders    []string  `json:"folders"`
	Files      []Entry   `json:"files"`
}

// Summary tells what was written.
type Summary struct {
	Folders int
	Files   int
	Bytes   int64
}

// Write writes the zip to w. Returns ENOTFOUND when Root does not exist or
// may not be seen.
func Write(ctx context.Context, w io.Writer, o Options) (Summary, error) {
	var sum Summary
	root, err := o.KB.FindFolder(ctx, o.Workspace, o.Root)
	if err != nil {
		return sum, err
	}
	if o.CanSee != nil && !o.CanSee(&root.ID) {
		return sum, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("kbexport.there-is-no-folder", string(o.Root)))
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	folders, err := o.KB.Folders(ctx, o.Workspace)
	if err != nil {
		return sum, err
	}
	zw := zip.NewWriter(w)
	idx := Index{Root: string(root.Path), ExportedAt: o.Now.UTC(), Files: []Entry{}}
	base := root.Path.Name()
	for _, f := range folders {
		if f.Path != root.Path && !strings.HasPrefix(string(f.Path), string(root.Path)+"/") {
			continue
		}
		if o.CanSee != nil && !o.CanSee(&f.ID) {
			continue
		}
		rel := base + strings.TrimPrefix(string(f.Path), string(root.Path))
		idx.Folders = append(idx.Folders, string(f.Path))
		sum.Folders++
		if _, err := zw.Create(rel + "/"); err != nil {
			return sum, fmt.Errorf("kbexport: %w", err)
		}
		files, err := o.KB.FindFiles(ctx, campaignbot.FileFilter{Workspace: o.Workspace, FolderID: &f.ID})
		if err != nil {
			return sum, err
		}
		latest := map[string]int{}
		for _, file := range files {
			latest[file.Name] = max(latest[file.Name], file.Version)
		}
		for _, file := range files {
			name := file.Name
			if file.Version < latest[file.Name] {
				ext := path.Ext(name)
				name = fmt.Sprintf("%s (v%d)%s", strings.TrimSuffix(name, ext), file.Version, ext)
			}
			p := rel + "/" + name
			n, err := copyBlob(ctx, zw, o.Blobs, file, p)
			if err != nil {
				return sum, err
			}
			sum.Files++
			sum.Bytes += n
			idx.Files = append(idx.Files, Entry{
				Number: file.Number, Path: p, Folder: string(f.Path), Name: file.Name, Title: file.Title, Version: file.Version,
				MIME: file.MIME, Size: file.Size, SHA256: file.SHA256, Uploader: string(file.Uploader), SavedBy: string(file.SavedBy),
				Channel: string(file.Channel), Permalink: file.Permalink, SharedAt: file.SharedAt, Tags: append([]string{}, file.Tags...),
			})
		}
	}
	for _, e := range o.Extra {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: e.Modified})
		if err != nil {
			return sum, fmt.Errorf("kbexport: %w", err)
		}
		if _, err := w.Write(e.Data); err != nil {
			return sum, fmt.Errorf("kbexport: %s: %w", e.Name, err)
		}
		sum.Files++
		sum.Bytes += int64(len(e.Data))
	}
	if err := writeIndex(zw, idx, o.Location, o.Language); err != nil {
		return sum, err
	}
	if err := zw.Close(); err != nil {
		return sum, fmt.Errorf("kbexport: %w", err)
	}
	return sum, nil
}

// copyBlob streams one file's bytes into the zip.
func copyBlob(ctx context.Context, zw *zip.Writer, blobs campaignbot.BlobStore, f *campaignbot.File, name string) (int64, error) {
	rc, err := blobs.Open(ctx, f.SHA256)
	if err != nil {
		return 0, fmt.Errorf("kbexport: file #%d: %w", f.ID, err)
	}
	defer rc.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: f.SharedAt})
	if err != nil {
		return 0, fmt.Errorf("kbexport: %w", err)
	}
	n, err := io.Copy(w, rc)
	if err != nil {
		return n, fmt.Errorf("kbexport: file #%d: %w", f.ID, err)
	}
	return n, nil
}

// writeIndex adds index.json and index.html.
func writeIndex(zw *zip.Writer, idx Index, loc *time.Location, lang campaignbot.Language) error {
	w, err := zw.Create("index.json")
	if err != nil {
		return fmt.Errorf("kbexport: %w", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(idx); err != nil {
		return fmt.Errorf("kbexport: index.json: %w", err)
	}
	if w, err = zw.Create("index.html"); err != nil {
		return fmt.Errorf("kbexport: %w", err)
	}
	if err := writePage(w, idx, loc, lang); err != nil {
		return fmt.Errorf("kbexport: index.html: %w", err)
	}
	return nil
}
