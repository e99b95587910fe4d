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
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// homeResponder records the home page the handler publishes.
type homeResponder struct{ pages []string }

func (h *homeResponder) Reply(_ context.Context, m campaignbot.OutgoingMessage) error {
	h.pages = append(h.pages, m.Text)
	return nil
}

func (h *homeResponder) ReplyPrivately(ctx context.Context, m campaignbot.OutgoingMessage) error {
	return h.Reply(ctx, m)
}

func TestHomeShowsOpenTodosAndNextMilestones(t *testing.T) {
	ctx := context.Background()
	cfg := exampleConfig(t)
	db := storagetest.OpenSQLite(t)
	todos := storage.NewTodoService(db)
	due := time.Date(2026, 10, 21, 10, 0, 0, 0, time.UTC)
	for _, td := range []*campaignbot.Todo{
		{Workspace: "T1", Title: "finish the coupon banner", Assignees: []campaignbot.UserID{"U1"}, Creator: "U2", Due: due},
		{Workspace: "T1", Title: "someone else's", Assignees: []campaignbot.UserID{"U2"}, Creator: "U2"},
		{Workspace: "T1", Title: "already done", Assignees: []campaignbot.UserID{"U1"}, Creator: "U2", Status: campaignbot.TodoDone},
	} {
		if err := todos.CreateTodo(ctx, td); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		user campaignbot.User
		want []string
		not  []string
	}{
		{"with to-dos, in the user's zone", campaignbot.User{ID: "U1", Timezone: "Europe/Berlin"},
			[]string{"*Your open to-dos*", "• #1 finish the coupon banner — due 2026-10-21 12:00", "*Next milestones*",
				"• 2026-10-22 12:00 — Double 11 2026 双十一: Preheat page designed", "Product registration closes"},
			[]string{"someone else's", "already done", "Coupons start", "The sale opens"}},
		{"without to-dos", campaignbot.User{ID: "U3"}, []string{"Nothing open.", "• 2026-10-22 18:00 —"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }})
			handlers.Register(r, handlers.Deps{Todos: todos})
			resp := &homeResponder{}
			r.HandleHome(ctx, &chattest.Recorder{}, &bot.HomeVisit{Workspace: "T1", User: tt.user, Responder: resp})
			if len(resp.pages) != 1 {
				t.Fatalf("published %d pages", len(resp.pages))
			}
			page := resp.pages[0]
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q:\n%s", w, page)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(page, n) {
					t.Errorf("page shows %q:\n%s", n, page)
				}
			}
			if strings.Count(page, "\n• ") != strings.Count(page, "#1 ")+5 && tt.user.ID == "U1" {
				t.Errorf("want 1 to-do and 5 milestones:\n%s", page)
			}
		})
	}
}
