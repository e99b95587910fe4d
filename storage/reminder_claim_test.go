package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// to returns a reminder of the recipient due at.
func to(key string, at time.Time, recipient string) campaignbot.Reminder {
	r := rem(key, at, key)
	r.Recipient = campaignbot.Recipient{Channel: campaignbot.ChannelID(recipient)}
	if recipient[0] == 'U' {
		r.Recipient = campaignbot.Recipient{User: campaignbot.UserID(recipient)}
	}
	return r
}

// keys returns the keys of rs.
func keys(rs []campaignbot.Reminder) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Key
	}
	return out
}

// claim claims at now with the given per-recipient cap and fails the test
// on an error.
func claim(t *testing.T, s *storage.ReminderStore, now time.Time, per int) []campaignbot.Reminder {
	t.Helper()
	req := claimAt(now, "test")
	req.LeaseUntil, req.PerRecipient = now.Add(time.Minute), per
	got, err := s.Claim(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestClaimTakesEachRecipientsRunInOrder: a claim takes the first due
// reminders of each free recipient, in (At, Key) order, and nothing of a
// recipient someone already holds.
func TestClaimTakesEachRecipientsRunInOrder(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		plan := []campaignbot.Reminder{
			to("a3", t0.Add(-time.Minute), "CA"), to("a1", t0.Add(-3*time.Minute), "CA"), to("a2", t0.Add(-2*time.Minute), "CA"),
			to("a4", t0, "CA"), to("a5", t0, "CA"), to("a6", t0.Add(time.Minute), "CA"),
			to("b1", t0.Add(-time.Hour), "UB"), to("b2", t0, "UB"),
			to("c1", t0.Add(time.Hour), "CC"),
		}
		if _, err := s.Replan(ctx, "job:x", plan, time.Time{}); err != nil {
			t.Fatal(err)
		}
		first := claim(t, s, t0, 3)
		if got, want := keys(first), []string{"b1", "a1", "a2", "a3", "b2"}; !slices.Equal(got, want) {
			t.Fatalf("first claim = %q, want %q", got, want)
		}
		if again := claim(t, s, t0, 3); len(again) != 0 {
			t.Fatalf("held recipients claimed again: %q", keys(again))
		}
		for _, r := range first {
			if r.Claim == "" || r.Claim != first[0].Claim || r.Recovered || r.Unconfirmed {
				t.Errorf("%s: claim %q recovered %v unconfirmed %v", r.Key, r.Claim, r.Recovered, r.Unconfirmed)
			}
			if err := s.Finish(ctx, r.Key, r.Claim, campaignbot.ReminderSent, t0, false, ""); err != nil {
				t.Fatal(err)
			}
		}
		if got := keys(claim(t, s, t0, 3)); !slices.Equal(got, []string{"a4", "a5"}) {
			t.Fatalf("after finishing: %q, want [a4 a5]", got)
		}
	})
}

// TestRetryKeepsLaterRemindersBehind: while a recipient's first reminder
// waits to be retried, its later ones are not claimed, and the retry does
// not block other recipients.
func TestRetryKeepsLaterRemindersBehind(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		plan := []campaignbot.Reminder{to("a1", t0, "CA"), to("a2", t0, "CA"), to("b1", t0, "CB")}
		if _, err := s.Replan(ctx, "job:x", plan, time.Time{}); err != nil {
			t.Fatal(err)
		}
		got := claim(t, s, t0, 1)
		if !slices.Equal(keys(got), []string{"a1", "b1"}) {
			t.Fatalf("claim = %q", keys(got))
		}
		if err := s.Start(ctx, "a1", got[0].Claim, t0, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.Retry(ctx, "a1", got[0].Claim, t0.Add(time.Minute), false, "ratelimited"); err != nil {
			t.Fatal(err)
		}
		if err := s.Finish(ctx, "b1", got[1].Claim, campaignbot.ReminderSent, t0, false, ""); err != nil {
			t.Fatal(err)
		}
		if again := claim(t, s, t0.Add(59*time.Second), 5); len(again) != 0 {
			t.Fatalf("a2 overtook a1 while it waited: %q", keys(again))
		}
		next, ok, err := s.NextAt(ctx, t0.Add(59*time.Second))
		if err != nil || !ok || !next.Equal(t0.Add(time.Minute)) {
			t.Fatalf("NextAt = %v %v %v, want the retry at +1m", next, ok, err)
		}
		retried := claim(t, s, t0.Add(time.Minute), 5)
		if !slices.Equal(keys(retried), []string{"a1", "a2"}) {
			t.Fatalf("at the retry time: %q, want [a1 a2]", keys(retried))
		}
		if r := retried[0]; r.Attempts != 1 || r.Unconfirmed || r.Reason != "ratelimited" {
			t.Errorf("retried a1: attempts %d unconfirmed %v reason %q", r.Attempts, r.Unconfirmed, r.Reason)
		}
	})
}

