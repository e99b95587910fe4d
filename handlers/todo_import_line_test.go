package handlers_test

import (
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackImport_EditedTitleNotImportedTwice: a row whose title was
// edited in the preview is still the to-do of its line: importing the
// same notes again creates nothing, although no stored to-do has the
// title the notes give that line; fixing another line still imports it.
func TestAttackImport_EditedTitleNotImportedTwice(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	notes := readFixture(t, "minutes_kickoff.md")
	w.shortcut(uWang, notes, kickoffLink)
	if got := strings.Join(w.say(uWang, "/todo import edit 1 @alice 完成预热页和海报 by friday"), "\n"); !strings.Contains(got, "完成预热页和海报") {
		t.Fatalf("edit: %q", got)
	}
	w.say(uWang, "/todo import confirm")
	if n := w.todoCount(); n != 4 {
		t.Fatalf("%d to-dos after the first import, want 4: %q", n, w.chat.Texts())
	}
	said := w.shortcut(uWang, notes, kickoffLink)
	if b := findButton(said, handlers.ActionImportConfirm); b != nil {
		w.click(uWang, *b)
	}
	if n := w.todoCount(); n != 4 {
		t.Errorf("the same notes imported again: %d to-dos, want 4 (line 7's to-do was only retitled); the bot said %q", n, w.chat.Texts())
	}
	said = w.shortcut(uWang, strings.Replace(notes, "@nobody", "@alice", 1), kickoffLink)
	w.click(uWang, button(t, said, handlers.ActionImportConfirm))
	if n := w.todoCount(); n != 5 {
		t.Errorf("after fixing line 10: %d to-dos, want 5", n)
	}
}
