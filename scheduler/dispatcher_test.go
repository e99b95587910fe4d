package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// sent is one message the test messenger delivered.
type sent struct {
	at  time.Time
	to  campaignbot.Recipient
	msg campaignbot.OutgoingMessage
}

// messenger is a chat adapter test double at the delivery boundary: it
// records sends, fails on demand like Slack does, and answers Delivered
// from what it recorded, as the Slack adapter does from channel history.
type messenger struct {
	mu   sync.Mutex
	sent []sent
	// fail returns the error for the next send of a key, or nil.
	fail func(key string, attempt int) error
	// perChannel is the minimum gap between two sends to one recipient.
	perChannel time.Duration
	last       map[campaignbot.Recipient]time.Time
	attempts   map[string]int
}

func (m *messenger) Send(ctx context.Context, r campaignbot.Recipient, msg campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	m.mu.Lock()
	if m.attempts == nil {
		m.attempts = map[string]int{}
		m.last = map[campaignbot.Recipient]time.Time{}
	}
	m.attempts[msg.Key]++
	n := m.attempts[msg.Key]
	wait := time.Duration(0)
	if m.perChannel > 0 {
		if last, ok := m.last[r]; ok {
			wait = last.Add(m.perChannel).Sub(time.Now())
		}
	}
	m.mu.Unlock()
	if wait > 0 {
		time.Sleep(wait) // virtual time inside the synctest bubble
	}
	if m.fail != nil {
		if err := m.fail(msg.Key, n); err != nil {
			return campaignbot.MessageRef{}, err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last[r] = time.Now()
	m.sent = append(m.sent, sent{at: time.Now(), to: r, msg: msg})
	return campaignbot.MessageRef{Channel: r.Channel, TS: fmt.Sprint(len(m.sent))}, nil
}

func (m *messenger) Delivered(ctx context.Context, r campaignbot.Recipient, msg campaignbot.OutgoingMessage, since time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.sent {
		if s.to == r && s.msg.Key == msg.Key && !s.at.Before(since) {
			return true, nil
		}
	}
	return false, nil
}

func (m *messenger) all() []sent {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]sent(nil), m.sent...)
}

func testConfig() *config.Config {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return &config.Config{Timezone: loc, Language: campaignbot.English, Scheduler: config.Scheduler{CatchUp: 6 * time.Hour}}
}

func reminderAt(key string, at time.Time, ch campaignbot.ChannelID) campaignbot.Reminder {
	return campaignbot.Reminder{Key: key, Kind: campaignbot.ReminderJob, At: at, Recipient: campaignbot.Recipient{Channel: ch}, Message: campaignbot.OutgoingMessage{Text: key}}
}

func newDispatcher(db *storage.DB, m campaignbot.Messenger, cfg *config.Config, owner string) *scheduler.Dispatcher {
	return &scheduler.Dispatcher{
		Store: storage.NewReminderStore(db), Messenger: m, Config: func() *config.Config { return cfg }, Owner: owner,
	}
}

// runFor runs d inside the bubble for the virtual duration, then stops it.
func runFor(t *testing.T, d *scheduler.Dispatcher, dur time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(dur) // virtual: the bubble's clock jumps
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestDispatcherOnTimeOnceAcrossRestarts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Opened in the bubble, so the pool's goroutines and channels belong
		// to it and are closed (by t.Cleanup) before the bubble ends.
		db := storagetest.OpenSQLite(t)
		start := time.Now()
		store := storage.NewReminderStore(db)
		plan := []campaignbot.Reminder{
			reminderAt("a", start.Add(time.Hour), "c1"),
			reminderAt("b", start.Add(90*time.Minute), "c1"),
			reminderAt("c", start.Add(5*time.Hour), "c2"),
		}
		if _, err := store.Replan(context.Background(), "job:x", plan, start); err != nil {
			t.Fatal(err)
		}
		m := &messenger{}
		cfg := testConfig()
		runFor(t, newDispatcher(db, m, cfg, "one"), 2*time.Hour)
		got := m.all()
		if len(got) != 2 || got[0].msg.Text != "a" || !got[0].at.Equal(start.Add(time.Hour)) || !got[1].at.Equal(start.Add(90*time.Minute)) {
			t.Fatalf("sent %+v", got)
		}
		// A restart re-plans the same reminders and sends nothing twice.
		if _, err := store.Replan(context.Background(), "job:x", plan, start); err != nil {
			t.Fatal(err)
		}
		runFor(t, newDispatcher(db, m, cfg, "two"), 4*time.Hour)
		got = m.all()
		if len(got) != 3 || got[2].msg.Text != "c" || !got[2].at.Equal(start.Add(5*time.Hour)) {
			t.Fatalf("after restart sent %+v", got)
		}
		for _, s := range got {
			if s.msg.Key == "" || strings.Contains(s.msg.Text, "Late:") {
				t.Errorf("message %+v lacks its key or is marked late", s.msg)
			}
		}
	})
}

