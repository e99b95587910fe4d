package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestTodoImportFromThread: "@campaignbot import" (or 导入) replied in a
// thread previews the thread's first message; confirming links the
// to-dos to it.
func TestTodoImportFromThread(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.Messages = map[string]*bot.Message{"double11-war-room/1760000000.000100": {TS: "1760000000.000100", Channel: warRm,
		Text: readFixture(t, "minutes_kickoff.md"), Permalink: kickoffLink}}
	for _, words := range []string{"import", "导入"} {
		w.chat.Reset()
		w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000900.000100", ThreadTS: "1760000000.000100",
			User: uWang, Channel: warRm, Text: "<@campaignbot> " + words, MentionsBot: true})
		said := w.chat.Said()
		if got := onlyText(t, said); !strings.Contains(got, "📝 From the message: 4 to-dos to create") || said[0].Kind != "ephemeral" {
			t.Fatalf("%s in a thread: %+v", words, said)
		}
	}
	onlyText(t, w.click(uWang, button(t, w.chat.Said(), handlers.ActionImportConfirm)))
	first, err := w.todos.FindTodo(context.Background(), "T1", 1)
	if err != nil || first.SourceLink != kickoffLink {
		t.Fatalf("to-do 1: %+v %v", first, err)
	}
	// Outside a thread the same words are not an import.
	w.chat.Reset()
	w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000901.000100", User: uWang, Channel: warRm,
		Text: "<@campaignbot> import", MentionsBot: true})
	if got := strings.Join(w.chat.Texts(), "\n"); strings.Contains(got, "to-dos to create") {
		t.Errorf("a mention outside a thread imported: %q", got)
	}
}

// TestTodoImportByLink: /todo import LINK reads the linked message; a
// message in a private channel the user is not in gets the very answer a
// missing message gets, and nothing of it is shown.
func TestTodoImportByLink(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	hush := campaignbot.Channel{ID: "CHUSH", Name: "hush", Private: true}
	w.chat.Channels = []campaignbot.Channel{warRm, hush}
	w.chat.Members = map[string][]campaignbot.UserID{"CHUSH": {uAlice.ID}}
	secret := "- @alice 提交预算 by friday"
	w.chat.Messages = map[string]*bot.Message{
		"CHUSH/1760000000.000100":             {TS: "1760000000.000100", Channel: hush, Text: secret, Permalink: "https://example.slack.com/archives/CHUSH/p1760000000000100"},
		"double11-war-room/1760000000.000100": {TS: "1760000000.000100", Channel: warRm, Text: readFixture(t, "minutes_kickoff.md"), Permalink: kickoffLink},
	}
	hidden := w.one(uWang, "/todo import https://example.slack.com/archives/CHUSH/p1760000000000100")
	missing := w.one(uWang, "/todo import https://example.slack.com/archives/CHUSH/p1760000000000999")
	nochan := w.one(uWang, "/todo import https://example.slack.com/archives/CNONE/p1760000000000100")
	if hidden != missing || hidden != nochan || !strings.Contains(hidden, "I can't find that message") || strings.Contains(hidden, "提交预算") {
		t.Errorf("hidden %q, missing %q, no channel %q: want one answer", hidden, missing, nochan)
	}
	if got := w.one(uAlice, "/todo import <https://example.slack.com/archives/CHUSH/p1760000000000100>"); !strings.Contains(got, "1. <@alice> — *提交预算*") {
		t.Errorf("a member's import: %q", got)
	}
	if got := w.one(uWang, "/todo import https://example.slack.com/archives/double11-war-room/p1760000000000100"); !strings.Contains(got, "That is not a message link") {
		t.Errorf("a malformed channel id: %q", got)
	}
	if got := w.one(uWang, "/todo import"); !strings.Contains(got, "reply “@campaignbot import” in the notes' thread") {
		t.Errorf("how-to: %q", got)
	}
}
