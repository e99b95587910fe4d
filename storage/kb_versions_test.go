package storage_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// versionsOf describes files as name@version/versions, in order.
func versionsOf(files []*campaignbot.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = fmt.Sprintf("%s@v%d/%d", f.Name, f.Version, f.Versions)
	}
	return out
}

// TestLatestVersions: FileFilter.Latest lists each file once as its latest
// live version with its number of live versions, pages with Offset and
// Limit, and CountMatches and CountFiles count the same files.
func TestLatestVersions(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		open, _ := kb.EnsureFolder(ctx, "T1", "Open")
		hidden, _ := kb.EnsureFolder(ctx, "T1", "Hidden")
		at := func(m int) func(*campaignbot.File) {
			return func(f *campaignbot.File) { f.SharedAt = time.Date(2026, 10, 1, 0, m, 0, 0, time.UTC) }
		}
		put(t, kb, open, "plan.md", "plan 1", at(1))
		put(t, kb, open, "brief.txt", "brief", at(2))
		put(t, kb, open, "plan.md", "plan 2", at(3))
		v3 := put(t, kb, open, "plan.md", "plan 3", at(4))
		put(t, kb, hidden, "plan.md", "hidden plan", at(5))
		put(t, kb, nil, "x.txt", "alice 1", func(f *campaignbot.File) { f.HeldFor = "alice" })
		put(t, kb, nil, "x.txt", "alice 2", func(f *campaignbot.File) { f.HeldFor = "alice" })
		put(t, kb, nil, "x.txt", "public")
		gone := put(t, kb, open, "gone.txt", "gone", at(6))
		for _, f := range []*campaignbot.File{gone, v3} {
			if _, err := kb.TrashFile(ctx, "T1", f.ID, "alice"); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name   string
			filter campaignbot.FileFilter
			want   []string
			total  int
		}{
			{"a folder, latest live version once", campaignbot.FileFilter{FolderID: &open.ID}, []string{"plan.md@v2/2", "brief.txt@v1/1"}, 2},
			{"first page", campaignbot.FileFilter{FolderID: &open.ID, Limit: 1}, []string{"plan.md@v2/2"}, 2},
			{"second page", campaignbot.FileFilter{FolderID: &open.ID, Limit: 1, Offset: 1}, []string{"brief.txt@v1/1"}, 2},
			{"past the end", campaignbot.FileFilter{FolderID: &open.ID, Limit: 1, Offset: 2}, []string{}, 2},
			{"unfiled versions per holder", campaignbot.FileFilter{Unfiled: true, Holder: "alice"}, []string{"x.txt@v1/1", "x.txt@v2/2"}, 2},
			{"others' held entries left out", campaignbot.FileFilter{Unfiled: true, Holder: "bob"}, []string{"x.txt@v1/1"}, 1},
			{"only folders one may see", campaignbot.FileFilter{Folders: []int64{open.ID}, Holder: "bob"}, []string{"x.txt@v1/1", "plan.md@v2/2", "brief.txt@v1/1"}, 3},
			{"no folders: unfiled only", campaignbot.FileFilter{Folders: []int64{}, Holder: "bob"}, []string{"x.txt@v1/1"}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.filter.Workspace, tt.filter.Latest = "T1", true
				files, err := kb.FindFiles(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if got := versionsOf(files); !slices.Equal(got, tt.want) {
					t.Errorf("FindFiles = %q, want %q", got, tt.want)
				}
				if n, err := kb.CountMatches(ctx, tt.filter); err != nil || n != tt.total {
					t.Errorf("CountMatches = %d, %v; want %d", n, err, tt.total)
				}
			})
		}
		counts, err := kb.CountFiles(ctx, "T1", "alice")
		if err != nil || counts[open.ID] != 2 || counts[hidden.ID] != 1 || counts[0] != 2 {
			t.Errorf("CountFiles = %v, %v; want 2 in Open (every version of gone.txt trashed), 1 in Hidden, 2 unfiled", counts, err)
		}
		// The recycle bin filtered by folder in the query: only Open's.
		bin, _ := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", Trashed: true, Folders: []int64{hidden.ID}})
		if len(bin) != 0 {
			t.Errorf("trash of Hidden = %q, want none", versionsOf(bin))
		}
		if n, _ := kb.CountMatches(ctx, campaignbot.FileFilter{Workspace: "T1", Trashed: true, Folders: []int64{open.ID}}); n != 2 {
			t.Errorf("trash of Open counts %d, want 2", n)
		}
	})
}