// TestLostClaimCanNeitherSendNorRecord: a dispatcher whose lease ran out
// and whose reminders another took over is refused everything; renewing
// in time keeps a claim.
func TestLostClaimCanNeitherSendNorRecord(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		if _, err := s.Replan(ctx, "job:x", []campaignbot.Reminder{to("a1", t0, "CA"), to("a2", t0, "CA")}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		old := claim(t, s, t0, 5) // lease until t0+1m
		if n, err := s.Renew(ctx, []string{old[0].Claim}, t0.Add(2*time.Minute)); err != nil || n != 2 {
			t.Fatalf("Renew = %d, %v; want 2", n, err)
		}
		if got := claim(t, s, t0.Add(90*time.Second), 5); len(got) != 0 {
			t.Fatalf("a renewed claim was taken over: %q", keys(got))
		}
		if err := s.Start(ctx, "a1", old[0].Claim, t0.Add(90*time.Second), t0.Add(150*time.Second)); err != nil {
			t.Fatal(err)
		}
		// The holder stops; its lease runs out at +150s for a1 (started)
		// and +120s for a2.
		taken := claim(t, s, t0.Add(150*time.Second), 5)
		if !slices.Equal(keys(taken), []string{"a1", "a2"}) {
			t.Fatalf("take-over = %q", keys(taken))
		}
		if a1 := taken[0]; !a1.Recovered || !a1.Unconfirmed || !a1.StartedAt.Equal(t0.Add(90*time.Second)) || a1.Attempts != 1 {
			t.Errorf("a1 taken over: %+v; want recovered, unconfirmed, started at +90s, 1 attempt", a1)
		}
		if a2 := taken[1]; !a2.Recovered || a2.Unconfirmed {
			t.Errorf("a2 taken over: recovered %v unconfirmed %v; want recovered, never started", a2.Recovered, a2.Unconfirmed)
		}
		lost := old[1].Claim
		for name, err := range map[string]error{
			"Start":  s.Start(ctx, "a2", lost, t0.Add(151*time.Second), t0.Add(time.Hour)),
			"Finish": s.Finish(ctx, "a1", lost, campaignbot.ReminderSent, t0, false, ""),
			"Retry":  s.Retry(ctx, "a2", lost, t0.Add(time.Hour), false, "x"),
		} {
			if campaignbot.ErrorCode(err) != campaignbot.ECONFLICT {
				t.Errorf("%s with the lost claim: %v, want ECONFLICT", name, err)
			}
		}
		if n, _ := s.Renew(ctx, []string{lost}, t0.Add(time.Hour)); n != 0 {
			t.Errorf("the lost claim renewed %d reminders", n)
		}
		if err := s.Release(ctx, lost, []string{"a1", "a2"}); err != nil {
			t.Fatal(err)
		}
		if got := claim(t, s, t0.Add(152*time.Second), 5); len(got) != 0 {
			t.Errorf("releasing with a lost claim freed %q", keys(got))
		}
		if err := s.Finish(ctx, "a1", taken[0].Claim, campaignbot.ReminderSent, t0, false, "confirmed from history"); err != nil {
			t.Errorf("the new holder cannot record: %v", err)
		}
	})
}

