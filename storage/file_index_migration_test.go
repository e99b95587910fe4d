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

// TestFileIndexMigrationBackfills: migration 20 gives every entry from
// before it the rank key Go computes (fractions of a second dropped, a
// time before 1970 as 1970), and the backfill at Open writes one search
// row per file with a live version, from all its live versions, so that a
// two-character search finds what it found before, in rank order, never a
// trashed version, another holder's or another workspace's file.
func TestFileIndexMigrationBackfills(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		at := migrationTime
		pg := b.Driver == storage.DriverPostgres
		type entry struct {
			id                int
			ws                string
			folder            any
			held, name, title string
			version           int
			shared            time.Time
			trashed, latest   bool
			doc               string
		}
		entries := []entry{
			{1, "T1", 1, "", "plan.md", "plan", 1, at.Add(500 * time.Millisecond), false, false, "预热 and more"},
			{2, "T1", 1, "", "plan.md", "plan", 2, at.Add(900 * time.Millisecond), false, true, "报名"},
			{3, "T1", 1, "", "plan.md", "plan", 3, at.Add(time.Hour), true, false, "预热"},
			{4, "T1", 2, "", "other.md", "预热 title", 1, at.Add(24 * time.Hour), false, true, "nothing"},
			{5, "T1", nil, "U1", "mine.md", "mine", 1, at.Add(48 * time.Hour), false, true, "预热"},
			{6, "T1", nil, "U9", "theirs.md", "theirs", 1, at.Add(72 * time.Hour), false, true, "预热"},
			{7, "T2", 3, "", "plan.md", "plan", 1, at.Add(96 * time.Hour), false, true, "预热"},
			{8, "T1", 2, "", "old.md", "old", 1, time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), false, true, "预热 at the start"},
		}
		stmts := []statement{
			{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (1, 'T1', 'Open', NULL, ?)", []any{at}},
			{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (2, 'T1', 'Other', NULL, ?)", []any{at}},
			{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (3, 'T2', 'Open', NULL, ?)", []any{at}},
		}
		for _, e := range entries {
			var deleted any
			if e.trashed {
				deleted = at
			}
			head := e.title + "\n" + e.name
			doc := head + "\n\n" + e.doc
			stmts = append(stmts, statement{`INSERT INTO files (id, number, workspace, folder_id, held_for, name, title, size, sha256, shared_at, version, created_at, deleted_at, is_latest, search_head)
VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`, []any{e.id, e.id, e.ws, e.folder, e.held, e.name, e.title, sum(fmt.Sprint(e.id)), e.shared, e.version, at, deleted, e.latest, head}})
			if pg {
				stmts = append(stmts, statement{"INSERT INTO file_search (file_id, doc, grams) VALUES (?, ?, '{}')", []any{e.id, doc}})
			} else {
				stmts = append(stmts, statement{"INSERT INTO file_search (rowid, doc) VALUES (?, ?)", []any{e.id, doc}})
			}
		}
		db := migrateAfter(t, b, "reminders remember the milestone time they were planned for", stmts...)
		kb := storage.NewKnowledgeBase(db)
		for _, e := range entries {
			n, err := db.Count(ctx, "SELECT count(*) FROM files WHERE id = ? AND rank_key = ?", e.id, storage.RankKey(e.shared, int64(e.id)))
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("entry #%d (shared %s) has not the rank key %d", e.id, e.shared, storage.RankKey(e.shared, int64(e.id)))
			}
		}
		if problems, err := kb.FileIndexProblems(ctx); err != nil || len(problems) > 0 {
			t.Fatalf("file index after the migration: %v %v", problems, err)
		}
		if n, err := db.Count(ctx, "SELECT count(*) FROM search_backfill WHERE name = 'file_index'"); err != nil || n != 0 {
			t.Errorf("the file index backfill is still pending (%d, %v)", n, err)
		}
		hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"预热"}, Folders: []int64{1, 2, 3}, Unfiled: true, Holder: "U1", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, fmt.Sprintf("#%d v%d matched v%d of %d", h.File.ID, h.File.Version, h.Matched, h.File.Versions))
		}
		// The title match first, then newest first: the held entry, the
		// plan (found by its first version, shown as its second), and
		// the entry shared before 1970.
		want := []string{"#4 v1 matched v1 of 1", "#5 v1 matched v1 of 1", "#2 v2 matched v1 of 2", "#8 v1 matched v1 of 1"}
		if !slices.Equal(got, want) {
			t.Errorf("search 预热 = %v, want %v", got, want)
		}
	})
}
