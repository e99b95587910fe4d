package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// shortcutIn uses "Create to-dos from this message" on message ts of ch
// and returns what the bot said; the message must be in w.chat.Messages
// unless the bot cannot read ch.
func (w *todoWorld) shortcutIn(user campaignbot.User, ch campaignbot.Channel, ts, text string) []chattest.Said {
	w.t.Helper()
	w.chat.Reset()
	w.router.HandleShortcut(context.Background(), w.chat, &bot.Shortcut{Workspace: "T1", CallbackID: handlers.ShortcutTodoImport,
		User: user, Channel: ch, TriggerID: "trig", EventID: w.nextEventID(),
		Message: &bot.Message{Workspace: "T1", TS: ts, Channel: ch, Text: text, Permalink: "https://example.slack.com/archives/" + string(ch.ID) + "/p1"}})
	return w.chat.Said()
}

// clickFrom clicks b in channel ch and returns what the bot said.
func (w *todoWorld) clickFrom(user campaignbot.User, ch campaignbot.Channel, b campaignbot.Button) string {
	w.t.Helper()
	w.chat.Reset()
	w.router.HandleAction(context.Background(), w.chat, &bot.Action{Workspace: "T1", ActionID: b.ActionID, Value: b.Value,
		User: user, Channel: ch, TriggerID: "trig", EventID: w.nextEventID()})
	return strings.Join(w.chat.Texts(), "\n")
}

// shareNotes shares the kickoff notes as file F1 with the comment
// "to-dos" in ch and returns what the bot said.
func (w *todoWorld) shareNotes(user campaignbot.User, ch campaignbot.Channel) []chattest.Said {
	w.t.Helper()
	w.chat.Reset()
	w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000000.000200", User: user, Channel: ch,
		Text: "to-dos", Files: []bot.SharedFile{{ID: "F1", Name: "kickoff.md", MIME: "text/markdown", Size: 100}}, Permalink: kickoffLink + "-file"})
	return w.chat.Said()
}

// TestAttackImport_GoneBeforeConfirm: between the preview and the
// confirmation the notes go away (the shortcut's message deleted, the
// user removed from the private channel, the shared file deleted); the
// confirmation answers exactly as for a missing message and creates
// nothing. Left alone, the same confirmation creates them.
func TestAttackImport_GoneBeforeConfirm(t *testing.T) {
	hush := campaignbot.Channel{ID: "CHUSH", Name: "hush", Private: true}
	const ts = "1760000000.000300"
	notes := "- @alice 提交预算 by friday\n- @li.na 准备优惠券 by friday"
	tests := []struct {
		name  string
		ch    campaignbot.Channel
		file  bool
		after func(w *todoWorld) // what happens between preview and confirm
	}{
		{"nothing: created", hush, false, nil},
		{"the message deleted", warRm, false, func(w *todoWorld) { delete(w.chat.Messages, string(warRm.ID)+"/"+ts) }},
		{"the message deleted in a private channel", hush, false, func(w *todoWorld) { delete(w.chat.Messages, "CHUSH/"+ts) }},
		{"the user left the private channel", hush, false, func(w *todoWorld) { w.chat.Members["CHUSH"] = []campaignbot.UserID{uAlice.ID} }},
		{"the private channel deleted", hush, false, func(w *todoWorld) { w.chat.Channels = []campaignbot.Channel{warRm} }},
		{"file: nothing: created", warRm, true, nil},
		{"file: deleted", warRm, true, func(w *todoWorld) { delete(w.chat.Files, "F1") }},
		{"file: the user left the private channel", hush, true, func(w *todoWorld) { w.chat.Members["CHUSH"] = []campaignbot.UserID{uAlice.ID} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newTodoWorld(t, storagetest.OpenSQLite(t))
			w.chat.Channels = []campaignbot.Channel{warRm, hush}
			w.chat.Members = map[string][]campaignbot.UserID{"CHUSH": {uAlice.ID, uWang.ID}}
			w.chat.Messages = map[string]*bot.Message{string(tt.ch.ID) + "/" + ts: {TS: ts, Channel: tt.ch, Text: notes}}
			w.chat.Files = map[string][]byte{"F1": []byte(readFixture(t, "minutes_kickoff.md"))}
			var said []chattest.Said
			if tt.file {
				said = w.shareNotes(uWang, tt.ch)
			} else {
				said = w.shortcutIn(uWang, tt.ch, ts, notes)
			}
			confirm := button(t, said, handlers.ActionImportConfirm)
			if tt.after == nil {
				if got := w.clickFrom(uWang, tt.ch, confirm); !strings.Contains(got, "created") || w.todoCount() == 0 {
					t.Fatalf("confirm: %q, %d to-dos", got, w.todoCount())
				}
				return
			}
			tt.after(w)
			got := w.clickFrom(uWang, tt.ch, confirm)
			if want := "I can't find that message: it may have been deleted, or it is in a conversation you or I can't read. Nothing was imported."; got != want {
				t.Errorf("confirm: %q, want %q", got, want)
			}
			if n := w.todoCount(); n != 0 {
				t.Errorf("%d to-dos created", n)
			}
		})
	}
}

// TestAttackImport_ShortcutWhereTheBotIsNot: the shortcut works in a
// private channel the bot is not in and so cannot read. Its preview's
// confirmation there creates the to-dos (only members can use that
// channel); the same preview confirmed from another channel, where the
// bot cannot tell whether the user still reads #hush, answers as for a
// missing message.
func TestAttackImport_ShortcutWhereTheBotIsNot(t *testing.T) {
	hush := campaignbot.Channel{ID: "CHUSH", Name: "hush", Private: true}
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.NotIn = map[campaignbot.ChannelID]bool{"CHUSH": true}
	said := w.shortcutIn(uWang, hush, "1760000000.000300", "- @alice 提交预算 by friday")
	confirm := button(t, said, handlers.ActionImportConfirm)
	if got := w.clickFrom(uWang, warRm, confirm); !strings.Contains(got, "I can't find that message") || w.todoCount() != 0 {
		t.Errorf("confirmed from the war room: %q, %d to-dos", got, w.todoCount())
	}
	// (The recorder, like Slack's chat.postMessage, cannot post in #hush;
	// on Slack the answer goes through the click's response_url.)
	if got := w.clickFrom(uWang, hush, confirm); strings.Contains(got, "I can't find that message") || w.todoCount() != 1 {
		t.Errorf("confirmed in #hush: %q, %d to-dos", got, w.todoCount())
	}
}
