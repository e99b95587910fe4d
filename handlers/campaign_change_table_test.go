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

// replanFunc adapts a function to handlers.Replanner.
type replanFunc func(ctx context.Context) error

func (f replanFunc) ReplanNow(ctx context.Context) error { return f(ctx) }

// TestCampaignMilestoneChanges adds, moves and resets milestones in chat
// through the router on a real database, with the real planner behind the
// re-plan, and checks the replies, the timeline and the stored reminders.
func TestCampaignMilestoneChanges(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		base := exampleConfig(t)
		en := *base
		en.Admins = append([]campaignbot.UserID{}, base.Admins...)
		en.Admins = append(en.Admins, "li.na")
		zh := en
		zh.Language = campaignbot.Chinese
		cur := &en
		loc := en.Timezone
		now := time.Date(2026, 10, 20, 10, 0, 0, 0, loc)

		overrides := storage.NewMilestoneOverrides(db)
		store := storage.NewReminderStore(db)
		planner := &scheduler.Planner{Store: store, Overrides: func(ctx context.Context) ([]campaignbot.MilestoneOverride, error) {
			return overrides.Overrides(ctx, "")
		}}
		replans := 0
		r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cur }, Now: func() time.Time { return now }})
		handlers.Register(r, handlers.Deps{Reminders: store, Overrides: overrides, Replanner: replanFunc(func(ctx context.Context) error {
			replans++
			_, err := planner.Plan(ctx, cur, now)
			return err
		})})
		chat := &chattest.Recorder{}
		lina := campaignbot.User{ID: "li.na", Name: "li.na"}
		bob := campaignbot.User{ID: "bob", Name: "bob"}
		room := campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}
		if _, err := planner.Plan(ctx, cur, now); err != nil {
			t.Fatal(err)
		}

		steps := []struct {
			name string
			user campaignbot.User
			zh   bool
			args string
			kind string // "send" for changes everyone sees, "ephemeral" otherwise
			want []string
		}{
			{"not an admin", bob, false, `add-milestone double11 extra-review "Extra review" D-3 10:00`, "ephemeral",
				[]string{"Only admins can change milestones in chat: ask <@wang.fang>, <@li.na>"}},
			{"add", lina, false, `add-milestone double11 extra-review "Extra review 加审" D-3 10:00 offsets 1d,0 urgent`, "send",
				[]string{"<@li.na> added the milestone *Extra review 加审* (double11/extra-review) at 2026-11-08 10:00 (in 19 days), reminding 1d, 0 before, urgent", "Reminders are re-planned"}},
			{"duplicate of an added id", lina, false, `add-milestone double11 extra-review "Again" 2026-11-01`, "ephemeral",
				[]string{"The campaign double11 already has a milestone extra-review (Extra review 加审)"}},
			{"duplicate of a YAML id", lina, false, `add-milestone double11 warm-up "Again" 2026-11-01`, "ephemeral",
				[]string{"already has a milestone warm-up"}},
			{"unknown campaign", lina, false, `add-milestone 618 kickoff "Kickoff" 2026-11-01`, "ephemeral",
				[]string{`There is no campaign "618". Campaigns: double11.`}},
			{"bad date", lina, false, `add-milestone double11 x "X" 2026-13-45`, "ephemeral",
				[]string{`I can't read the time "2026-13-45"`}},
			{"after the campaign ends", lina, false, `add-milestone double11 x "X" 2026-12-05 10:00`, "ephemeral",
				[]string{"2026-12-05 10:00 is after the campaign double11 ends (2026-11-30 23:59)"}},
			{"bad id", lina, false, `add-milestone double11 Bad! "X" 2026-11-01`, "ephemeral",
				[]string{`Bad milestone id "Bad!"`}},
			{"unclosed quote", lina, false, `add-milestone double11 x "X 2026-11-01`, "ephemeral",
				[]string{"A quote is not closed"}},
			{"bad offset", lina, false, `add-milestone double11 x "X" 2026-11-01 offsets 1x`, "ephemeral",
				[]string{`Bad offset "1x"`}},
			{"unknown option", lina, false, `add-milestone double11 x "X" 2026-11-01 loud`, "ephemeral",
				[]string{`I don't understand "loud".`}},
			{"too few arguments", lina, false, `add-milestone double11 x`, "ephemeral",
				[]string{"Use /campaign add-milestone CAMPAIGN ID"}},
			{"move", lina, false, `move registration-closes 2026-10-30 23:59`, "send",
				[]string{"<@li.na> moved the milestone *Product registration closes 商品报名截止* (double11/registration-closes) from 2026-10-29 23:59 to 2026-10-30 23:59"}},
			{"move into the past", lina, false, `move double11/warm-up 2026-10-01`, "ephemeral",
				[]string{"2026-10-01 00:00 is in the past"}},
			{"move an unknown milestone", lina, false, `move nope 2026-10-30`, "ephemeral",
				[]string{`There is no milestone "nope". Milestones: double11/cost-effective-registration, double11/coupons, `}},
			{"move without a date", lina, false, `move warm-up`, "ephemeral",
				[]string{"Use /campaign move MILESTONE DATE"}},
			{"move, in Chinese", lina, true, `move double11/extra-review D-3 12:00`, "send",
				[]string{"<@li.na> 将里程碑 *Extra review 加审*（double11/extra-review）从 2026-11-08 10:00 调整到 2026-11-08 12:00", "提醒已重新计划"}},
			{"timeline", bob, false, `timeline double11`, "ephemeral",
				[]string{"10-30 23:59  Product registration closes 商品报名截止 — in 11 days  ↷ moved from 10-29 23:59 (YAML) by @li.na",
					"11-08 12:00  Extra review 加审 — in 19 days ⚡  ✚ added in chat by @li.na"}},
			{"reset what was not changed", lina, false, `reset warm-up`, "ephemeral",
				[]string{"The milestone warm-up was not added or moved in chat; nothing to reset."}},
			{"reset, in Chinese, by a non-admin", bob, true, `reset registration-closes`, "ephemeral",
				[]string{"只有管理员可以在聊天中调整里程碑"}},
		}
		for _, st := range steps {
			chat.Reset()
			cur = &en
			if st.zh {
				cur = &zh
			}
			r.HandleCommand(ctx, chat, &bot.Command{Name: "campaign", Args: st.args, User: st.user, Channel: room})
			said := chat.Said()
			if len(said) != 1 {
				t.Fatalf("%s: said %v", st.name, chat.Texts())
			}
			if said[0].Kind != st.kind {
				t.Errorf("%s: replied %s, want %s", st.name, said[0].Kind, st.kind)
			}
			for _, w := range st.want {
				if !strings.Contains(said[0].Message.Text, w) {
					t.Errorf("%s: reply\n%s\nlacks\n%s", st.name, said[0].Message.Text, w)
				}
			}
		}
		cur = &en
		if replans != 3 {
			t.Errorf("re-planned %d times, want 3 (add, move, move)", replans)
		}
		pending := func(source string) []string {
			t.Helper()
			rs, err := store.Reminders(ctx, campaignbot.ReminderFilter{Source: source, Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				out = append(out, r.Offset+"@"+r.At.In(loc).Format("01-02 15:04"))
			}
			return out
		}
		if got := strings.Join(pending("milestone:double11/registration-closes"), ","); !strings.Contains(got, "2h@10-30 20:59") || strings.Contains(got, "10-29") {
			t.Errorf("moved milestone's reminders: %s", got)
		}
		if got := strings.Join(pending("milestone:double11/extra-review"), ","); got != "1d@11-07 12:00,0@11-08 12:00" {
			t.Errorf("added milestone's reminders: %s", got)
		}

		for _, args := range []string{"reset double11/registration-closes", "reset extra-review"} {
			chat.Reset()
			r.HandleCommand(ctx, chat, &bot.Command{Name: "campaign", Args: args, User: lina, Channel: room})
			if texts := chat.Texts(); len(texts) != 1 || !strings.Contains(texts[0], "<@li.na> re") {
				t.Errorf("%s: %v", args, texts)
			}
		}
		if got := strings.Join(pending("milestone:double11/registration-closes"), ","); !strings.Contains(got, "2h@10-29 20:59") || strings.Contains(got, "10-30") {
			t.Errorf("reset milestone's reminders: %s", got)
		}
		if got := pending("milestone:double11/extra-review"); len(got) != 0 {
			t.Errorf("removed milestone still has pending reminders: %v", got)
		}
		if os, err := overrides.Overrides(ctx, ""); err != nil || len(os) != 0 {
			t.Errorf("overrides left: %+v, %v", os, err)
		}
	})
}

