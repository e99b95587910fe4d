package scheduler

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// aheadClock is the real clock moved forward.
type aheadClock struct{ by time.Duration }

func (c aheadClock) Now() time.Time                 { return time.Now().Add(c.by) }
func (c aheadClock) NewTimer(d time.Duration) Timer { return SystemClock{}.NewTimer(d) }

// sharer records the share of the posting rate it is told.
type sharer struct {
	mu       sync.Mutex
	replicas int
}

func (s *sharer) Send(context.Context, campaignbot.Recipient, campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	return campaignbot.MessageRef{}, nil
}

func (s *sharer) SharePosts(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replicas = n
}

// TestSkewedClockClaimsNothing: on PostgreSQL a dispatcher whose host
// clock is off from the database's by more than an eighth of a lease
// claims nothing until it is back in line, since leases set by one clock
// are judged by another's; every heartbeat shares the posting rate among
// the dispatchers alive.
func TestSkewedClockClaimsNothing(t *testing.T) {
	opts := storagetest.Backend{Driver: storage.DriverPostgres}.Options(t)
	db := storagetest.Open(t, opts)
	ctx := context.Background()
	store := storage.NewReminderStore(db)
	cfg := &config.Config{Timezone: time.UTC, Scheduler: config.Scheduler{CatchUp: time.Hour, ClaimLease: 45 * time.Second}}
	r := campaignbot.Reminder{Key: "job:x:1", Kind: campaignbot.ReminderJob, At: time.Now().Add(-time.Second),
		Recipient: campaignbot.Recipient{Channel: "C1"}, Message: campaignbot.OutgoingMessage{Text: "x"}}
	if _, err := store.Replan(ctx, "job:x", []campaignbot.Reminder{r}, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	m := &sharer{}
	newD := func(owner string, clock Clock) *Dispatcher {
		d := &Dispatcher{Store: store, Messenger: m, Clock: clock, Owner: owner, Config: func() *config.Config { return cfg }}
		d.init()
		return d
	}
	skewed := newD("skewed", aheadClock{by: 40 * time.Second})
	skewed.heartbeat(ctx)
	if !skewed.skewed.Load() {
		t.Fatal("a clock 40 s ahead of the database was not noticed")
	}
	var runs sync.WaitGroup
	skewed.claimRuns(ctx, skewed.Clock.Now(), &runs)
	runs.Wait()
	if rs, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Source: "job:x"}); rs[0].Status != campaignbot.ReminderPending {
		t.Fatalf("the skewed dispatcher claimed: %s", rs[0].Status)
	}
	fine := newD("fine", SystemClock{})
	fine.hold("c", 1) // both are sending
	skewed.hold("c", 1)
	skewed.heartbeat(ctx)
	fine.heartbeat(ctx)
	fine.unhold("c", 1)
	if fine.skewed.Load() {
		t.Fatal("a clock in line with the database counts as skewed")
	}
	if m.replicas != 2 {
		t.Errorf("the posting rate is shared among %d, want the 2 dispatchers sending", m.replicas)
	}
	fine.claimRuns(ctx, fine.Clock.Now(), &runs)
	runs.Wait()
	if rs, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Source: "job:x"}); rs[0].Status != campaignbot.ReminderSent {
		t.Fatalf("the dispatcher in line did not send: %s (%s)", rs[0].Status, rs[0].Reason)
	}
}