func TestDispatcherCatchUpAndMissed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Opened in the bubble, so the pool's goroutines and channels belong
		// to it and are closed (by t.Cleanup) before the bubble ends.
		db := storagetest.OpenSQLite(t)
		now := time.Now()
		store := storage.NewReminderStore(db)
		// Planned before the downtime.
		plan := []campaignbot.Reminder{
			reminderAt("late", now.Add(-time.Hour), "c1"),
			reminderAt("missed", now.Add(-7*time.Hour), "c1"),
		}
		if _, err := store.Replan(context.Background(), "job:x", plan, now.Add(-8*time.Hour)); err != nil {
			t.Fatal(err)
		}
		m := &messenger{}
		if err := newDispatcher(db, m, testConfig(), "one").DispatchDue(context.Background(), now); err != nil {
			t.Fatal(err)
		}
		got := m.all()
		if len(got) != 1 || !strings.HasPrefix(got[0].msg.Text, "late\n_Late: planned for ") || !strings.HasSuffix(got[0].msg.Text, " while I was offline._") {
			t.Fatalf("sent %+v", got)
		}
		all, _ := store.Reminders(context.Background(), campaignbot.ReminderFilter{Source: "job:x"})
		if all[0].Key != "missed" || all[0].Status != campaignbot.ReminderMissed || !strings.Contains(all[0].Reason, "beyond catch_up 6h") {
			t.Errorf("missed reminder = %+v", all[0])
		}
		if all[1].Status != campaignbot.ReminderSent || !all[1].Late {
			t.Errorf("late reminder = %+v", all[1])
		}
	})
}

func TestDispatcherRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Opened in the bubble, so the pool's goroutines and channels belong
		// to it and are closed (by t.Cleanup) before the bubble ends.
		db := storagetest.OpenSQLite(t)
		start := time.Now()
		store := storage.NewReminderStore(db)
		plan := []campaignbot.Reminder{
			reminderAt("rate-limited", start.Add(time.Minute), "c1"),
			reminderAt("gone", start.Add(time.Minute), "c2"),
			reminderAt("slack-down", start.Add(time.Minute), "c3"),
		}
		if _, err := store.Replan(context.Background(), "job:x", plan, start); err != nil {
			t.Fatal(err)
		}
		m := &messenger{fail: func(key string, attempt int) error {
			switch {
			case key == "rate-limited" && attempt <= 2:
				return &campaignbot.DeliveryError{Retryable: true, RetryAfter: 30 * time.Second, Reason: "ratelimited"}
			case key == "gone":
				return &campaignbot.DeliveryError{Reason: "channel_not_found"}
			case key == "slack-down" && time.Since(start) < time.Hour:
				return &campaignbot.DeliveryError{Retryable: true, Reason: "http_503"}
			}
			return nil
		}}
		runFor(t, newDispatcher(db, m, testConfig(), "one"), 2*time.Hour)
		got := m.all()
		byKey := map[string]sent{}
		for _, s := range got {
			if _, dup := byKey[s.msg.Key]; dup {
				t.Errorf("%s sent twice", s.msg.Key)
			}
			byKey[s.msg.Key] = s
		}
		if s, ok := byKey["rate-limited"]; !ok || s.at.Sub(start) != time.Minute+60*time.Second {
			t.Errorf("rate-limited sent at +%v (ok %v), want +2m after two Retry-After waits", s.at.Sub(start), ok)
		}
		if s, ok := byKey["slack-down"]; !ok || s.at.Sub(start) < time.Hour || s.at.Sub(start) > time.Hour+6*time.Minute {
			t.Errorf("slack-down sent at +%v (ok %v), want soon after the hour-long outage", s.at.Sub(start), ok)
		}
		if _, ok := byKey["gone"]; ok {
			t.Error("a permanent failure was delivered")
		}
		failed, _ := store.Reminders(context.Background(), campaignbot.ReminderFilter{Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderFailed}})
		if len(failed) != 1 || failed[0].Key != "gone" || failed[0].Reason != "channel_not_found" || failed[0].Attempts != 1 {
			t.Errorf("failed = %+v", failed)
		}
	})
}

