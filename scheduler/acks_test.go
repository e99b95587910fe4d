package scheduler_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// ackWorld is the campaign of testdata/acks.yaml planned into a real
// database, with the reminders due at each of sendAt sent then.
type ackWorld struct {
	cfg   *config.Config
	rs    *storage.ReminderStore
	store *storage.AckStore
	acks  *scheduler.Acks
	sent  *messenger
}

func newAckWorld(t *testing.T, db *storage.DB, sendAt ...time.Time) *ackWorld {
	t.Helper()
	return newAckWorldFrom(t, db, "testdata/acks.yaml", sendAt...)
}

// newAckWorldFrom is newAckWorld with the campaign of another file.
func newAckWorldFrom(t *testing.T, db *storage.DB, file string, sendAt ...time.Time) *ackWorld {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg := parseConfig(t, string(data))
	w := &ackWorld{cfg: cfg, sent: &messenger{}}
	w.open(db)
	ctx := context.Background()
	plans, problems := scheduler.MilestoneReminders(ctx, cfg, nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if _, err := w.rs.ReplanPrefix(ctx, "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
		t.Fatal(err)
	}
	for _, at := range sendAt {
		w.dispatch(t, at)
	}
	return w
}

// open points the world at db, as a process (re)starting would.
func (w *ackWorld) open(db *storage.DB) {
	w.rs = storage.NewReminderStore(db)
	w.store = storage.NewAckStore(db)
	w.acks = &scheduler.Acks{Reminders: w.rs, Store: w.store, Config: func() *config.Config { return w.cfg }}
}

// dispatch sends what is due at at, re-pings and escalations composed.
func (w *ackWorld) dispatch(t *testing.T, at time.Time) {
	t.Helper()
	cfg := func() *config.Config { return w.cfg }
	d := &scheduler.Dispatcher{Store: w.rs, Messenger: w.sent, Clock: scheduler.FixedClock{T: at}, Config: cfg, Owner: "test",
		Composers: map[campaignbot.ReminderKind]scheduler.Composer{
			campaignbot.ReminderAckReping:   scheduler.AckComposer{Reminders: w.rs, Store: w.store, Config: cfg},
			campaignbot.ReminderAckEscalate: scheduler.AckComposer{Reminders: w.rs, Store: w.store, Config: cfg},
		}}
	if err := d.DispatchDue(context.Background(), at); err != nil {
		t.Fatal(err)
	}
}

// TestAckButtonsOnPeopleOnly: the warm-up's DMs carry Got it; its
// channel post and the design review's DMs do not.
func TestAckButtonsOnPeopleOnly(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), cst(t, "2026-10-30 20:00"), cst(t, "2026-10-31 20:00"))
	asks := map[string]bool{}
	for _, s := range w.sent.sent {
		asks[s.to.String()+" "+s.msg.Key] = slices.ContainsFunc(s.msg.Buttons, func(b campaignbot.Button) bool {
			return b.ActionID == campaignbot.AckAction && b.Value == s.msg.Key && b.Command == "/ack "+s.msg.Key && b.Label == "Got it"
		})
	}
	for key, want := range map[string]bool{
		"@alice milestone:double11/warm-up:1d:@alice":                         true,
		"@li.na milestone:double11/warm-up:0:@li.na":                          true,
		"#double11-war-room milestone:double11/warm-up:1d:#double11-war-room": false,
		"@chen.jie milestone:double11/design-review:0:@chen.jie":              false,
	} {
		got, ok := asks[key]
		if !ok {
			t.Errorf("%s was not sent; sent %v", key, asks)
		} else if got != want {
			t.Errorf("%s asks for an ack = %v, want %v", key, got, want)
		}
	}
}

