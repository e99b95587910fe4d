package scheduler_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
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

// TestHourlyJobsRunEveryHour: the service runs its hourly jobs (pruning
// the event log) every hour, and one that panics does not stop the others
// or the next hour's run.
func TestHourlyJobsRunEveryHour(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storagetest.OpenSQLite(t)
		cfg := testConfig()
		var pruned, panicky atomic.Int32
		svc := &scheduler.Service{
			Planner:    &scheduler.Planner{Store: storage.NewReminderStore(db)},
			Dispatcher: newDispatcher(db, &messenger{}, cfg, "one"),
			Config:     func() *config.Config { return cfg },
			Hourly: []func(context.Context){
				func(context.Context) { pruned.Add(1) },
				func(context.Context) {
					if panicky.Add(1) == 1 {
						panic("housekeeping bug")
					}
				},
			},
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- svc.Run(ctx) }()
		time.Sleep(3*time.Hour + time.Minute)
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if pruned.Load() != 3 || panicky.Load() != 3 {
			t.Fatalf("hourly jobs ran %d and %d times in 3 hours, want 3 each", pruned.Load(), panicky.Load())
		}
	})
}

// slowFeature takes a long time to plan, like 100,000 to-dos through a
// slow directory.
type slowFeature struct{ runs atomic.Int32 }

func (f *slowFeature) PlanAll(context.Context, *config.Config, time.Time) error {
	f.runs.Add(1)
	time.Sleep(5 * time.Minute)
	return nil
}

// TestReplanNowAnswersDuringALongPlan: an admin's /campaign move re-plans
// through ReplanNow while the start-up plan runs. It must come back
// within ReplanWait: at once when only the to-do part is busy, with
// ErrReplanQueued when the milestone part is, and the queued re-plan must
// then run.
func TestReplanNowAnswersDuringALongPlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storagetest.OpenSQLite(t)
		cfg := testConfig()
		var overrides atomic.Int32
		feature := &slowFeature{}
		svc := &scheduler.Service{
			Planner: &scheduler.Planner{
				Store:    storage.NewReminderStore(db),
				Features: []scheduler.SourcePlanner{feature},
				Overrides: func(context.Context) ([]campaignbot.MilestoneOverride, error) {
					if overrides.Add(1) == 1 {
						time.Sleep(5 * time.Minute) // the milestone part of the start-up plan is slow
					}
					return nil, nil
				},
			},
			Dispatcher: newDispatcher(db, &messenger{}, cfg, "one"),
			Config:     func() *config.Config { return cfg },
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- svc.Run(ctx) }()
		time.Sleep(time.Second)

		asked := time.Now()
		err := svc.ReplanNow(ctx)
		if waited := time.Since(asked); !errors.Is(err, scheduler.ErrReplanQueued) || waited > scheduler.ReplanWait {
			t.Fatalf("ReplanNow during the milestone part = %v after %v; want ErrReplanQueued within %v", err, waited, scheduler.ReplanWait)
		}
		time.Sleep(5 * time.Minute) // the milestone part ends; the to-do part runs
		asked = time.Now()
		if err := svc.ReplanNow(ctx); err != nil || time.Since(asked) > 0 {
			t.Fatalf("ReplanNow during the to-do part = %v after %v; want nil at once", err, time.Since(asked))
		}
		time.Sleep(20 * time.Minute)
		if n := overrides.Load(); n != 3 {
			t.Errorf("the milestone part ran %d times, want 3 (start, the queued re-plan, the second ReplanNow)", n)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// TestServicePlannedAfterStartUpPlan checks that Planned, which readiness
// waits for, is closed when the start-up plan has run and not before.
func TestServicePlannedAfterStartUpPlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storagetest.OpenSQLite(t)
		cfg := testConfig()
		feature := &slowFeature{}
		svc := &scheduler.Service{
			Planner:    &scheduler.Planner{Store: storage.NewReminderStore(db), Features: []scheduler.SourcePlanner{feature}},
			Dispatcher: newDispatcher(db, &messenger{}, cfg, "one"),
			Config:     func() *config.Config { return cfg },
		}
		planned := svc.Planned() // before Run, as the wiring asks for it
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- svc.Run(ctx) }()
		time.Sleep(4 * time.Minute) // the start-up plan takes 5 minutes
		select {
		case <-planned:
			t.Fatal("Planned closed while the start-up plan runs")
		default:
		}
		time.Sleep(time.Minute + time.Second)
		select {
		case <-planned:
		default:
			t.Fatal("Planned not closed after the start-up plan")
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}
