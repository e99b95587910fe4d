package bot_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
)

func TestRouterSuggestions(t *testing.T) {
	r, logs := newRouter(t, campaignbot.English)
	r.Suggest("kb.save", "folder", func(_ context.Context, req *bot.Request) ([]bot.FormOption, error) {
		if req.Suggestion.Query == "boom" {
			return nil, errors.New("database on fire")
		}
		return []bot.FormOption{{Value: req.Suggestion.Query + "/" + req.Suggestion.PrivateValue, Label: string(req.User.ID)}}, nil
	})
	var _ bot.SuggestionInbox = r
	chat := &chattest.Recorder{}
	for _, tt := range []struct {
		form, field, query string
		want               []bot.FormOption
	}{
		{"kb.save", "folder", "Design", []bot.FormOption{{Value: "Design/pv", Label: string(alice.ID)}}},
		{"kb.save", "folder", "boom", nil},
		{"kb.save", "title", "x", nil},
		{"other", "folder", "x", nil},
	} {
		got := r.HandleSuggestion(context.Background(), chat, &bot.Suggestion{FormID: tt.form, FieldID: tt.field, Query: tt.query, PrivateValue: "pv", User: alice})
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s/%s %q = %+v, want %+v", tt.form, tt.field, tt.query, got, tt.want)
		}
	}
	if !strings.Contains(logs.String(), "database on fire") || len(chat.Said()) != 0 {
		t.Errorf("a failing suggestion handler must be logged, not answered: %q, %v", logs.String(), chat.Said())
	}
}

func TestRouterFormsAnswerThroughTheirResponder(t *testing.T) {
	r, _ := newRouter(t, campaignbot.English)
	r.Form("kb.save", func(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
		return bot.FormResult{}, req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: "saved"})
	})
	chat := &chattest.Recorder{}
	resp := &recResponder{}
	r.HandleForm(context.Background(), chat, &bot.FormSubmission{FormID: "kb.save", User: alice, Responder: resp})
	r.HandleForm(context.Background(), chat, &bot.FormSubmission{FormID: "kb.save", User: alice})
	said := chat.Said()
	if len(resp.private) != 1 || len(said) != 1 || said[0].Recipient.User != alice.ID {
		t.Errorf("with a responder: %q; without, a DM: %+v", resp.private, said)
	}
}

func TestRouterRoutes(t *testing.T) {
	r, _ := newRouter(t, campaignbot.English)
	nop := func(context.Context, *bot.Request) error { return nil }
	r.Command("kb", campaignbot.Text{EN: "kb"}, nop)
	r.Command("help", campaignbot.Text{EN: "help"}, nop)
	r.Action("kb.file", nop)
	r.Form("kb.save", func(context.Context, *bot.Request) (bot.FormResult, error) { return bot.FormResult{}, nil })
	r.OnShortcut("kb_save", nop)
	r.Suggest("kb.save", "folder", func(context.Context, *bot.Request) ([]bot.FormOption, error) { return nil, nil })
	got := r.Routes()
	want := bot.Routes{Commands: []string{"help", "kb"}, Actions: []string{"kb.file"}, Forms: []string{"kb.save"}, Shortcuts: []string{"kb_save"}, Suggestions: []string{"kb.save/folder"}}
	for _, pair := range [][2][]string{{got.Commands, want.Commands}, {got.Actions, want.Actions}, {got.Forms, want.Forms}, {got.Shortcuts, want.Shortcuts}, {got.Suggestions, want.Suggestions}} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("Routes = %+v, want %+v", got, want)
		}
	}
}
