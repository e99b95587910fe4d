package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestTimelineShowsWhatHappened: a milestone that passed is ✓ only when
// its reminders went out. One whose reminders were missed while the bot
// was down shows ⚠ with the count, one still being delivered shows …, and
// one that passed without any reminder says so.
func TestTimelineShowsWhatHappened(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	ctx := context.Background()
	cfg := exampleConfig(t)
	loc := cfg.Timezone
	now := time.Date(2026, 10, 23, 18, 0, 0, 0, loc)
	store := storage.NewReminderStore(db)
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, loc)
		return v
	}
	rem := func(milestone, key string, when time.Time) campaignbot.Reminder {
		return campaignbot.Reminder{Key: "milestone:double11/" + milestone + ":" + key, Kind: campaignbot.ReminderMilestone, At: when,
			Recipient: campaignbot.Recipient{Channel: "C0WAR"}, Message: campaignbot.OutgoingMessage{Text: key}}
	}
	// How each reminder ended: sent on time, sent late, missed, failed,
	// still retrying.
	outcome := map[string]campaignbot.ReminderStatus{}
	plan := map[string][]campaignbot.Reminder{
		"coupons": {rem("coupons", "1d", at("2026-10-09 10:00")), rem("coupons", "0", at("2026-10-10 10:00"))},
		"declaration-form": {rem("declaration-form", "1d", at("2026-10-13 18:00")), rem("declaration-form", "0", at("2026-10-14 18:00")),
			rem("declaration-form", "2h", at("2026-10-14 16:00"))},
		"cost-effective-registration": {rem("cost-effective-registration", "0", at("2026-10-15 10:00"))},
		"preheat-page-design":         {rem("preheat-page-design", "7d", at("2026-10-15 18:00")), rem("preheat-page-design", "0", at("2026-10-22 18:00"))},
	}
	outcome["milestone:double11/coupons:1d"] = campaignbot.ReminderSent
	outcome["milestone:double11/coupons:0"] = campaignbot.ReminderSent
	outcome["milestone:double11/declaration-form:1d"] = campaignbot.ReminderSent
	outcome["milestone:double11/declaration-form:2h"] = campaignbot.ReminderMissed
	outcome["milestone:double11/declaration-form:0"] = campaignbot.ReminderFailed
	outcome["milestone:double11/preheat-page-design:7d"] = campaignbot.ReminderSent
	for m, rs := range plan {
		if _, err := store.Replan(ctx, scheduler.MilestoneSource("double11", m), rs, at("2026-10-01 00:00")); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := store.Claim(ctx, campaignbot.ClaimRequest{Owner: "test", Now: at("2026-10-16 00:00"), LeaseUntil: at("2026-10-16 01:00"), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range claimed {
		status, ok := outcome[r.Key]
		if !ok {
			continue // cost-effective-registration:0 is still being delivered
		}
		if err := store.Finish(ctx, r.Key, r.Claim, status, r.At, false, "missed: the bot was down"); err != nil {
			t.Fatal(err)
		}
	}

	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }})
	handlers.Register(r, handlers.Deps{Reminders: store})
	chat := &chattest.Recorder{}
	r.HandleCommand(ctx, chat, &bot.Command{Name: "campaign", Args: "timeline double11",
		User: campaignbot.User{ID: "bob", Name: "bob"}, Channel: campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}})
	texts := chat.Texts()
	if len(texts) != 1 {
		t.Fatalf("said %q", texts)
	}
	for _, want := range []string{
		"\n✓ 10-10 10:00  Coupons start",
		"\n⚠ 10-14 18:00  ",
		"— 2 of 3 reminders not delivered",
		"\n… 10-15 10:00  ",
		"— 1 being delivered",
		"\n… 10-22 18:00  ",
		"\n· 10-23 17:00  ",
		"\n○ 10-28 10:00  ",
		"no reminder was sent",
		"Reminders not delivered:",
	} {
		if !strings.Contains(texts[0], want) {
			t.Errorf("the timeline lacks %q:\n%s", want, texts[0])
		}
	}
	if strings.Contains(texts[0], "✓ 10-14") {
		t.Errorf("a milestone whose reminders were missed is marked done:\n%s", texts[0])
	}
}
