package handlers_test

import (
	"context"
	"slices"
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

// TestAddMilestoneWithAck: `/campaign add-milestone … ack @alice`
// (需确认) stores the ack policy with the milestone; the reminders DM the
// people named (the leads without names) with a Got it button, also
// after a restart (a planner on a new store of the same database) and
// after /campaign move; unknown people, and ack alone in a campaign
// without leads, are refused, storing nothing.
func TestAddMilestoneWithAck(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		base := exampleConfig(t)
		en := *base
		zh := en
		zh.Language = campaignbot.Chinese
		cur := &en
		now := time.Date(2026, 10, 20, 10, 0, 0, 0, en.Timezone)
		newPlanner := func() (*scheduler.Planner, *storage.ReminderStore, *storage.MilestoneOverrides) {
			overrides, store := storage.NewMilestoneOverrides(db), storage.NewReminderStore(db)
			return &scheduler.Planner{Store: store, Overrides: func(ctx context.Context) ([]campaignbot.MilestoneOverride, error) {
				return overrides.Overrides(ctx, "")
			}}, store, overrides
		}
		planner, store, overrides := newPlanner()
		r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cur }, Now: func() time.Time { return now }})
		handlers.Register(r, handlers.Deps{Reminders: store, Overrides: overrides, Replanner: replanFunc(func(ctx context.Context) error {
			_, err := planner.Plan(ctx, cur, now)
			return err
		})})
		chat := &chattest.Recorder{Users: []campaignbot.User{{ID: "U0ALICE", Name: "alice"}}}
		admin := campaignbot.User{ID: "wang.fang", Name: "wang.fang"}
		room := campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}
		say := func(zhLang bool, args string) string {
			t.Helper()
			cur = &en
			if zhLang {
				cur = &zh
			}
			chat.Reset()
			r.HandleCommand(ctx, chat, &bot.Command{Name: "campaign", Args: args, User: admin, Channel: room})
			return strings.Join(chat.Texts(), "\n")
		}
		// asked lists the recipients of the milestone's reminders that
		// carry Got it.
		asked := func(store *storage.ReminderStore, source string) []string {
			t.Helper()
			rs, err := store.Reminders(ctx, campaignbot.ReminderFilter{Source: source, Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				if slices.ContainsFunc(r.Message.Buttons, func(b campaignbot.Button) bool { return b.ActionID == campaignbot.AckAction }) {
					out = append(out, r.Offset+r.Recipient.String())
				}
			}
			slices.Sort(out)
			return out
		}

		refused := []struct {
			zh         bool
			args, want string
		}{
			{false, `add-milestone double11 x "X" D-3 10:00 ack @nobody`, "I don't know @nobody: name people to ask after ack with @"},
			{true, `add-milestone double11 x "X" D-3 10:00 需确认 @nobody`, "不认识 @nobody"},
		}
		for _, tt := range refused {
			if got := say(tt.zh, tt.args); !strings.Contains(got, tt.want) {
				t.Errorf("%s: %q, want %q", tt.args, got, tt.want)
			}
		}
		noLeads := en
		noLeads.Campaigns = slices.Clone(en.Campaigns)
		noLeads.Campaigns[0].Leads = nil
		cur = &noLeads
		chat.Reset()
		r.HandleCommand(ctx, chat, &bot.Command{Name: "campaign", Args: `add-milestone double11 x "X" D-3 10:00 ack`, User: admin, Channel: room})
		if got := strings.Join(chat.Texts(), "\n"); !strings.Contains(got, "The campaign double11 has no leads to ask for acknowledgements: name the people after ack, like ack @alice @bob.") {
			t.Errorf("ack without people in a campaign without leads: %q", got)
		}
		if os, _ := overrides.Overrides(ctx, ""); len(os) != 0 {
			t.Fatalf("a refused milestone was stored: %+v", os)
		}

		got := say(false, `add-milestone double11 sign-off "Sign-off 签字" D-3 10:00 offsets 1d ack <@U0ALICE> urgent`)
		if !strings.Contains(got, "asking <@U0ALICE> by DM to acknowledge each reminder (Got it)") || !strings.Contains(got, ", urgent") {
			t.Errorf("add with ack: %q", got)
		}
		got = say(true, `add-milestone double11 leads-check "Leads check 负责人确认" D-2 10:00 offsets 1d 需确认`)
		if !strings.Contains(got, "并私信请 <@li.na> <@chen.jie> 确认每条提醒（收到）") {
			t.Errorf("add with 需确认: %q", got)
		}
		if got, want := asked(store, "milestone:double11/sign-off"), []string{"1d@U0ALICE"}; !slices.Equal(got, want) {
			t.Errorf("sign-off asks %v, want %v", got, want)
		}
		if got, want := asked(store, "milestone:double11/leads-check"), []string{"1d@chen.jie", "1d@li.na"}; !slices.Equal(got, want) {
			t.Errorf("leads-check asks %v, want %v", got, want)
		}

		// A restart: new stores and planner on the same database.
		planner, store, overrides = newPlanner()
		if _, err := planner.Plan(ctx, cur, now); err != nil {
			t.Fatal(err)
		}
		os, err := overrides.Overrides(ctx, "double11")
		if err != nil || len(os) != 2 || !os[0].Ack.Required || !os[1].Ack.Required {
			t.Fatalf("after a restart: %+v, %v", os, err)
		}
		if got := say(false, `move double11/sign-off D-4 10:00`); !strings.Contains(got, "moved the milestone *Sign-off 签字*") {
			t.Fatalf("move: %q", got)
		}
		if os, _ := overrides.Overrides(ctx, "double11"); len(os) != 2 || !os[1].Ack.Required || os[1].MilestoneID != "sign-off" {
			t.Errorf("after the move: %+v", os)
		}
		rs, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Source: "milestone:double11/sign-off", Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
		for _, r := range rs {
			if r.Recipient.User == "U0ALICE" && r.At.In(en.Timezone).Format("01-02 15:04") != "11-06 10:00" {
				t.Errorf("alice's reminder at %s after the move", r.At.In(en.Timezone))
			}
		}
		if got, want := asked(store, "milestone:double11/sign-off"), []string{"1d@U0ALICE"}; !slices.Equal(got, want) {
			t.Errorf("after the move, sign-off asks %v, want %v", got, want)
		}
	})
}