// TestUnknownOutcomeIsRemembered: a retry after an unknown outcome hands
// the reminder back unconfirmed, with when that send started; a retry
// after a known failure does not; a release keeps what it was.
func TestUnknownOutcomeIsRemembered(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		if _, err := s.Replan(ctx, "job:x", []campaignbot.Reminder{to("a1", t0, "CA"), to("a2", t0.Add(time.Second), "CA")}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		c := claim(t, s, t0, 1)
		if err := s.Start(ctx, "a1", c[0].Claim, t0, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.Retry(ctx, "a1", c[0].Claim, t0.Add(30*time.Second), true, "timeout"); err != nil {
			t.Fatal(err)
		}
		c = claim(t, s, t0.Add(30*time.Second), 1)
		if len(c) != 1 || !c[0].Unconfirmed || !c[0].StartedAt.Equal(t0) || c[0].Recovered {
			t.Fatalf("after an unknown outcome: %+v", c)
		}
		if err := s.Release(ctx, c[0].Claim, []string{"a1"}); err != nil {
			t.Fatal(err)
		}
		c = claim(t, s, t0.Add(31*time.Second), 1)
		if len(c) != 1 || c[0].Key != "a1" || !c[0].Unconfirmed {
			t.Fatalf("after a release: %+v", c)
		}
		if err := s.Start(ctx, "a1", c[0].Claim, t0.Add(31*time.Second), t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.Retry(ctx, "a1", c[0].Claim, t0.Add(40*time.Second), false, "ratelimited"); err != nil {
			t.Fatal(err)
		}
		c = claim(t, s, t0.Add(40*time.Second), 1)
		if len(c) != 1 || c[0].Unconfirmed || c[0].Attempts != 2 {
			t.Fatalf("after a known failure: %+v", c)
		}
	})
}

// TestHeartbeat: dispatchers seen sending within a lease share the posting
// rate; an idle one or one that says goodbye does not count; PostgreSQL
// reports its clock.
func TestHeartbeat(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		db := b.Open(t)
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		lease := 45 * time.Second
		now := time.Now()
		for i, step := range []struct {
			owner   string
			at      time.Time
			sending bool
			live    int
			alive   int
		}{
			{"a", now, true, 1, 1},
			{"b", now.Add(time.Second), true, 2, 2},
			{"c", now.Add(2 * time.Second), false, 2, 3}, // idle: alive, takes no share
			{"a", now.Add(20 * time.Second), true, 2, 3},
			{"a", now.Add(50 * time.Second), true, 1, 1}, // b and c last seen 48-49 s ago: gone
			{"b", time.Time{}, false, 0, 0},              // b says goodbye
			{"a", now.Add(51 * time.Second), true, 1, 1},
		} {
			p, err := s.Heartbeat(ctx, step.owner, step.at, lease, step.sending)
			if err != nil {
				t.Fatal(err)
			}
			if step.at.IsZero() {
				continue
			}
			if p.Sending != step.live || p.Alive != step.alive {
				t.Errorf("step %d (%s): %d sending of %d alive, want %d of %d", i, step.owner, p.Sending, p.Alive, step.live, step.alive)
			}
			if server := !p.ServerTime.IsZero(); server != (b.Driver == storage.DriverPostgres) {
				t.Errorf("step %d: server time %v on %s", i, p.ServerTime, b.Driver)
			}
			if !p.ServerTime.IsZero() && (p.ServerTime.Sub(time.Now()) > time.Minute || time.Since(p.ServerTime) > time.Minute) {
				t.Errorf("server time %v is far from this host's %v", p.ServerTime, time.Now())
			}
		}
	})
}
