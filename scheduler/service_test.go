package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// flakyFeature panics on its second planning run, the first hourly one.
type flakyFeature struct{ runs atomic.Int32 }

func (f *flakyFeature) PlanAll(context.Context, *config.Config, time.Time) error {
	if f.runs.Add(1) == 2 {
		panic("feature planner bug")
	}
	return nil
}

// TestServiceKeepsPlanningAfterPanic checks the cron chain order: with
// SkipIfStillRunning outside Recover, an hourly run that panics once does
// not stop later runs (robfig/cron issue 366).
func TestServiceKeepsPlanningAfterPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Opened in the bubble, so the pool's goroutines and channels belong
		// to it and are closed (by t.Cleanup) before the bubble ends.
		db := storagetest.OpenSQLite(t)
		cfg := testConfig()
		feature := &flakyFeature{}
		store := storage.NewReminderStore(db)
		changes := make(chan *config.Config, 1)
		svc := &scheduler.Service{
			Planner:    &scheduler.Planner{Store: store, Features: []scheduler.SourcePlanner{feature}},
			Dispatcher: newDispatcher(db, &messenger{}, cfg, "one"),
			Config:     func() *config.Config { return cfg },
			Changes:    changes,
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- svc.Run(ctx) }()
		time.Sleep(3*time.Hour + time.Minute) // start, then 3 hourly runs (the first panics)
		changes <- cfg                        // and a reload
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if got := feature.runs.Load(); got != 5 {
			t.Fatalf("planned %d times, want 5 (start, 3 hourly of which one panicked, reload)", got)
		}
	})
}
