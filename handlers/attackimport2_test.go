package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackImport2_InsertedLineShiftsTheLines: the kickoff notes are
// imported (4 to-dos, from lines 7, 8, 9 and 12). Someone then edits the Slack message
// and adds a to-do at the top of the action items, so every line below
// moves down by one. Importing the message again should create the new
// to-do only. Known by line number alone, the new line 7 ("@chen.jie
// book the live room") is taken for alice's old line 7 and skipped (lost),
// and the to-dos of old lines 9 and 12, now on lines 10 and 13, whose
// numbers no to-do had, are created a second time.
func TestAttackImport2_InsertedLineShiftsTheLines(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	notes := readFixture(t, "minutes_kickoff.md")
	w.shortcut(uWang, notes, kickoffLink)
	w.say(uWang, "/todo import confirm")
	before := w.todoCount()
	if before != 4 {
		t.Fatalf("%d to-dos after the first import, want 4: %q", before, w.chat.Texts())
	}
	edited := strings.Replace(notes, "## Action items / 行动项\n", "## Action items / 行动项\n- @chen.jie book the live room by 10/30\n", 1)
	said := w.shortcut(uWang, edited, kickoffLink)
	if b := findButton(said, handlers.ActionImportConfirm); b != nil {
		w.click(uWang, *b)
	}
	if n := w.todoCount(); n != before+1 {
		t.Errorf("after a line was inserted above the imported ones: %d to-dos, want %d; the bot said %q", n, before+1, w.chat.Texts())
	}
	found := false
	all, err := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, td := range all {
		found = found || strings.Contains(td.Title, "book the live room")
	}
	if !found {
		t.Errorf("the inserted line's to-do was not created")
	}
}
