package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

var t0 = time.Date(2026, 10, 29, 15, 59, 0, 0, time.UTC)

func rem(key string, at time.Time, text string) campaignbot.Reminder {
	return campaignbot.Reminder{
		Key: key, Kind: campaignbot.ReminderMilestone, At: at, Zone: "Asia/Shanghai", Due: t0, Offset: "2h",
		Recipient: campaignbot.Recipient{Channel: "double11-war-room"},
		Message:   campaignbot.OutgoingMessage{Text: text, Key: key},
	}
}

func TestReminderReplan(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		src := "milestone:double11/registration-closes"
		a, b, c := rem("m:a", t0.Add(-2*time.Hour), "a"), rem("m:b", t0.Add(-24*time.Hour), "b"), rem("m:c", t0, "c")

		steps := []struct {
			name string
			plan []campaignbot.Reminder
			want campaignbot.PlanResult
		}{
			{"first plan", []campaignbot.Reminder{a, b}, campaignbot.PlanResult{Added: 2}},
			{"same plan again", []campaignbot.Reminder{a, b}, campaignbot.PlanResult{Unchanged: 2}},
			{"moved and removed and added", []campaignbot.Reminder{rem("m:a", t0.Add(-3*time.Hour), "a"), c}, campaignbot.PlanResult{Added: 1, Updated: 1, Canceled: 1}},
			{"canceled comes back", []campaignbot.Reminder{rem("m:a", t0.Add(-3*time.Hour), "a"), b, c}, campaignbot.PlanResult{Updated: 1, Unchanged: 2}},
		}
		for _, st := range steps {
			got, err := s.Replan(ctx, src, st.plan, time.Time{})
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got != st.want {
				t.Errorf("%s: %+v, want %+v", st.name, got, st.want)
			}
		}
		all, err := s.Reminders(ctx, campaignbot.ReminderFilter{Source: src})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 || all[0].Key != "m:b" || !all[1].At.Equal(t0.Add(-3*time.Hour)) || all[2].Message.Text != "c" || all[0].Due != t0 {
			t.Fatalf("stored = %+v", all)
		}

		// Claim what is due, send it, and re-plan: a sent reminder is never
		// planned again, even if the plan changes its time.
		claimed, err := s.Claim(ctx, claimAt(t0.Add(-2*time.Hour), "replica-1"))
		if err != nil {
			t.Fatal(err)
		}
		if len(claimed) != 2 || claimed[0].Key != "m:b" || claimed[1].Key != "m:a" || claimed[0].Attempts != 0 || claimed[0].Unconfirmed {
			t.Fatalf("claimed = %+v", claimed)
		}
		if err := s.Finish(ctx, "m:b", claimed[0].Claim, campaignbot.ReminderSent, t0.Add(-time.Hour), true, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.Finish(ctx, "m:b", claimed[0].Claim, campaignbot.ReminderSent, t0, false, ""); campaignbot.ErrorCode(err) != campaignbot.ECONFLICT {
			t.Fatalf("finishing twice: %v", err)
		}
		if err := s.Retry(ctx, "m:a", claimed[1].Claim, t0.Add(-90*time.Minute), false, "rate_limited"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Replan(ctx, src, []campaignbot.Reminder{rem("m:b", t0.Add(time.Hour), "b moved"), rem("m:a", t0.Add(-3*time.Hour), "a")}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if got != (campaignbot.PlanResult{Unchanged: 2, Canceled: 1}) {
			t.Errorf("re-plan after sending: %+v", got)
		}
		sent, _ := s.Reminders(ctx, campaignbot.ReminderFilter{Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderSent}})
		if len(sent) != 1 || sent[0].Message.Text != "b" || !sent[0].Late || !sent[0].SentAt.Equal(t0.Add(-time.Hour)) {
			t.Fatalf("sent = %+v", sent)
		}
		next, ok, err := s.NextAt(ctx, t0.Add(-2*time.Hour))
		if err != nil || !ok || !next.Equal(t0.Add(-90*time.Minute)) { // the retry time wins over the plan
			t.Fatalf("NextAt = %v %v %v", next, ok, err)
		}
		// A re-plan that moves a backing-off reminder keeps its retry time
		// unless the new time is later.
		if _, err := s.Replan(ctx, src, []campaignbot.Reminder{rem("m:b", t0.Add(time.Hour), "b moved"), rem("m:a", t0.Add(-4*time.Hour), "a")}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if next, _, _ := s.NextAt(ctx, t0.Add(-2*time.Hour)); !next.Equal(t0.Add(-90 * time.Minute)) {
			t.Errorf("after moving the plan earlier the retry is due %v, want %v", next, t0.Add(-90*time.Minute))
		}

		// Past reminders: a new one is skipped, a pending one is kept for
		// the dispatcher to report, not canceled.
		got, err = s.Replan(ctx, "past", []campaignbot.Reminder{rem("p:old", t0.Add(-48*time.Hour), "old"), rem("p:new", t0, "new")}, t0.Add(-time.Hour))
		if err != nil || got != (campaignbot.PlanResult{Added: 1, Skipped: 1}) {
			t.Fatalf("past plan: %+v %v", got, err)
		}
		got, err = s.Replan(ctx, "past", nil, t0.Add(time.Hour))
		if err != nil || got != (campaignbot.PlanResult{}) {
			t.Fatalf("empty plan after the time passed: %+v %v", got, err)
		}

		bad := []campaignbot.Reminder{{Key: "x", At: t0}}
		if _, err := s.Replan(ctx, src, bad, time.Time{}); campaignbot.ErrorCode(err) != campaignbot.EINVALID {
			t.Errorf("reminder without recipient: %v", err)
		}
		if _, err := s.Replan(ctx, "other", []campaignbot.Reminder{rem("m:c", t0, "c")}, time.Time{}); campaignbot.ErrorCode(err) != campaignbot.ECONFLICT {
			t.Errorf("key of another source: %v", err)
		}
	})
}

func TestReminderReplanPrefix(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		plans := map[string][]campaignbot.Reminder{}
		for i := range 1200 {
			src := fmt.Sprintf("todo:T1/%d", i)
			plans[src] = []campaignbot.Reminder{rem(src+":24h", t0.Add(time.Duration(i)*time.Minute), "n")}
		}
		got, err := s.ReplanPrefix(ctx, "todo:", plans, time.Time{})
		if err != nil || got.Added != 1200 {
			t.Fatalf("first: %+v %v", got, err)
		}
		delete(plans, "todo:T1/7")
		got, err = s.ReplanPrefix(ctx, "todo:", plans, time.Time{})
		if err != nil || got != (campaignbot.PlanResult{Unchanged: 1199, Canceled: 1}) {
			t.Fatalf("second: %+v %v", got, err)
		}
		// The scope is a prefix; LIKE wildcards in it are literal.
		if _, err := s.ReplanPrefix(ctx, "todo_", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		pending, _ := s.Reminders(ctx, campaignbot.ReminderFilter{Prefix: "todo:", Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
		if len(pending) != 1199 {
			t.Fatalf("%d pending after a wildcard-looking scope, want 1199", len(pending))
		}
	})
}

// TestReminderClaimConcurrently has several dispatchers claim and finish
// at once; each reminder must be claimed exactly once, and no recipient
// may be held by two claims at a time.
func TestReminderClaimConcurrently(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		opts := b.Options(t)
		var plan []campaignbot.Reminder
		for i := range 300 {
			r := rem(fmt.Sprintf("k%03d", i), t0, "x")
			r.Recipient = campaignbot.Recipient{Channel: campaignbot.ChannelID(fmt.Sprintf("C%d", i%8))}
			plan = append(plan, r)
		}
		first := storagetest.Open(t, opts)
		if _, err := storage.NewReminderStore(first).Replan(ctx, "burst", plan, time.Time{}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[string]string{}
		holder := map[campaignbot.Recipient]string{}
		var wg sync.WaitGroup
		for r := range 4 {
			db := storagetest.Open(t, opts) // a replica with its own pool
			s := storage.NewReminderStore(db)
			owner := fmt.Sprintf("replica-%d", r)
			wg.Go(func() {
				for empty := 0; empty < 50; {
					req := claimAt(t0, owner)
					req.Limit, req.PerRecipient = 7, 3
					got, err := s.Claim(ctx, req)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						empty++ // others may hold the rest for a moment
						continue
					}
					mu.Lock()
					for _, g := range got {
						if prev, dup := seen[g.Key]; dup {
							t.Errorf("%s claimed by %s and %s", g.Key, prev, owner)
						}
						seen[g.Key] = owner
						if h, held := holder[g.Recipient]; held && h != owner {
							t.Errorf("%s held by %s while %s claims it", g.Recipient, h, owner)
						}
						holder[g.Recipient] = owner
					}
					mu.Unlock()
					for _, g := range got {
						mu.Lock()
						delete(holder, g.Recipient)
						mu.Unlock()
						if err := s.Finish(ctx, g.Key, g.Claim, campaignbot.ReminderSent, t0, false, ""); err != nil {
							t.Error(err)
						}
					}
				}
			})
		}
		wg.Wait()
		if len(seen) != 300 {
			t.Fatalf("%d reminders claimed, want 300", len(seen))
		}
	})
}

