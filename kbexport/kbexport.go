// Package kbexport writes a knowledge-base folder as a zip archive: the
// files in their folder structure plus index.json and index.html listing
// titles, uploaders, dates, tags and sources, so a campaign's material can
// be handed to the next one. Bytes stream from the BlobStore into the zip;
// nothing is held in memory whole.
package kbexport

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
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
		return sum, campaignbot.Errorf(campaignbot.ENOTFOUND, "There is no folder %q.", "没有文件夹 %q。", string(o.Root))
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
	if err := writeIndex(zw, idx); err != nil {
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

// page renders index.html.
var page = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Root}} — campaignbot export</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head>
<body><h1>{{.Root}}</h1><p>Exported {{.ExportedAt.Format "2006-01-02 15:04 MST"}} · {{len .Files}} files</p>
<table><tr><th>Folder 文件夹</th><th>Title 标题</th><th>File 文件</th><th>Version 版本</th><th>Uploader 上传者</th><th>Shared 分享时间</th><th>Tags 标签</th><th>Source 来源</th></tr>
{{range .Files}}<tr><td>{{.Folder}}</td><td>{{.Title}}</td><td><a href="{{.Path}}">{{.Name}}</a></td><td>{{.Version}}</td><td>{{.Uploader}}</td><td>{{.SharedAt.Format "2006-01-02 15:04"}}</td><td>{{range $i, $t := .Tags}}{{if $i}}, {{end}}{{$t}}{{end}}</td><td>{{if .Permalink}}<a href="{{.Permalink}}">{{.Channel}}</a>{{else}}{{.Channel}}{{end}}</td></tr>
{{end}}</table></body></html>
`))

// writeIndex adds index.json and index.html.
func writeIndex(zw *zip.Writer, idx Index) error {
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
	if err := page.Execute(w, idx); err != nil {
		return fmt.Errorf("kbexport: index.html: %w", err)
	}
	return nil
}
