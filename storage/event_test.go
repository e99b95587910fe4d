package storage_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

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
