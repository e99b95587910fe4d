package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// nobodyChat knows no one beyond the user directory.
type nobodyChat struct{}

func (nobodyChat) User(context.Context, campaignbot.UserID) (campaignbot.User, error) {
	return campaignbot.User{}, campaignbot.Errorf(campaignbot.ENOTFOUND, "no such user", "没有这个用户")
}

func (nobodyChat) Channel(context.Context, campaignbot.ChannelID) (campaignbot.Channel, error) {
	return campaignbot.Channel{}, campaignbot.Errorf(campaignbot.ENOTFOUND, "no such channel", "没有这个频道")
}

// TestComposersWriteInTheRecipientsLanguage: nudges, escalations and
// digests composed at send time are in their recipient's language (own
// choice, else Slack locale, else the config's), whoever made the to-do.
func TestComposersWriteInTheRecipientsLanguage(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	ctx := context.Background()
	cfg := exampleConfig(t)
	cfg.Language = campaignbot.English
	now := cst(t, "2026-10-21 09:30")
	users := storage.NewUserStore(db)
	if err := users.PutUsers(ctx, "T1", []campaignbot.User{
		{ID: "U0CHEN", Name: "chen", Locale: "zh-CN"},
		{ID: "U0LEAD", Name: "lead", Locale: "en-US"},
	}, now); err != nil {
		t.Fatal(err)
	}
	choices := storage.NewLanguageChoices(db)
	if err := choices.SetUserLanguage(ctx, "T1", "U0LEAD", campaignbot.TraditionalChinese, now); err != nil {
		t.Fatal(err)
	}
	who := &scheduler.PeopleDirectory{Chat: nobodyChat{}, Users: users, Workspace: "T1", Choices: choices, ChoicesWorkspace: "T1"}
	todos := storage.NewTodoService(db)
	overdue := &campaignbot.Todo{Workspace: "T1", Title: "banner", Assignees: []campaignbot.UserID{"U0CHEN", "U0NEW"},
		Creator: "U0ALICE", Due: now.Add(-3 * time.Hour)}
	if err := todos.CreateTodo(ctx, overdue); err != nil {
		t.Fatal(err)
	}
	c := scheduler.TodoComposer{Todos: todos, Config: func() *config.Config { return cfg }, Languages: who}
	source := scheduler.TodoSource("T1", overdue.Number)
	tests := []struct {
		name string
		kind campaignbot.ReminderKind
		to   campaignbot.UserID
		want []string
	}{
		{"nudge to a zh-CN locale", campaignbot.ReminderTodo, "U0CHEN", []string{"⏰ 已逾期：#1 *banner*", "完成"}},
		{"nudge to someone unknown: config", campaignbot.ReminderTodo, "U0NEW", []string{"⏰ Overdue: #1 *banner*", "Done"}},
		{"escalation to a lead who chose zh-TW", campaignbot.ReminderEscalate, "U0LEAD", []string{"⚠️ 已逾期：#1 *banner*"}},
		{"digest to a zh-CN locale", campaignbot.ReminderDigest, "U0CHEN", []string{"☀️ 今日待办：共 1 项未完成。", "*已逾期* (1)"}},
		{"digest to someone unknown: config", campaignbot.ReminderDigest, "U0NEW", []string{"☀️ Your to-dos today: 1 open."}},
	}
	for _, tt := range tests {
		r := campaignbot.Reminder{Key: source + ":" + string(tt.to), Source: source, Kind: tt.kind, Zone: "Asia/Shanghai",
			Recipient: campaignbot.Recipient{User: tt.to}}
		if tt.kind == campaignbot.ReminderDigest {
			r.Source = "digest:" + string(tt.to)
		}
		msg, ok, why, err := c.Compose(ctx, r, now)
		if err != nil || !ok {
			t.Fatalf("%s: compose: %v %s", tt.name, err, why)
		}
		all := msg.Text
		for _, b := range msg.Buttons {
			all += "\n" + b.Label
		}
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: lacks %q:\n%s", tt.name, w, all)
			}
		}
	}
}
