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

// byUser is a Languages that knows some people's languages; anyone else
// reads the config's.
type byUser map[campaignbot.UserID]campaignbot.Language

func (b byUser) LanguageOf(_ context.Context, cfg *config.Config, r campaignbot.Recipient, _ string) campaignbot.Language {
	if l, ok := b[r.User]; ok {
		return l
	}
	return cfg.Language
}

// TestAckMessagesInTheRecipientsLanguage: a re-ping is in the language of
// the person re-pinged and an escalation in the lead's, in an English
// config.
func TestAckMessagesInTheRecipientsLanguage(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), cst(t, "2026-10-30 20:00"))
	w.ack(t, "alice", cst(t, "2026-10-30 21:00"))
	w.ack(t, "li.na", cst(t, "2026-10-31 07:59"))
	composer := scheduler.AckComposer{Reminders: w.rs, Store: w.store, Config: func() *config.Config { return w.cfg },
		Languages: byUser{"chen.jie": campaignbot.Chinese, "li.na": campaignbot.TraditionalChinese}}
	for key, want := range map[string]string{
		"milestone:double11/warm-up:1d:ack-escalate:@li.na": "⚠️ 仍未確認：*Warm-up starts*（提前 1 天，10-30 20:00）：<@chen.jie>。✓ 3 人中 2 人已收到。",
		"milestone:double11/warm-up:1d:reping:@chen.jie":    "🔔 还未确认，请点击“收到”。\n*Warm-up starts*",
	} {
		r, _ := w.status(t, key)
		m, send, _, err := composer.Compose(context.Background(), r, cst(t, "2026-10-31 08:00"))
		if err != nil || !send || !strings.HasPrefix(m.Text, want) {
			t.Errorf("%s = %q, %v, %v; want %q", key, m.Text, send, err, want)
		}
	}
}

// TestLateNoteAndReportInTheRecipientsLanguage: the note on a late
// reminder and the admins' delivery report are in their reader's
// language.
func TestLateNoteAndReportInTheRecipientsLanguage(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	ctx := context.Background()
	now := cst(t, "2026-10-21 09:30")
	store := storage.NewReminderStore(db)
	cfg := testConfig()
	langs := byUser{"U0ZH": campaignbot.Chinese}
	plan := []campaignbot.Reminder{
		{Key: "late-zh", Kind: campaignbot.ReminderJob, At: now.Add(-time.Hour), Recipient: campaignbot.Recipient{User: "U0ZH"}, Message: campaignbot.OutgoingMessage{Text: "zh"}},
		{Key: "late-en", Kind: campaignbot.ReminderJob, At: now.Add(-time.Hour), Recipient: campaignbot.Recipient{User: "U0EN"}, Message: campaignbot.OutgoingMessage{Text: "en"}},
		{Key: "missed", Kind: campaignbot.ReminderJob, At: now.Add(-7 * time.Hour), Recipient: campaignbot.Recipient{Channel: "c1"}, Message: campaignbot.OutgoingMessage{Text: "missed"}},
	}
	if _, err := store.Replan(ctx, "job:x", plan, now.Add(-8*time.Hour)); err != nil {
		t.Fatal(err)
	}
	m := &messenger{}
	d := newDispatcher(db, m, cfg, "one")
	d.Languages = langs
	if err := d.DispatchDue(ctx, now); err != nil {
		t.Fatal(err)
	}
	texts := map[campaignbot.UserID]string{}
	for _, s := range m.all() {
		texts[s.to.User] = s.msg.Text
	}
	if got := texts["U0ZH"]; !strings.HasPrefix(got, "zh\n_迟到的提醒：原定 ") || !strings.HasSuffix(got, "当时机器人离线。_") {
		t.Errorf("late note to a Chinese reader: %q", got)
	}
	if got := texts["U0EN"]; !strings.HasPrefix(got, "en\n_Late: planned for ") {
		t.Errorf("late note to an English reader: %q", got)
	}

	c := scheduler.ReportComposer{Store: store, Config: func() *config.Config { return cfg }, Languages: langs}
	for user, want := range map[campaignbot.UserID]string{
		"U0ZH": "投递日报：过去 24 小时有 1 条提醒未送达。",
		"U0EN": "Delivery report: 1 reminder(s) in the last 24 hours were not delivered.",
	} {
		msg, ok, why, err := c.Compose(ctx, campaignbot.Reminder{Key: "report:" + string(user), Kind: campaignbot.ReminderReport,
			Recipient: campaignbot.Recipient{User: user}}, now)
		if err != nil || !ok || !strings.HasPrefix(msg.Text, want) {
			t.Errorf("report to %s = %q, %v %s %v; want %q", user, msg.Text, ok, why, err, want)
		}
	}
}