// TestAcknowledgeOwnReminder: the audience of an occurrence is the
// people it was sent to; a second click records nothing new.
func TestAcknowledgeOwnReminder(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), cst(t, "2026-10-30 21:00"))
	ctx := context.Background()
	at := cst(t, "2026-10-30 21:05")
	st, recorded, err := w.acks.Acknowledge(ctx, "milestone:double11/warm-up:1d:@alice", "alice", at)
	if err != nil || !recorded {
		t.Fatalf("Acknowledge = %v, %v", recorded, err)
	}
	if acked, total := st.Counts(); acked != 1 || total != 3 || !slices.Equal(st.Audience, []campaignbot.UserID{"alice", "chen.jie", "li.na"}) {
		t.Errorf("status = %d of %d, audience %v", acked, total, st.Audience)
	}
	if !st.Acks["alice"].At.Equal(at) || st.Occurrence != "milestone:double11/warm-up:1d" {
		t.Errorf("status = %+v", st)
	}
	st, recorded, err = w.acks.Acknowledge(ctx, "milestone:double11/warm-up:1d:@alice", "alice", at.Add(time.Minute))
	if err != nil || recorded || !st.Acks["alice"].At.Equal(at) {
		t.Errorf("second click = %+v, %v, %v; want the first ack kept", st.Acks, recorded, err)
	}
	if _, _, err := w.acks.Acknowledge(ctx, "milestone:double11/warm-up:1d:@li.na", "li.na", at); err != nil {
		t.Fatal(err)
	}
	all, err := w.acks.Statuses(ctx, "milestone:double11/warm-up")
	if err != nil || len(all) != 1 {
		t.Fatalf("Statuses = %+v, %v; want the 1d occurrence only (the 0s one is not sent yet)", all, err)
	}
	if acked, total := all[0].Counts(); acked != 2 || total != 3 {
		t.Errorf("Statuses counts = %d of %d", acked, total)
	}
	if none, err := w.acks.Statuses(ctx, "milestone:double11/design-review"); err != nil || len(none) != 0 {
		t.Errorf("Statuses of a milestone without acks = %+v, %v", none, err)
	}
}

// TestAcknowledgeAnswersLikeMissing: someone else's reminder, a forged
// key, a reminder not sent yet, a channel post and a reminder that asks
// for no ack all answer exactly as a missing key does, and record
// nothing.
func TestAcknowledgeAnswersLikeMissing(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), cst(t, "2026-10-30 21:00"))
	ctx := context.Background()
	at := cst(t, "2026-10-30 21:05")
	want := campaignbot.ErrNoAck().Error()
	for _, tt := range []struct {
		name string
		key  string
		user campaignbot.UserID
	}{
		{"missing", "milestone:double11/nothing:1d:@alice", "alice"},
		{"someone else's", "milestone:double11/warm-up:1d:@li.na", "alice"},
		{"someone else's with own name appended", "milestone:double11/warm-up:1d:@li.na:@alice", "alice"},
		{"not in the audience", "milestone:double11/warm-up:1d:@bob", "bob"},
		{"not sent yet", "milestone:double11/warm-up:0:@alice", "alice"},
		{"channel post", "milestone:double11/warm-up:1d:#double11-war-room", "alice"},
		{"no ack asked", "milestone:double11/design-review:0:@li.na", "li.na"},
		{"garbage", "'; DROP TABLE reminder_acks; --", "alice"},
		{"empty", "", "alice"},
	} {
		_, _, err := w.acks.Acknowledge(ctx, tt.key, tt.user, at)
		if campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND || err.Error() != want {
			t.Errorf("Acknowledge(%s) = %v, want %s", tt.name, err, want)
		}
		if _, err := w.acks.Status(ctx, tt.key, tt.user); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND || err.Error() != want {
			t.Errorf("Status(%s) = %v, want %s", tt.name, err, want)
		}
	}
	all, err := w.acks.Statuses(ctx, "milestone:double11/warm-up")
	if err != nil || len(all) != 1 || len(all[0].Acks) != 0 {
		t.Errorf("after the refused acks: %+v, %v; want none recorded", all, err)
	}
}