// TestMilestoneChangeAnswersWhilePlanningIsBusy: when the re-plan is
// queued behind a long planning run, the admin still gets an answer at
// once, saying the change is saved and when its reminders follow.
func TestMilestoneChangeAnswersWhilePlanningIsBusy(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	ctx := context.Background()
	cfg := *exampleConfig(t)
	cfg.Admins = append(append([]campaignbot.UserID{}, cfg.Admins...), "li.na")
	now := time.Date(2026, 10, 20, 10, 0, 0, 0, cfg.Timezone)
	overrides := storage.NewMilestoneOverrides(db)
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return &cfg }, Now: func() time.Time { return now }})
	handlers.Register(r, handlers.Deps{Reminders: storage.NewReminderStore(db), Overrides: overrides,
		Replanner: replanFunc(func(context.Context) error { return scheduler.ErrReplanQueued })})
	chat := &chattest.Recorder{}
	r.HandleCommand(ctx, chat, &bot.Command{Name: "campaign", Args: "move registration-closes 2026-10-30 23:59",
		User: campaignbot.User{ID: "li.na", Name: "li.na"}, Channel: campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}})
	texts := chat.Texts()
	if len(texts) != 1 || !strings.Contains(texts[0], "The change is saved; its reminders are re-planned as soon as the planning run in progress ends") {
		t.Fatalf("said %q", texts)
	}
	if got, err := overrides.Overrides(ctx, "double11"); err != nil || len(got) != 1 {
		t.Errorf("stored overrides = %v, %v; want the move", got, err)
	}
}