// TestDispatcherKilled covers a dispatcher killed between claim and send,
// and one killed between starting a send and recording it, after the
// message arrived: after the lease the first is sent and the second is
// found, each exactly once.
func TestDispatcherKilled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Opened in the bubble, so the pool's goroutines and channels belong
		// to it and are closed (by t.Cleanup) before the bubble ends.
		db := storagetest.OpenSQLite(t)
		ctx := context.Background()
		start := time.Now()
		store := storage.NewReminderStore(db)
		plan := []campaignbot.Reminder{reminderAt("claimed-only", start, "c1"), reminderAt("sent-not-recorded", start, "c2")}
		if _, err := store.Replan(ctx, "job:x", plan, start); err != nil {
			t.Fatal(err)
		}
		m := &messenger{}
		// The dead dispatcher claimed both, started and sent one, then died.
		claimed, err := store.Claim(ctx, campaignbot.ClaimRequest{Owner: "dead", Now: start, LeaseUntil: start.Add(scheduler.DefaultLease), Limit: 10})
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claim: %v %v", claimed, err)
		}
		if err := store.Start(ctx, claimed[1].Key, claimed[1].Claim, start, start.Add(scheduler.DefaultLease)); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Send(ctx, claimed[1].Recipient, campaignbot.OutgoingMessage{Text: "x", Key: claimed[1].Key}); err != nil {
			t.Fatal(err)
		}
		d := newDispatcher(db, m, testConfig(), "alive")
		// Within the lease nothing is taken over.
		if err := d.DispatchDue(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		if len(m.all()) != 1 {
			t.Fatalf("a fresh claim was taken over: %+v", m.all())
		}
		time.Sleep(time.Minute) // past the lease, and past the time Slack may still take to post
		if err := d.DispatchDue(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		got := m.all()
		if len(got) != 2 || got[1].msg.Key != "claimed-only" {
			t.Fatalf("sent %+v", got)
		}
		sentRows, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderSent}})
		if len(sentRows) != 2 {
			t.Fatalf("%d recorded sent, want 2", len(sentRows))
		}
	})
}

func TestDispatcherComposerCancels(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	ctx := context.Background()
	now := time.Date(2026, 10, 29, 8, 0, 0, 0, time.UTC)
	store := storage.NewReminderStore(db)
	r := reminderAt("todo:T1/7:2h:@alice", now, "")
	r.Kind, r.Recipient = campaignbot.ReminderTodo, campaignbot.Recipient{User: "alice"}
	r2 := r
	r2.Key = "todo:T1/8:2h:@alice"
	if _, err := store.Replan(ctx, "todo:T1/7", []campaignbot.Reminder{r, r2}, now); err != nil {
		t.Fatal(err)
	}
	m := &messenger{}
	d := newDispatcher(db, m, testConfig(), "one")
	d.Composers = map[campaignbot.ReminderKind]scheduler.Composer{
		campaignbot.ReminderTodo: scheduler.ComposerFunc(func(ctx context.Context, r campaignbot.Reminder, at time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
			if strings.Contains(r.Key, "/7:") {
				return campaignbot.OutgoingMessage{}, false, "to-do #7 is done", nil
			}
			return campaignbot.OutgoingMessage{Text: "to-do #8 is due in 2 hours"}, true, "", nil
		}),
	}
	if err := d.DispatchDue(ctx, now); err != nil {
		t.Fatal(err)
	}
	if got := m.all(); len(got) != 1 || got[0].msg.Text != "to-do #8 is due in 2 hours" || got[0].msg.Key != r2.Key {
		t.Fatalf("sent %+v", got)
	}
	all, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Source: "todo:T1/7"})
	if all[0].Status != campaignbot.ReminderCanceled || all[0].Reason != "to-do #7 is done" {
		t.Errorf("reminder of a done to-do = %+v", all[0])
	}
}