func TestReminderReplanSourcesInChunks(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		plan := func(ids ...int) map[string][]campaignbot.Reminder {
			out := map[string][]campaignbot.Reminder{}
			for _, i := range ids {
				src := fmt.Sprintf("todo:T1/%d", i)
				out[src] = []campaignbot.Reminder{rem(src+":2h:@u", t0.Add(time.Duration(i)*time.Minute), "n")}
			}
			return out
		}
		for _, chunk := range [][]int{{1, 2, 3}, {4, 5}} {
			if _, err := s.ReplanSources(ctx, plan(chunk...), time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		// The next run plans 1, 2 and 4 in two chunks; 3 and 5 are done.
		planned := map[string]bool{}
		for _, chunk := range [][]int{{1, 2}, {4}} {
			p := plan(chunk...)
			res, err := s.ReplanSources(ctx, p, time.Time{})
			if err != nil || res != (campaignbot.PlanResult{Unchanged: len(chunk)}) {
				t.Fatalf("chunk %v: %+v %v", chunk, res, err)
			}
			for src := range p {
				planned[src] = true
			}
		}
		n, err := s.CancelUnplanned(ctx, "todo:", planned, time.Time{})
		if err != nil || n != 2 {
			t.Fatalf("CancelUnplanned = %d, %v; want 2", n, err)
		}
		pending, _ := s.Reminders(ctx, campaignbot.ReminderFilter{Prefix: "todo:", Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
		if len(pending) != 3 {
			t.Fatalf("%d pending, want 3", len(pending))
		}
	})
}

// claimAt is a claim made at now with an hour's lease and no limits to
// speak of.
func claimAt(now time.Time, owner string) campaignbot.ClaimRequest {
	return campaignbot.ClaimRequest{Owner: owner, Now: now, LeaseUntil: now.Add(time.Hour), Limit: 100, PerRecipient: 100}
}

// TestReminderReplanByReplicasAtOnce: replicas starting together plan the
// same reminders at the same moment, each through its own pool; every
// plan succeeds and each reminder is stored once. On PostgreSQL the
// plans used to both find a key missing and the later insert failed on
// the primary key.
func TestReminderReplanByReplicasAtOnce(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		opts := b.Options(t)
		stores := make([]*storage.ReminderStore, 4)
		for r := range stores {
			stores[r] = storage.NewReminderStore(storagetest.Open(t, opts))
		}
		for round := range 5 {
			prefix := fmt.Sprintf("job:r%d:", round)
			plans := map[string][]campaignbot.Reminder{}
			for i := range 80 {
				src := fmt.Sprintf("%sj%d", prefix, i%4)
				plans[src] = append(plans[src], rem(fmt.Sprintf("%s:%03d", src, i), t0.Add(time.Duration(i)*time.Minute), "x"))
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			for r, s := range stores {
				wg.Go(func() {
					<-start
					if _, err := s.ReplanPrefix(ctx, prefix, plans, time.Time{}); err != nil {
						t.Errorf("round %d, replica %d: %v", round, r, err)
					}
				})
			}
			close(start)
			wg.Wait()
		}
		all, err := storage.NewReminderStore(storagetest.Open(t, opts)).Reminders(ctx, campaignbot.ReminderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 400 {
			t.Errorf("%d reminders stored, want 400", len(all))
		}
	})
}
