package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestImportPreviewLifecycle keeps a person's preview across two stores
// on one database (two replicas): a new preview replaces the old one, an
// edit applies once to the version it was made from, done is seen by the
// other store, a drop needs the current id, and a preview older than the
// expiry is forgotten when another is put.
func TestImportPreviewLifecycle(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		a, b := storage.NewImportPreviewStore(db), storage.NewImportPreviewStore(db)
		at := time.Date(2026, 10, 20, 2, 0, 0, 0, time.UTC)
		if _, err := a.Preview(ctx, "T1", "U1"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Fatalf("no preview yet: %v, want ENOTFOUND", err)
		}
		put := func(s *storage.ImportPreviewStore, user campaignbot.UserID, id, payload string, at time.Time) {
			t.Helper()
			p := campaignbot.ImportPreview{Workspace: "T1", User: user, ID: id, Payload: []byte(payload), CreatedAt: at}
			if err := s.PutPreview(ctx, p, at.Add(-24*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		put(a, "U1", "p1", "first", at)
		put(a, "U1", "p2", "second", at.Add(time.Minute))
		got, err := b.Preview(ctx, "T1", "U1")
		if err != nil || got.ID != "p2" || string(got.Payload) != "second" || got.Version != 1 || got.Done || !got.CreatedAt.Equal(at.Add(time.Minute)) {
			t.Fatalf("b.Preview = %+v, %v; want p2 at version 1", got, err)
		}
		// Two edits from version 1: one applies.
		var wg sync.WaitGroup
		wins := make([]bool, 2)
		for i, s := range []*storage.ImportPreviewStore{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.ReplacePreview(ctx, "T1", "U1", "p2", 1, []byte("edited"))
				if err != nil {
					t.Error(err)
				}
				wins[i] = ok
			}()
		}
		wg.Wait()
		if wins[0] == wins[1] {
			t.Fatalf("edits from one version applied %v; want exactly one", wins)
		}
		if ok, _ := a.ReplacePreview(ctx, "T1", "U1", "p1", 2, []byte("old id")); ok {
			t.Error("an edit of an earlier preview applied")
		}
		if err := b.MarkPreviewDone(ctx, "T1", "U1", "p2"); err != nil {
			t.Fatal(err)
		}
		got, _ = a.Preview(ctx, "T1", "U1")
		if !got.Done || got.Version != 2 || string(got.Payload) != "edited" {
			t.Fatalf("after done: %+v", got)
		}
		if ok, _ := a.ReplacePreview(ctx, "T1", "U1", "p2", 2, []byte("too late")); ok {
			t.Error("an edit of a done preview applied")
		}
		if ok, _ := a.DropPreview(ctx, "T1", "U1", "p1"); ok {
			t.Error("dropped by an earlier preview's id")
		}
		if ok, err := b.DropPreview(ctx, "T1", "U1", "p2"); !ok || err != nil {
			t.Fatalf("DropPreview = %v, %v", ok, err)
		}
		// Expiry: U2's preview of two days ago goes when U3's is put.
		put(a, "U2", "q1", "old", at.Add(-48*time.Hour))
		put(a, "U3", "r1", "new", at)
		if _, err := b.Preview(ctx, "T1", "U2"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Errorf("an expired preview is still there: %v", err)
		}
		if _, err := b.Preview(ctx, "T1", "U3"); err != nil {
			t.Error(err)
		}
	})
}