// TestTwoReplicas runs two dispatchers with their own connection pools on
// one database (PostgreSQL when available): each reminder goes out once.
func TestTwoReplicas(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		opts := b.Options(t)
		now := time.Now()
		var plan []campaignbot.Reminder
		for i := range 400 {
			plan = append(plan, reminderAt(fmt.Sprintf("r%03d", i), now.Add(-time.Second), campaignbot.ChannelID(fmt.Sprintf("c%d", i%8))))
		}
		first := storagetest.Open(t, opts)
		if _, err := storage.NewReminderStore(first).Replan(ctx, "job:replicas", plan, now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		m := &messenger{}
		var wg sync.WaitGroup
		for i := range 2 {
			d := newDispatcher(storagetest.Open(t, opts), m, testConfig(), fmt.Sprintf("replica-%d", i))
			d.Batch = 7
			wg.Go(func() {
				if err := d.DispatchDue(ctx, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got := m.all()
		seen := map[string]int{}
		for _, s := range got {
			seen[s.msg.Key]++
		}
		if len(got) != 400 || len(seen) != 400 {
			t.Fatalf("%d sends of %d distinct reminders, want 400 of 400", len(got), len(seen))
		}
	})
}

// TestRetryAfterCountsFromTheAnswer: Slack took 20 s to answer 429
// Retry-After 30; the next attempt must wait 30 s from the answer, not
// from when the send began.
func TestRetryAfterCountsFromTheAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storagetest.OpenSQLite(t) // in the bubble: see TestDispatcherOnTimeOnceAcrossRestarts
		start := time.Now()
		store := storage.NewReminderStore(db)
		if _, err := store.Replan(context.Background(), "job:x", []campaignbot.Reminder{reminderAt("slow", start.Add(time.Minute), "c1")}, start); err != nil {
			t.Fatal(err)
		}
		var tries []time.Time
		var answered time.Time
		m := &messenger{fail: func(key string, attempt int) error {
			tries = append(tries, time.Now())
			if attempt == 1 {
				time.Sleep(20 * time.Second) // a slow answer
				answered = time.Now()
				return &campaignbot.DeliveryError{Retryable: true, RetryAfter: 30 * time.Second, Reason: "ratelimited"}
			}
			return nil
		}}
		runFor(t, newDispatcher(db, m, testConfig(), "one"), 10*time.Minute)
		if len(tries) != 2 {
			t.Fatalf("%d attempts, want 2", len(tries))
		}
		if wait := tries[1].Sub(answered); wait < 30*time.Second {
			t.Errorf("retried %v after the 429 answer, want at least its Retry-After of 30s", wait)
		}
	})
}

// deadlineMessenger records the deadline each send was given.
type deadlineMessenger struct {
	mu        sync.Mutex
	deadlines []time.Duration
}

func (m *deadlineMessenger) Send(ctx context.Context, _ campaignbot.Recipient, _ campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	d, ok := ctx.Deadline()
	m.mu.Lock()
	defer m.mu.Unlock()
	if !ok {
		m.deadlines = append(m.deadlines, -1)
	} else {
		m.deadlines = append(m.deadlines, time.Until(d))
	}
	return campaignbot.MessageRef{}, nil
}

// TestSendEndsBeforeItsLease: every send is given a deadline inside its
// claim's lease, so no other dispatcher can take the reminder over while
// the send may still be on its way.
func TestSendEndsBeforeItsLease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storagetest.OpenSQLite(t)
		start := time.Now()
		if _, err := storage.NewReminderStore(db).Replan(context.Background(), "job:x",
			[]campaignbot.Reminder{reminderAt("a", start.Add(time.Minute), "c1"), reminderAt("b", start.Add(time.Minute), "c2")}, start); err != nil {
			t.Fatal(err)
		}
		m := &deadlineMessenger{}
		d := newDispatcher(db, m, testConfig(), "one")
		d.Lease = 40 * time.Second
		runFor(t, d, 5*time.Minute)
		if len(m.deadlines) != 2 {
			t.Fatalf("%d sends, want 2", len(m.deadlines))
		}
		for _, dl := range m.deadlines {
			if dl <= 0 || dl >= d.Lease {
				t.Errorf("a send had %v left, want a deadline inside the 40s lease", dl)
			}
		}
	})
}
