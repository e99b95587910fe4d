package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestClaimSeesAReplanThatCommittedFirst: on PostgreSQL a claim picks its
// keys with one statement and takes them with another (READ COMMITTED;
// the advisory lock serializes claims, not re-plans). A re-plan by
// another replica that commits in between — canceling the reminder, or
// moving it to tomorrow — must win: the taking statement checks again.
// SQLite serializes writers.
func TestClaimSeesAReplanThatCommittedFirst(t *testing.T) {
	for _, what := range []string{"canceled", "moved-to-tomorrow"} {
		t.Run(what, func(t *testing.T) {
			b := storagetest.Backend{Driver: storage.DriverPostgres}
			opts := b.Options(t)
			claimer := storagetest.Open(t, opts)
			planner := storagetest.Open(t, opts)
			ctx := context.Background()
			due := to("r1", t0.Add(-time.Minute), "CA")
			if _, err := storage.NewReminderStore(planner).Replan(ctx, "job:x", []campaignbot.Reminder{due}, time.Time{}); err != nil {
				t.Fatal(err)
			}
			fired := false
			storage.AfterClaimSelect(claimer, func() {
				if fired {
					return
				}
				fired = true
				var plan []campaignbot.Reminder // canceled: the job was removed
				if what == "moved-to-tomorrow" {
					plan = []campaignbot.Reminder{to("r1", t0.Add(24*time.Hour), "CA")}
				}
				if _, err := storage.NewReminderStore(planner).Replan(ctx, "job:x", plan, t0.Add(-time.Hour)); err != nil {
					t.Errorf("concurrent re-plan: %v", err)
				}
			})
			got := claim(t, storage.NewReminderStore(claimer), t0, 10)
			if !fired {
				t.Fatal("the hook did not run")
			}
			for _, r := range got {
				t.Errorf("claim at %v handed out %s (due %v) although the re-plan that committed first %s it", t0, r.Key, r.At, what)
			}
			rs, _ := storage.NewReminderStore(planner).Reminders(ctx, campaignbot.ReminderFilter{Source: "job:x"})
			for _, r := range rs {
				t.Logf("stored: %s %s at %v", r.Key, r.Status, r.At)
			}
		})
	}
}