// TestSearchVersions: search shows each file once, as its latest version,
// ranks it by that version, and finds it by an older version's contents,
// saying which version matched.
func TestSearchVersions(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		folder, _ := kb.EnsureFolder(ctx, "T1", "Double 11")
		day := func(d int, title string) func(*campaignbot.File) {
			return func(f *campaignbot.File) {
				f.SharedAt = time.Date(2026, 10, d, 2, 0, 0, 0, time.UTC)
				f.Title = title
			}
		}
		text := func(f *campaignbot.File, body string) {
			t.Helper()
			if err := kb.SetFileText(ctx, "T1", f.ID, campaignbot.TextIndexed, body); err != nil {
				t.Fatal(err)
			}
		}
		// report.docx: v1 says zeta in its title and contents, v2 only in
		// its contents, v3 not at all.
		r1 := put(t, kb, folder, "report.docx", "r1", day(1, "Zeta report"))
		text(r1, "first draft about zeta and omega")
		r2 := put(t, kb, folder, "report.docx", "r2", day(3, "Q4 report"))
		text(r2, "second draft about zeta")
		r3 := put(t, kb, folder, "report.docx", "r3", day(5, "Q4 report final"))
		text(r3, "final text")
		notes := put(t, kb, folder, "notes.txt", "n", day(4, "Notes"))
		text(notes, "zeta omega")

		type hit struct {
			Name              string
			Version, Versions int
			Matched           int
			Snippet           string
		}
		tests := []struct {
			term string
			want []hit
		}{
			// The latest version ranks the file: report's v3 title has no
			// zeta and notes is older, so report (newest) comes first,
			// once, though v1 and v2 both match.
			{"zeta", []hit{{"report.docx", 3, 3, 2, "second draft about zeta"}, {"notes.txt", 1, 1, 1, "zeta omega"}}},
			// Only v1 says omega: found, shown as v3, v1 named.
			{"omega", []hit{{"report.docx", 3, 3, 1, "first draft about zeta and omega"}, {"notes.txt", 1, 1, 1, "zeta omega"}}},
			{"final", []hit{{"report.docx", 3, 3, 3, "final text"}}},
		}
		for _, tt := range tests {
			hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{tt.term}, Folders: []int64{folder.ID}})
			if err != nil {
				t.Fatal(err)
			}
			got := make([]hit, len(hits))
			for i, h := range hits {
				got[i] = hit{h.File.Name, h.File.Version, h.File.Versions, h.Matched, h.Snippet}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %+v, want %+v", tt.term, got, tt.want)
			}
		}
		// Trashing the latest makes v2 the latest; a trashed version's
		// contents no longer find the file.
		if _, err := kb.TrashFile(ctx, "T1", r3.ID, "alice"); err != nil {
			t.Fatal(err)
		}
		if _, err := kb.TrashFile(ctx, "T1", r1.ID, "alice"); err != nil {
			t.Fatal(err)
		}
		hits, _ := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"report"}, Folders: []int64{folder.ID}})
		if len(hits) != 1 || hits[0].File.ID != r2.ID || hits[0].File.Versions != 1 {
			t.Errorf("after trashing v3 and v1: %+v", hits)
		}
		if hits, _ := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"omega"}, Folders: []int64{folder.ID}}); len(hits) != 1 || hits[0].File.ID != notes.ID {
			t.Errorf("a trashed version's contents still find its file: %+v", hits)
		}
	})
}
