package bot_test

import (
	"context"
	"sync"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
)

// recResponder records replies given through a Responder.
type recResponder struct {
	mu      sync.Mutex
	public  []string
	private []string
}

func (r *recResponder) Reply(_ context.Context, m campaignbot.OutgoingMessage) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.public = append(r.public, m.Text)
	return nil
}

func (r *recResponder) ReplyPrivately(_ context.Context, m campaignbot.OutgoingMessage) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.private = append(r.private, m.Text)
	return nil
}

func TestRouterShortcuts(t *testing.T) {
	r, _ := newRouter(t, campaignbot.English)
	var got []*bot.Request
	r.OnShortcut("kb_save", func(_ context.Context, req *bot.Request) error {
		got = append(got, req)
		return nil
	})
	var _ bot.ShortcutInbox = r
	chat := &chattest.Recorder{}
	msg := &bot.Message{TS: "1.2", Files: []bot.SharedFile{{ID: "F1", Name: "a.psd"}}}
	for i := 0; i < 2; i++ {
		r.HandleShortcut(context.Background(), chat, &bot.Shortcut{EventID: "trigger-1", CallbackID: "kb_save", User: alice, Channel: design, Message: msg, TriggerID: "trigger-1"})
	}
	if len(got) != 1 || got[0].Message != msg || got[0].TriggerID != "trigger-1" || got[0].Channel != design || got[0].Now != fixed {
		t.Fatalf("handled %d times: %+v", len(got), got)
	}
	resp := &recResponder{}
	r.HandleShortcut(context.Background(), chat, &bot.Shortcut{EventID: "trigger-2", CallbackID: "nope", User: alice, Channel: design, Responder: resp})
	if len(resp.private) != 1 || resp.private[0] != "That shortcut is not available any more." {
		t.Errorf("unknown shortcut answered %q", resp.private)
	}
}

func TestRouterHome(t *testing.T) {
	r, _ := newRouter(t, campaignbot.Chinese)
	chat := &chattest.Recorder{}
	resp := &recResponder{}
	r.HandleHome(context.Background(), chat, &bot.HomeVisit{User: alice, Responder: resp}) // no handler: nothing
	var _ bot.HomeInbox = r
	r.OnHome(func(ctx context.Context, req *bot.Request) error {
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: req.Tf("Home of %s", "%s 的主页", req.User.Name)})
	})
	r.HandleHome(context.Background(), chat, &bot.HomeVisit{User: alice, Responder: resp})
	r.HandleHome(context.Background(), chat, &bot.HomeVisit{User: campaignbot.User{ID: "B1", IsBot: true}, Responder: resp})
	if len(resp.public) != 1 || resp.public[0] != "alice 的主页" || len(chat.Said()) != 0 {
		t.Errorf("home replies %q, chat %v", resp.public, chat.Said())
	}
}
