package console

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// reader returns what the console wrote since the last call.
func reader(out *syncBuffer) func() string {
	seen := 0
	return func() string {
		all := out.String()
		got := all[seen:]
		seen = len(all)
		return got
	}
}

// TestConsoleAck: a reminder that asks for an ack prints the command
// that acknowledges it, and typing it as its recipient acknowledges; the
// same line typed by someone else is answered as a missing reminder.
func TestConsoleAck(t *testing.T) {
	data, err := os.ReadFile("testdata/acks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("acks.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	current := func() *config.Config { return cfg }
	sendAt := time.Date(2026, 10, 30, 12, 0, 0, 0, time.UTC) // 20:00 in Shanghai
	out := &syncBuffer{}
	take := reader(out)
	a, err := New(Options{Out: out, Config: current, User: "li.na", Now: func() time.Time { return sendAt.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.OpenSQLite(t)
	rs := storage.NewReminderStore(db)
	ctx := context.Background()
	plans, _ := scheduler.MilestoneReminders(ctx, cfg, nil)
	if _, err := rs.ReplanPrefix(ctx, "milestone:", plans, sendAt.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The dispatcher's steps, by hand: its send deadline comes from its
	// clock, which is pinned in 2026, and the console honours deadlines.
	claimed, err := rs.Claim(ctx, campaignbot.ClaimRequest{Owner: "console", Now: sendAt, LeaseUntil: sendAt.Add(time.Minute), Limit: 100, PerRecipient: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range claimed {
		if err := rs.Start(ctx, r.Key, r.Claim, sendAt, sendAt.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Send(ctx, r.Recipient, r.Message); err != nil {
			t.Fatal(err)
		}
		if err := rs.Finish(ctx, r.Key, r.Claim, campaignbot.ReminderSent, sendAt, false, ""); err != nil {
			t.Fatal(err)
		}
	}
	const line = "[Got it] /ack milestone:double11/warm-up:1d:@li.na"
	const dm = "[DM → @li.na] campaignbot: *Warm-up starts* (Double 11): in 1 day, 2026-10-31 20:00\n" +
		"  " + line + "\n" +
		"  [Timeline] /campaign timeline double11\n"
	if got := take(); !strings.Contains(got, dm) {
		t.Fatalf("the reminder printed:\n%s\nwant li.na's DM:\n%s", got, dm)
	}
	router := bot.NewRouter(bot.RouterOptions{Config: current, Now: func() time.Time { return sendAt.Add(time.Hour) }})
	handlers.Register(router, handlers.Deps{Reminders: rs, Acks: &scheduler.Acks{Reminders: rs, Store: storage.NewAckStore(db)}})
	typed := strings.TrimPrefix(line, "[Got it] ")

	a.handleLine(ctx, router, "/as bob")
	take()
	a.handleLine(ctx, router, typed)
	if got := take(); !strings.Contains(got, "I found no reminder waiting for your acknowledgement under that key. Nothing was recorded.") {
		t.Errorf("bob typing li.na's /ack got:\n%s", got)
	}
	a.handleLine(ctx, router, "/as li.na")
	take()
	a.handleLine(ctx, router, typed)
	if got := take(); !strings.Contains(got, "✓ Got it: you acknowledged at 10-30 21:00. ✓ 1 of 3 acknowledged.") {
		t.Errorf("li.na typing her /ack got:\n%s", got)
	}
	a.handleLine(ctx, router, typed)
	if got := take(); !strings.Contains(got, "✓ You had already acknowledged at 10-30 21:00. ✓ 1 of 3 acknowledged.") {
		t.Errorf("li.na typing her /ack again got:\n%s", got)
	}
}
