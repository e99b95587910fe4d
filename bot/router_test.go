package bot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

var (
	alice  = campaignbot.User{ID: "U1", Name: "alice"}
	boss   = campaignbot.User{ID: "U9", Name: "wang.fang"}
	design = campaignbot.Channel{ID: "C1", Name: "double11-design"}
	fixed  = time.Date(2026, 10, 20, 9, 30, 0, 0, time.UTC)
)

// newRouter returns a router over a real SQLite event log with a config in
// the given language, and the buffer its logs go to.
func newRouter(t *testing.T, lang campaignbot.Language) (*bot.Router, *bytes.Buffer) {
	t.Helper()
	cfg := &config.Config{
		Language: lang,
		Admins:   []campaignbot.UserID{"U9"},
		Slack:    config.Slack{Commands: config.Commands{Todo: "task", KB: "kb", Campaign: "campaign"}},
	}
	var logs bytes.Buffer
	db := storagetest.OpenSQLite(t)
	r := bot.NewRouter(bot.RouterOptions{
		Config: func() *config.Config { return cfg },
		Events: storage.NewEventLog(db),
		Now:    func() time.Time { return fixed },
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	return r, &logs
}

func TestRouterCommands(t *testing.T) {
	internal := fmt.Errorf("query todos: %w", errors.New("pq: password=hunter2 rejected"))
	tests := []struct {
		name      string
		lang      campaignbot.Language
		typed     string
		user      campaignbot.User
		handler   bot.Handler
		wantKind  string
		wantText  string
		wantLog   string
		forbidden string
	}{
		{
			name: "configured slash name reaches the logical command", lang: campaignbot.English, typed: "task", user: alice,
			handler: func(ctx context.Context, req *bot.Request) error {
				return req.ReplyText(ctx, campaignbot.Textf("todo got %q at %s", "待办收到 %q，时间 %s", req.Args, req.Now.Format(time.RFC3339)))
			},
			wantKind: "send", wantText: `todo got "list" at 2026-10-20T09:30:00Z`,
		},
		{
			name: "coded error is shown in Chinese", lang: campaignbot.Chinese, typed: "task", user: alice,
			handler: func(context.Context, *bot.Request) error {
				return fmt.Errorf("wrapped: %w", campaignbot.Errorf(campaignbot.ENOTFOUND, "To-do #%d does not exist.", "待办 #%d 不存在。", 12))
			},
			wantKind: "ephemeral", wantText: "待办 #12 不存在。",
		},
		{
			name: "internal error is an apology, logged in full, secret not shown", lang: campaignbot.English, typed: "task", user: alice,
			handler:  func(context.Context, *bot.Request) error { return internal },
			wantKind: "ephemeral", wantText: campaignbot.InternalErrorText.In(campaignbot.English), wantLog: "hunter2", forbidden: "hunter2",
		},
		{
			name: "panic becomes an internal error", lang: campaignbot.English, typed: "task", user: alice,
			handler:  func(context.Context, *bot.Request) error { panic("boom") },
			wantKind: "ephemeral", wantText: campaignbot.InternalErrorText.In(campaignbot.English), wantLog: "boom",
		},
		{
			name: "admins are recognised from config", lang: campaignbot.English, typed: "task", user: boss,
			handler: func(ctx context.Context, req *bot.Request) error {
				return req.ReplyText(ctx, campaignbot.Textf("admin=%v", "admin=%v", req.User.IsAdmin))
			},
			wantKind: "send", wantText: "admin=true",
		},
		{
			name: "unknown command lists the configured names", lang: campaignbot.English, typed: "todo", user: alice,
			handler:  func(context.Context, *bot.Request) error { return nil },
			wantKind: "ephemeral", wantText: "I don't know the command /todo. I understand /help, /task; try /help.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, logs := newRouter(t, tt.lang)
			r.Command("todo", campaignbot.Text{EN: "to-dos"}, tt.handler)
			r.Command("help", campaignbot.Text{EN: "help"}, func(context.Context, *bot.Request) error { return nil })
			chat := &chattest.Recorder{}
			r.HandleCommand(context.Background(), chat, &bot.Command{Workspace: "T1", Name: tt.typed, Args: " list ", User: tt.user, Channel: design})
			said := chat.Said()
			if len(said) != 1 {
				t.Fatalf("said %d messages, want 1: %+v", len(said), said)
			}
			if said[0].Kind != tt.wantKind || said[0].Message.Text != tt.wantText {
				t.Errorf("said %s %q, want %s %q", said[0].Kind, said[0].Message.Text, tt.wantKind, tt.wantText)
			}
			if tt.wantLog != "" && !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, logs)
			}
			if tt.forbidden != "" && strings.Contains(said[0].Message.Text, tt.forbidden) {
				t.Errorf("reply leaked %q", tt.forbidden)
			}
		})
	}
}

