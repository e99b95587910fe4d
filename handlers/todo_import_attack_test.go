package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackImport_EnDashRowsRefused: the preview's own button reads
// "Edit rows 1–4" (an en dash, as macOS and Slack also turn "-" into), but
// `/todo import confirm 1–2` is refused as unreadable rows.
func TestAttackImport_EnDashRowsRefused(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
	for _, sel := range []string{"1–2", "1—2", "1~2", "1 - 2"} {
		if got := w.one(uWang, "/todo import confirm "+sel); strings.Contains(got, "I can't read the rows") {
			t.Errorf("confirm %q: %q", sel, got)
		}
		if w.todoCount() > 0 {
			return
		}
	}
}

// importFromThread imports the thread's first message by "@campaignbot
// import" and returns what the bot said.
func (w *todoWorld) importFromThread() []string {
	w.t.Helper()
	w.chat.Reset()
	w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000900.000100", ThreadTS: "1760000000.000100",
		User: uWang, Channel: warRm, Text: "<@campaignbot> import", MentionsBot: true})
	return w.chat.Texts()
}

// TestAttackImport_DeletedBetweenPreviewAndConfirm: the notes are
// previewed from their thread, then deleted (wrong channel, wrong
// owners); confirming still creates all their to-dos, each linked to a
// message that no longer exists, where importing them now answers
// "I can't find that message".
func TestAttackImport_DeletedBetweenPreviewAndConfirm(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.Messages = map[string]*bot.Message{"double11-war-room/1760000000.000100": {TS: "1760000000.000100", Channel: warRm,
		Text: readFixture(t, "minutes_kickoff.md"), Permalink: kickoffLink}}
	if got := strings.Join(w.importFromThread(), "\n"); !strings.Contains(got, "4 to-dos to create") {
		t.Fatalf("preview: %q", got)
	}
	delete(w.chat.Messages, "double11-war-room/1760000000.000100")
	if got := strings.Join(w.importFromThread(), "\n"); !strings.Contains(got, "I can't find that message") {
		t.Fatalf("importing the deleted notes: %q", got)
	}
	got := w.one(uWang, "/todo import confirm")
	if n := w.todoCount(); n != 0 || !strings.Contains(got, "I can't find that message") {
		t.Errorf("confirm after the notes were deleted created %d to-dos and said %q", n, got)
	}
}
