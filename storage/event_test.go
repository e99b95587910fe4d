package storage_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestFirstDelivery(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		log := storage.NewEventLog(db)
		for _, tt := range []struct {
			source, id string
			want       bool
		}{
			{"slack", "Ev1", true},
			{"slack", "Ev1", false},
			{"slack", "Ev2", true},
			{"console", "Ev1", true},
			{"console", "Ev1", false},
		} {
			got, err := log.FirstDelivery(ctx, tt.source, tt.id)
			if err != nil || got != tt.want {
				t.Errorf("FirstDelivery(%q, %q) = %v, %v; want %v", tt.source, tt.id, got, err, tt.want)
			}
		}
		_, err := log.FirstDelivery(ctx, "slack", "")
		wantCode(t, err, campaignbot.EINVALID)
	})
}

func TestFirstDeliveryConcurrently(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		log := storage.NewEventLog(db)
		var firsts atomic.Int32
		var wg sync.WaitGroup
		for range 32 {
			wg.Go(func() {
				ok, err := log.FirstDelivery(context.Background(), "slack", "EvSame")
				if err != nil {
					t.Error(err)
				}
				if ok {
					firsts.Add(1)
				}
			})
		}
		wg.Wait()
		if n := firsts.Load(); n != 1 {
			t.Errorf("%d deliveries reported first, want 1", n)
		}
	})
}

// TestPruneEvents: deliveries older than the cut are deleted, in batches,
// newer ones stay, and a pruned event counts as new again.
func TestPruneEvents(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		log := storage.NewEventLog(db)
		for i := 0; i < 12; i++ {
			if ok, err := log.FirstDelivery(ctx, "slack", fmt.Sprintf("Ev%d", i)); !ok || err != nil {
				t.Fatalf("FirstDelivery: %v, %v", ok, err)
			}
		}
		n, err := log.Prune(ctx, time.Now().Add(-48*time.Hour))
		if err != nil || n != 0 {
			t.Fatalf("Prune two days back = %d, %v; want 0", n, err)
		}
		if ok, _ := log.FirstDelivery(ctx, "slack", "Ev3"); ok {
			t.Fatal("a recorded event counts as new before pruning")
		}
		n, err = log.Prune(ctx, time.Now().Add(time.Second))
		if err != nil || n != 12 {
			t.Fatalf("Prune everything = %d, %v; want 12", n, err)
		}
		if ok, _ := log.FirstDelivery(ctx, "slack", "Ev3"); !ok {
			t.Error("a pruned event does not count as new")
		}
	})
}
