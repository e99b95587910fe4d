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

// planNow re-plans with the real planner, as the scheduler service does.
type planNow func(ctx context.Context) error

func (p planNow) ReplanNow(ctx context.Context) error { return p(ctx) }

func TestCampaignRuntimeMilestones(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		cfg := exampleConfig(t)
		now := cst(t, "2026-10-20 10:00")
		store := storage.NewReminderStore(db)
		overrides := storage.NewMilestoneOverrides(db)
		planner := &scheduler.Planner{Store: store, Overrides: func(ctx context.Context) ([]campaignbot.MilestoneOverride, error) {
			return overrides.Overrides(ctx, "")
		}}
		replans := 0
		r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }})
		handlers.Register(r, handlers.Deps{Reminders: store, Overrides: overrides, Replanner: planNow(func(ctx context.Context) error {
			replans++
			_, err := planner.Plan(ctx, cfg, now)
			return err
		})})
		if _, err := planner.Plan(ctx, cfg, now); err != nil {
			t.Fatal(err)
		}
		chat := &chattest.Recorder{}
		say := func(u campaignbot.User, args string) string {
			t.Helper()
			chat.Reset()
			r.HandleCommand(ctx, chat, &bot.Command{Workspace: "T1", Name: "campaign", Args: args, User: u, Channel: warRm})
			texts := chat.Texts()
			if len(texts) != 1 {
				t.Fatalf("/campaign %s answered %q", args, texts)
			}
			return texts[0]
		}
		reminderAt := func(key string) string {
			t.Helper()
			rs, err := store.Reminders(ctx, campaignbot.ReminderFilter{Prefix: "milestone:", Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
			if err != nil {
				t.Fatal(err)
			}
			for _, rm := range rs {
				if rm.Key == key {
					return rm.At.In(now.Location()).Format("01-02 15:04")
				}
			}
			return "none"
		}
		const closes2h = "milestone:double11/registration-closes:2h:#double11-war-room"
		if got := reminderAt(closes2h); got != "10-29 20:59" {
			t.Fatalf("before: %s", got)
		}
		steps := []struct {
			user campaignbot.User
			args string
			want string
		}{
			{uAlice, "move registration-closes 2026-10-30 23:59", "Only admins can change milestones in chat"},
			{uWang, "move registration-closes 2026-10-30 23:59", "<@wang.fang> moved the milestone *Product registration closes 商品报名截止* (double11/registration-closes) from 2026-10-29 23:59 to 2026-10-30 23:59"},
			{uWang, "move no-such-milestone 2026-10-30 23:59", ""},
			{uWang, "move registration-closes the-day-after", ""},
			{uWang, `add-milestone double11 live-rehearsal "Live-stream rehearsal 直播彩排" D-5 15:00 offsets 1d,0`, "<@wang.fang> added the milestone"},
			{uWang, `add-milestone double11 live-rehearsal "Again" D-4 15:00`, ""},
			{uWang, "timeline", "moved from 10-29 23:59 (YAML) by @wang.fang"},
			{uWang, "timeline", "✚ added in chat by @wang.fang"},
		}
		for _, st := range steps {
			got := say(st.user, st.args)
			if st.want == "" {
				if got == campaignbot.InternalErrorText.EN || strings.Contains(got, "moved the milestone") || strings.Contains(got, "added the milestone") {
					t.Errorf("/campaign %s should be refused politely, got %q", st.args, got)
				}
				continue
			}
			if !strings.Contains(got, st.want) {
				t.Errorf("/campaign %s:\n got %q\nwant %q", st.args, got, st.want)
			}
		}
		if got := reminderAt(closes2h); got != "10-30 20:59" {
			t.Errorf("after the move the 2h reminder is at %s, want 10-30 20:59", got)
		}
		if got := reminderAt("milestone:double11/live-rehearsal:1d:#double11-war-room"); got != "11-05 15:00" {
			t.Errorf("the added milestone's 1d reminder is at %s, want 11-05 15:00", got)
		}
		if got := say(uWang, "reset registration-closes"); !strings.Contains(got, "to the config file's time, 2026-10-29 23:59") {
			t.Errorf("reset: %q", got)
		}
		if got := reminderAt(closes2h); got != "10-29 20:59" {
			t.Errorf("after the reset the 2h reminder is at %s", got)
		}
		if replans != 3 {
			t.Errorf("%d re-plans, want 3 (move, add, reset)", replans)
		}
	})
}
