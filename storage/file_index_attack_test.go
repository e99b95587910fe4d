package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackFileIndex_ChangedBetweenIndexAndFiles: a file moved into a
// folder the asker may not read, trashed, or given a new version by
// another replica after the index was read and before the files are read
// is not shown: not where the asker may no longer read it, not as a
// version that is no longer its latest.
func TestAttackFileIndex_ChangedBetweenIndexAndFiles(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		db := b.Open(t)
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		secret, err := kb.ConfigureFolder(ctx, "T1", "Secret", true, []campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "U2", Role: campaignbot.RoleOwner}})
		if err != nil {
			t.Fatal(err)
		}
		add := func(name, text string) *campaignbot.File {
			f := &campaignbot.File{Workspace: "T1", FolderID: &open.ID, Name: name, Title: name, Size: 1, SHA256: sum(name + text), Uploader: "U1",
				SharedAt: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
			if err := kb.AddFile(ctx, f); err != nil {
				t.Fatal(err)
			}
			if err := kb.SetFileText(ctx, "T1", f.ID, campaignbot.TextIndexed, text); err != nil {
				t.Fatal(err)
			}
			return f
		}
		for _, c := range []struct {
			name   string
			change func(f *campaignbot.File)
		}{
			{"moved into a restricted folder", func(f *campaignbot.File) {
				if _, err := kb.MoveFile(ctx, "T1", f.ID, secret.Folder.ID); err != nil {
					t.Fatal(err)
				}
			}},
			{"trashed", func(f *campaignbot.File) {
				if _, err := kb.TrashFile(ctx, "T1", f.ID, "U1"); err != nil {
					t.Fatal(err)
				}
			}},
			{"given a new version", func(f *campaignbot.File) { add(f.Name, "预热 again") }},
		} {
			t.Run(c.name, func(t *testing.T) {
				f := add(fmt.Sprintf("%s.txt", c.name), "预热 plan")
				restore := storage.SetAfterFileIndexKeys(func() { c.change(f) })
				hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"预热"}, Folders: []int64{open.ID}, Unfiled: true, Holder: "U1", Limit: 10})
				restore()
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range hits {
					if h.File.ID == f.ID {
						t.Errorf("search showed #%d after it was %s", f.ID, c.name)
					}
				}
			})
		}
	})
}

// TestAttackFileIndex_VersionSavedByOlderReplica: during an upgrade a
// campaignbot from before migration 20 may still save entries, leaving
// their rank key 0; the next write to the file gives them theirs and
// writes the file's search row instead of failing.
func TestAttackFileIndex_VersionSavedByOlderReplica(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		db := b.Open(t)
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		f := &campaignbot.File{Workspace: "T1", FolderID: &open.ID, Name: "plan.md", Title: "plan", Size: 1, SHA256: sum("plan"), Uploader: "U1",
			SharedAt: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
		if err := kb.AddFile(ctx, f); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec(ctx, "UPDATE files SET rank_key = 0 WHERE id = ?", f.ID); err != nil {
			t.Fatal(err)
		}
		if err := kb.SetFileText(ctx, "T1", f.ID, campaignbot.TextIndexed, "预热 plan"); err != nil {
			t.Fatalf("indexing the older replica's entry: %v", err)
		}
		checkFileIndex(t, kb, "the older replica's entry indexed")
		hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"预热"}, Folders: []int64{open.ID}, Limit: 10})
		if err != nil || len(hits) != 1 || hits[0].File.ID != f.ID {
			t.Fatalf("search 预热 = %v, %v; want #%d", hits, err, f.ID)
		}
	})
}
