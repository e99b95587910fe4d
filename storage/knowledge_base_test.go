package storage_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestEnsureFolder(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		f, err := kb.EnsureFolder(ctx, "T1", " Double 11 / Design / Banners ")
		if err != nil {
			t.Fatal(err)
		}
		if f.ID == 0 || f.Path != "Double 11/Design/Banners" || f.Workspace != "T1" || f.Archived || f.Restricted || f.CreatedAt.IsZero() {
			t.Errorf("EnsureFolder = %+v", f)
		}
		again, err := kb.EnsureFolder(ctx, "T1", "Double 11/Design/Banners")
		if err != nil || again.ID != f.ID {
			t.Errorf("EnsureFolder again = %+v, %v; want ID %d", again, err, f.ID)
		}
		for _, p := range []campaignbot.FolderPath{"Double 11", "Double 11/Design"} {
			if _, err := kb.FindFolder(ctx, "T1", p); err != nil {
				t.Errorf("parent %q: %v", p, err)
			}
		}
		_, err = kb.FindFolder(ctx, "T2", "Double 11")
		wantCode(t, err, campaignbot.ENOTFOUND)
		_, err = kb.FindFolder(ctx, "T1", "Double 11/Nope")
		wantCode(t, err, campaignbot.ENOTFOUND)
		_, err = kb.FindFolder(ctx, "T1", "a//b")
		wantCode(t, err, campaignbot.ENOTFOUND)

		for _, p := range []campaignbot.FolderPath{"", "a//b", "a/../b", "a/\x01"} {
			_, err := kb.EnsureFolder(ctx, "T1", p)
			wantCode(t, err, campaignbot.EINVALID)
		}
		_, err = kb.EnsureFolder(ctx, "", "a")
		wantCode(t, err, campaignbot.EINVALID)

		// Paths are unique ignoring case: the existing spelling wins.
		same, err := kb.EnsureFolder(ctx, "T1", "double 11/DESIGN/banners")
		if err != nil || same.ID != f.ID || same.Path != "Double 11/Design/Banners" {
			t.Errorf("EnsureFolder in another case = %+v, %v; want folder %d", same, err, f.ID)
		}
		found, err := kb.FindFolder(ctx, "T1", "DOUBLE 11/design")
		if err != nil || found.Path != "Double 11/Design" {
			t.Errorf("FindFolder in another case = %+v, %v", found, err)
		}

		// Folders lists a folder right before its subfolders.
		for _, p := range []campaignbot.FolderPath{"Double 11 Extra", "618", "double 11/Copy", "double 12"} {
			if _, err := kb.EnsureFolder(ctx, "T1", p); err != nil {
				t.Fatal(err)
			}
		}
		kb.EnsureFolder(ctx, "T2", "Other")
		folders, err := kb.Folders(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		var got []campaignbot.FolderPath
		for _, f := range folders {
			got = append(got, f.Path)
		}
		want := []campaignbot.FolderPath{"618", "Double 11", "Double 11/Copy", "Double 11/Design", "Double 11/Design/Banners", "Double 11 Extra", "double 12"}
		if !slices.Equal(got, want) {
			t.Errorf("Folders = %q\nwant      %q", got, want)
		}
	})
}

func TestEnsureFolderConcurrently(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		kb := storage.NewKnowledgeBase(db)
		const n = 16
		ids := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				p := campaignbot.FolderPath("Q4/Shared/Final")
				if i%2 == 1 {
					p = "Q4/Shared/Drafts"
				}
				f, err := kb.EnsureFolder(context.Background(), "T1", p)
				if err != nil {
					t.Errorf("EnsureFolder: %v", err)
					return
				}
				ids[i] = f.ID
			})
		}
		wg.Wait()
		for i := 2; i < n; i++ {
			if ids[i] != ids[i%2] {
				t.Fatalf("folder IDs = %v, want two distinct values alternating", ids)
			}
		}
		folders, _ := kb.Folders(context.Background(), "T1")
		if len(folders) != 4 {
			t.Errorf("got %d folders, want 4", len(folders))
		}
	})
}