func TestRouterDeduplicatesEvents(t *testing.T) {
	r, _ := newRouter(t, campaignbot.English)
	var calls atomic.Int32
	r.OnMention(func(context.Context, *bot.Request) error { calls.Add(1); return nil })
	chat := &chattest.Recorder{}
	msg := &bot.Message{Workspace: "T1", EventID: "Ev01", User: alice, Channel: design, Text: "<@UBOT> hi", MentionsBot: true}
	for range 3 {
		r.HandleMessage(context.Background(), chat, msg)
	}
	other := *msg
	other.EventID = "Ev02"
	r.HandleMessage(context.Background(), chat, &other)
	if got := calls.Load(); got != 2 {
		t.Fatalf("handler ran %d times for two distinct events delivered four times, want 2", got)
	}
}

func TestRouterIgnoresBotsAndChatter(t *testing.T) {
	r, _ := newRouter(t, campaignbot.English)
	var calls atomic.Int32
	count := func(context.Context, *bot.Request) error { calls.Add(1); return nil }
	r.OnMention(count)
	r.OnFiles(count)
	chat := &chattest.Recorder{}
	for _, m := range []*bot.Message{
		{User: chat.BotUser(), Channel: design, Text: "I said this", MentionsBot: true},
		{User: campaignbot.User{ID: "B2", IsBot: true}, Channel: design, Text: "<@UBOT> other bot", MentionsBot: true},
		{User: alice, Channel: design, Text: "just chatting"},
	} {
		r.HandleMessage(context.Background(), chat, m)
	}
	if calls.Load() != 0 || len(chat.Said()) != 0 {
		t.Fatalf("router answered bots or chatter: %d calls, said %v", calls.Load(), chat.Texts())
	}
	r.HandleMessage(context.Background(), chat, &bot.Message{User: alice, Channel: design, Files: []bot.SharedFile{{ID: "F1"}}})
	if calls.Load() != 1 {
		t.Fatalf("file share not routed")
	}
}

func TestRouterActionsAndForms(t *testing.T) {
	r, _ := newRouter(t, campaignbot.English)
	var got string
	r.Action("todo", func(ctx context.Context, req *bot.Request) error {
		got = req.Action.ActionID + "=" + req.Action.Value
		return nil
	})
	r.Form("kb.save", func(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
		if req.Form.Values["folder"] == "" {
			return bot.FormResult{Errors: map[string]string{"folder": "pick a folder"}}, nil
		}
		return bot.FormResult{}, nil
	})
	chat := &chattest.Recorder{}
	r.HandleAction(context.Background(), chat, &bot.Action{ActionID: "todo.done", Value: "12", User: alice, Channel: design})
	if got != "todo.done=12" {
		t.Fatalf("action routed as %q", got)
	}
	r.HandleAction(context.Background(), chat, &bot.Action{ActionID: "gone.button", User: alice, Channel: design})
	if texts := chat.Texts(); len(texts) != 1 || !strings.Contains(texts[0], "no longer does anything") {
		t.Fatalf("unknown action answered %v", texts)
	}
	res := r.HandleForm(context.Background(), chat, &bot.FormSubmission{FormID: "kb.save", User: alice, Values: map[string]string{}})
	if res.Errors["folder"] != "pick a folder" {
		t.Fatalf("form errors = %v", res.Errors)
	}
	if res := r.HandleForm(context.Background(), chat, &bot.FormSubmission{FormID: "nope", User: alice}); res.Errors[""] == "" {
		t.Fatal("unknown form was accepted")
	}
}
