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

// TestDueCountdown checks that a due time that has passed reads as how
// overdue it is, never "now", in both languages.
func TestDueCountdown(t *testing.T) {
	due := cst(t, "2026-10-21 18:00")
	tests := []struct {
		now    time.Time
		en, zh string
	}{
		{due.Add(3 * time.Hour), "overdue by 3 hours", "已逾期 3 小时"},
		{due.Add(30 * time.Second), "overdue by 1 minute", "已逾期 1 分钟"},
		{due.Add(50 * time.Hour), "overdue by 2 days", "已逾期 2 天"},
		{due, "now", "现在"},
		{due.Add(-30 * time.Second), "now", "现在"},
		{due.Add(-2 * time.Hour), "in 2 hours", "2 小时后"},
	}
	for _, tt := range tests {
		if got := scheduler.DueCountdown(tt.now, due, campaignbot.English); got != tt.en {
			t.Errorf("at %s: %q, want %q", tt.now, got, tt.en)
		}
		if got := scheduler.DueCountdown(tt.now, due, campaignbot.Chinese); got != tt.zh {
			t.Errorf("at %s: %q, want %q", tt.now, got, tt.zh)
		}
	}
}

// TestDigestSaysHowOverdue checks the digest's overdue lines: a to-do due
// at the digest's own minute reads "overdue by 1 minute", not "(now)".
func TestDigestSaysHowOverdue(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		cfg := exampleConfig(t)
		todos := storage.NewTodoService(db)
		for _, due := range []string{"2026-10-21 09:30", "2026-10-21 06:30"} {
			if err := todos.CreateTodo(ctx, &campaignbot.Todo{Workspace: "T1", Title: "due " + due, Assignees: []campaignbot.UserID{"alice"},
				Creator: "wang.fang", Due: cst(t, due)}); err != nil {
				t.Fatal(err)
			}
		}
		c := scheduler.TodoComposer{Todos: todos, Config: func() *config.Config { return cfg }}
		r := campaignbot.Reminder{Key: "digest:alice:x", Source: "digest:alice", Kind: campaignbot.ReminderDigest, Zone: "Asia/Shanghai",
			Recipient: campaignbot.Recipient{User: "alice"}}
		msg, ok, why, err := c.Compose(ctx, r, cst(t, "2026-10-21 09:30").Add(20*time.Second))
		if err != nil || !ok {
			t.Fatalf("compose: %v %s", err, why)
		}
		for _, want := range []string{"#1 due 2026-10-21 09:30 — Wed 10-21 09:30 (overdue by 1 minute)", "#2 due 2026-10-21 06:30 — Wed 10-21 06:30 (overdue by 3 hours)"} {
			if !strings.Contains(msg.Text, want) {
				t.Errorf("digest lacks %q:\n%s", want, msg.Text)
			}
		}
		if strings.Contains(msg.Text, "(now)") {
			t.Errorf("digest says now:\n%s", msg.Text)
		}
	})
}