func TestAddFile(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		design, _ := kb.EnsureFolder(ctx, "T1", "Design")
		copyF, _ := kb.EnsureFolder(ctx, "T1", "Copy")
		other, _ := kb.EnsureFolder(ctx, "T2", "Design")
		archived, _ := kb.EnsureFolder(ctx, "T1", "Old")
		if err := db.Exec(ctx, "UPDATE folders SET archived = TRUE WHERE id = ?", archived.ID); err != nil {
			t.Fatal(err)
		}
		sharedAt := time.Date(2025, 10, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

		tests := []struct {
			name        string
			ws          campaignbot.WorkspaceID
			folder      *int64
			fileName    string
			content     string
			size        int64
			wantName    string
			wantVersion int
			wantReshare bool
			wantCode    string
		}{
			{name: "first", ws: "T1", folder: &design.ID, fileName: "banner.psd", content: "a", wantVersion: 1},
			{name: "same name new bytes", ws: "T1", folder: &design.ID, fileName: "banner.psd", content: "b", wantVersion: 2},
			{name: "same name same bytes as the latest", ws: "T1", folder: &design.ID, fileName: "banner.psd", content: "b", wantCode: campaignbot.ECONFLICT},
			{name: "same name, bytes of an older version", ws: "T1", folder: &design.ID, fileName: "banner.psd", content: "a", wantVersion: 3, wantReshare: true},
			{name: "other folder", ws: "T1", folder: &copyF.ID, fileName: "banner.psd", content: "c", wantVersion: 1},
			{name: "unfiled", ws: "T1", fileName: "banner.psd", content: "d", wantVersion: 1},
			{name: "unfiled again, bytes seen in a folder", ws: "T1", fileName: "banner.psd", content: "a", wantVersion: 2, wantReshare: true},
			{name: "name is cleaned", ws: "T1", folder: &design.ID, fileName: `..\evil/../banner.psd`, content: "e", wantName: "banner.psd", wantVersion: 4},
			{name: "other workspace does not reshare", ws: "T2", folder: &other.ID, fileName: "banner.psd", content: "a", wantVersion: 1},
			{name: "folder of another workspace", ws: "T1", folder: &other.ID, fileName: "x.pdf", content: "f", wantCode: campaignbot.ENOTFOUND},
			{name: "missing folder", ws: "T1", folder: ptrInt(999999), fileName: "x.pdf", content: "f", wantCode: campaignbot.ENOTFOUND},
			{name: "archived folder", ws: "T1", folder: &archived.ID, fileName: "x.pdf", content: "f", wantCode: campaignbot.EFORBIDDEN},
			{name: "no name", ws: "T1", fileName: " / ", content: "f", wantCode: campaignbot.EINVALID},
			{name: "empty", ws: "T1", fileName: "x.pdf", content: "f", size: -1, wantCode: campaignbot.EINVALID},
			{name: "no workspace", fileName: "x.pdf", content: "f", wantCode: campaignbot.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := &campaignbot.File{
					Workspace: tt.ws, FolderID: tt.folder, Name: tt.fileName, MIME: "image/vnd.adobe.photoshop",
					Size: int64(len(tt.content)), SHA256: sum(tt.content), Uploader: "U1", SavedBy: "U2",
					Channel: "C1", Permalink: "https://example.slack.com/files/F1", SharedAt: sharedAt,
					Tags: []string{"kv", " banner ", "kv", ""},
				}
				if tt.size < 0 {
					f.Size = 0
				}
				err := kb.AddFile(ctx, f)
				if tt.wantCode != "" {
					wantCode(t, err, tt.wantCode)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				wantName := tt.wantName
				if wantName == "" {
					wantName = tt.fileName
				}
				if f.ID == 0 || f.Name != wantName || f.Title != wantName || f.Version != tt.wantVersion || f.Reshare != tt.wantReshare || f.CreatedAt.IsZero() {
					t.Errorf("AddFile set ID %d, Name %q, Title %q, Version %d, Reshare %v; want name %q, version %d, reshare %v",
						f.ID, f.Name, f.Title, f.Version, f.Reshare, wantName, tt.wantVersion, tt.wantReshare)
				}
				got, err := kb.FindFile(ctx, tt.ws, f.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !got.SharedAt.Equal(sharedAt) || got.SharedAt.Location() != time.UTC || !got.CreatedAt.Equal(f.CreatedAt) {
					t.Errorf("SharedAt, CreatedAt = %v, %v", got.SharedAt, got.CreatedAt)
				}
				got.SharedAt, got.CreatedAt, f.SharedAt, f.CreatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
				if !reflect.DeepEqual(got, f) || !slices.Equal(got.Tags, []string{"kv", "banner"}) {
					t.Errorf("FindFile = %+v\nwant       %+v", got, f)
				}
			})
		}

		_, err := kb.FindFile(ctx, "T2", 1)
		wantCode(t, err, campaignbot.ENOTFOUND)

		bad := &campaignbot.File{Workspace: "T1", Name: "x", Size: 1, SHA256: "abc"}
		wantCode(t, kb.AddFile(ctx, bad), campaignbot.EINVALID)
		upper := &campaignbot.File{Workspace: "T1", Name: "x", Size: 1, SHA256: "A" + sum("x")[1:]}
		if err := kb.AddFile(ctx, upper); err != nil || upper.SHA256[0] != 'a' {
			t.Errorf("upper-case digest: %v, %q", err, upper.SHA256)
		}
	})
}

