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

// TestConsoleChannelPostAck: a channel post with ack.from prints its
// /ack command; typed by someone not asked it says so and records
// nothing; typed by alice it records her ack, "1 of 2".
func TestConsoleChannelPostAck(t *testing.T) {
	data, err := os.ReadFile("testdata/acks_channel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("acks_channel.yaml", data)
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
	claimed, err := rs.Claim(ctx, campaignbot.ClaimRequest{Owner: "console", Now: sendAt, LeaseUntil: sendAt.Add(time.Minute), Limit: 100, PerRecipient: 10})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %v, %v", claimed, err)
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
	const line = "[Got it] /ack milestone:double11/launch-check:1d:#double11-war-room"
	if got := take(); !strings.Contains(got, line) {
		t.Fatalf("the post printed:\n%s\nwant %s", got, line)
	}
	router := bot.NewRouter(bot.RouterOptions{Config: current, Now: func() time.Time { return sendAt.Add(time.Hour) }})
	handlers.Register(router, handlers.Deps{Reminders: rs, Acks: &scheduler.Acks{Reminders: rs, Store: storage.NewAckStore(db)}})
	typed := strings.TrimPrefix(line, "[Got it] ")
	a.handleLine(ctx, router, "/as chen.jie")
	take()
	a.handleLine(ctx, router, typed)
	if got := take(); !strings.Contains(got, "This reminder asks @alice, @bob to acknowledge it, not you, so nothing was recorded.") {
		t.Errorf("chen.jie typing the post's /ack got:\n%s", got)
	}
	a.handleLine(ctx, router, "/as alice")
	take()
	a.handleLine(ctx, router, typed)
	if got := take(); !strings.Contains(got, "✓ Got it: you acknowledged at 10-30 21:00. ✓ 1 of 2 acknowledged.") {
		t.Errorf("alice typing the post's /ack got:\n%s", got)
	}
}