func ptrInt(i int64) *int64 { return &i }

func TestAddFileConcurrently(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		kb := storage.NewKnowledgeBase(db)
		const n = 12
		versions := make([]int, n)
		reshares := 0
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				// Alternate two contents so that no add repeats the latest
				// version; one in every pair is a re-share after the first two.
				f := &campaignbot.File{Workspace: "T1", Name: "plan.xlsx", Size: 1, SHA256: sum(fmt.Sprint(i))}
				if err := kb.AddFile(context.Background(), f); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				versions[i] = f.Version
				if f.Reshare {
					reshares++
				}
			})
		}
		wg.Wait()
		slices.Sort(versions)
		for i, v := range versions {
			if v != i+1 {
				t.Fatalf("versions = %v, want 1..%d", versions, n)
			}
		}
		if reshares != 0 {
			t.Errorf("%d reshares of distinct contents, want 0", reshares)
		}
	})
}

func TestFindFiles(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		a, _ := kb.EnsureFolder(ctx, "T1", "A")
		b, _ := kb.EnsureFolder(ctx, "T1", "B")
		seed := []struct {
			name     string
			folder   *int64
			uploader campaignbot.UserID
			ws       campaignbot.WorkspaceID
		}{
			{"1", &a.ID, "U1", "T1"},
			{"2", &b.ID, "U2", "T1"},
			{"3", nil, "U1", "T1"},
			{"4", &a.ID, "U2", "T1"},
			{"5", nil, "U1", "T2"},
		}
		for _, s := range seed {
			f := &campaignbot.File{Workspace: s.ws, FolderID: s.folder, Name: s.name, Size: 1, SHA256: sum(s.name), Uploader: s.uploader}
			if err := kb.AddFile(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			f    campaignbot.FileFilter
			want []string
		}{
			{"workspace, newest first", campaignbot.FileFilter{Workspace: "T1"}, []string{"4", "3", "2", "1"}},
			{"folder", campaignbot.FileFilter{Workspace: "T1", FolderID: &a.ID}, []string{"4", "1"}},
			{"unfiled", campaignbot.FileFilter{Workspace: "T1", Unfiled: true}, []string{"3"}},
			{"unfiled everywhere", campaignbot.FileFilter{Unfiled: true}, []string{"5", "3"}},
			{"uploader", campaignbot.FileFilter{Workspace: "T1", Uploader: "U1"}, []string{"3", "1"}},
			{"limit", campaignbot.FileFilter{Workspace: "T1", Limit: 1}, []string{"4"}},
			{"folder and unfiled", campaignbot.FileFilter{Workspace: "T1", FolderID: &a.ID, Unfiled: true}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				files, err := kb.FindFiles(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, f := range files {
					got = append(got, f.Name)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("FindFiles = %q, want %q", got, tt.want)
				}
			})
		}
	})
}
