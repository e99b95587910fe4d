package handlers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// kickoffLink is the permalink of the message holding the kickoff notes.
const kickoffLink = "https://example.slack.com/archives/double11-war-room/p1760000000000100"

// readFixture returns a file of testdata.
func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// shortcut uses "Create to-dos from this message" on a message with text
// and returns what the bot said.
func (w *todoWorld) shortcut(user campaignbot.User, text, link string) []chattest.Said {
	w.t.Helper()
	w.chat.Reset()
	// The message is in the channel, as on Slack: confirming reads it again.
	if w.chat.Messages == nil {
		w.chat.Messages = map[string]*bot.Message{}
	}
	w.chat.Messages[string(warRm.ID)+"/1760000000.000100"] = &bot.Message{TS: "1760000000.000100", Channel: warRm, Text: text, Permalink: link}
	w.router.HandleShortcut(context.Background(), w.chat, &bot.Shortcut{Workspace: "T1", CallbackID: handlers.ShortcutTodoImport,
		User: user, Channel: warRm, TriggerID: "trig", EventID: w.nextEventID(),
		Message: &bot.Message{Workspace: "T1", TS: "1760000000.000100", Channel: warRm, Text: text, Permalink: link}})
	return w.chat.Said()
}

// click clicks a button and returns what the bot said.
func (w *todoWorld) click(user campaignbot.User, b campaignbot.Button) []chattest.Said {
	w.t.Helper()
	w.chat.Reset()
	w.router.HandleAction(context.Background(), w.chat, &bot.Action{Workspace: "T1", ActionID: b.ActionID, Value: b.Value,
		User: user, Channel: warRm, TriggerID: "trig", EventID: w.nextEventID()})
	return w.chat.Said()
}

// button finds the button with the action id in what was said.
func button(t *testing.T, said []chattest.Said, action string) campaignbot.Button {
	t.Helper()
	for _, s := range said {
		for _, b := range s.Message.Buttons {
			if b.ActionID == action {
				return b
			}
		}
	}
	t.Fatalf("no %s button in %+v", action, said)
	return campaignbot.Button{}
}

// todoCount counts the workspace's to-dos.
func (w *todoWorld) todoCount() int {
	w.t.Helper()
	all, err := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
	if err != nil {
		w.t.Fatal(err)
	}
	return len(all)
}

// onlyText returns the text of the one thing said.
func onlyText(t *testing.T, said []chattest.Said) string {
	t.Helper()
	if len(said) != 1 {
		t.Fatalf("said %d things, want 1: %+v", len(said), said)
	}
	return said[0].Message.Text
}

// TestTodoImportShortcut: the shortcut previews the notes' to-dos and the
// lines it could not read, privately, creating nothing; the confirm
// button creates them all, linked to the message, in one go; a second
// click and a second import of the same message create nothing new and
// say so.
func TestTodoImportShortcut(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newTodoWorld(t, db)
		w.events = 1
		said := w.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
		preview := onlyText(t, said)
		if said[0].Kind != "ephemeral" {
			t.Errorf("the preview was not private: %+v", said[0])
		}
		for _, want := range []string{
			"📝 From the message: 4 to-dos to create, 2 lines I could not read.",
			"1. <@alice> — *完成预热页* — due Fri 10-23 18:00 (line 7)",
			"2. <@li.na> — *send the coupon list* — due Wed 10-28 18:00 (line 8)",
			"3. <@chen.jie> — *提交报名表* — due Thu 10-29 18:00 (line 9)",
			"4. you (no owner named) — *确认直播间* — due Fri 10-30 18:00 (line 12)",
			"⚠️ Line 10 “- @nobody check the stock by friday”: I don't know @nobody",
			"⚠️ Line 11 “- @alice prepare the FAQ by 10/1”:",
			"Confirming creates these 4 to-dos, each linked to the message; rows that name no owner (1) will be yours; the lines I could not read are left out.",
		} {
			if !strings.Contains(preview, want) {
				t.Errorf("preview lacks %q:\n%s", want, preview)
			}
		}
		if strings.Contains(preview, "Thursday") || strings.Contains(preview, "Attendees") {
			t.Errorf("prose was read as a to-do:\n%s", preview)
		}
		if n := w.todoCount(); n != 0 {
			t.Fatalf("the preview created %d to-dos", n)
		}

		confirm := button(t, said, handlers.ActionImportConfirm)
		if confirm.Label != "Create 4 to-dos" || confirm.Command != "/todo import confirm" {
			t.Errorf("confirm button: %+v", confirm)
		}
		done := onlyText(t, w.click(uWang, confirm))
		for _, want := range []string{
			"✅ <@wang.fang> created 4 to-dos from the message:",
			"#1 <@alice>: *完成预热页* — due Fri 10-23 18:00",
			"#4 <@wang.fang>: *确认直播间*",
		} {
			if !strings.Contains(done, want) {
				t.Errorf("confirmation lacks %q:\n%s", want, done)
			}
		}
		all, err := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 4 {
			t.Fatalf("%d to-dos, want 4", len(all))
		}
		for _, td := range all {
			if td.SourceLink != kickoffLink || td.Creator != uWang.ID || td.Channel != warRm.ID {
				t.Errorf("to-do %+v is not linked to the notes", td)
			}
		}
		// Each is nudged as any to-do: the nudges within the planner's
		// horizon are planned now (those of #3 and #4, due 9 and 10 days
		// ahead, by the periodic re-plan, as for any to-do).
		for n := 1; n <= 2; n++ {
			rs, err := w.store.Reminders(context.Background(), campaignbot.ReminderFilter{Source: fmt.Sprintf("todo:T1/%d", n),
				Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
			if err != nil || len(rs) == 0 {
				t.Errorf("to-do %d has no nudges planned (%v)", n, err)
			}
		}
		// The owner sees it as any to-do.
		if list := strings.Join(w.say(uLiNa, "/todo list"), "\n"); !strings.Contains(list, "send the coupon list") {
			t.Errorf("li.na's list lacks the imported to-do:\n%s", list)
		}

		again := onlyText(t, w.click(uWang, confirm))
		if !strings.Contains(again, "were created already, so nothing new was created") {
			t.Errorf("second click: %q", again)
		}
		said = w.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
		reimport := onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm)))
		if !strings.Contains(reimport, "were created already") {
			t.Errorf("re-import: %q", reimport)
		}
		if n := w.todoCount(); n != 4 {
			t.Fatalf("%d to-dos after the repeats, want 4", n)
		}
	})
}

// TestTodoImportCancelAndPick: cancel creates nothing, and the preview's
// buttons are dead after it; a typed confirm can pick rows, in Chinese.
func TestTodoImportCancelAndPick(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	notes := readFixture(t, "minutes_kickoff.md")
	said := w.shortcut(uWang, notes, kickoffLink)
	if got := w.one(uWang, "/todo import cancel"); got != "Import cancelled; nothing was created." {
		t.Errorf("cancel: %q", got)
	}
	if n := w.todoCount(); n != 0 {
		t.Fatalf("cancel created %d to-dos", n)
	}
	if got := onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm))); !strings.Contains(got, "That preview is no longer waiting") {
		t.Errorf("confirm after cancel: %q", got)
	}
	if got := w.one(uWang, "/todo import confirm"); !strings.Contains(got, "There is no import waiting for your confirmation") {
		t.Errorf("typed confirm after cancel: %q", got)
	}

	// A newer import replaces the preview: the older one's buttons are dead.
	older := w.shortcut(uWang, notes, kickoffLink)
	w.shortcut(uWang, "- @alice 核对库存 by friday", kickoffLink+"2")
	if got := onlyText(t, w.click(uWang, button(t, older, handlers.ActionImportConfirm))); !strings.Contains(got, "That preview is no longer waiting") {
		t.Errorf("confirm of a replaced preview: %q", got)
	}
	// A preview waits 24 hours.
	w.now = w.now.Add(24*time.Hour + time.Minute)
	if got := w.one(uWang, "/todo import confirm"); !strings.Contains(got, "There is no import waiting for your confirmation") {
		t.Errorf("confirm after 24 hours: %q", got)
	}
	if n := w.todoCount(); n != 0 {
		t.Fatalf("%d to-dos created", n)
	}
	w.now = w.now.Add(-24*time.Hour - time.Minute)

	w.cfg.Language = campaignbot.Chinese
	if got := onlyText(t, w.shortcut(uWang, notes, kickoffLink)); !strings.Contains(got, "📝 来自该消息：4 项待办待创建，2 行无法读取。") ||
		!strings.Contains(got, "⚠️ 第 10 行“- @nobody check the stock by friday”：我不认识 @nobody") {
		t.Errorf("Chinese preview: %q", got)
	}
	for _, bad := range []string{"0", "2-9", "x"} {
		if got := w.one(uWang, "/todo import confirm "+bad); !strings.Contains(got, "无法识别行号") {
			t.Errorf("confirm %s: %q", bad, got)
		}
	}
	got := w.one(uWang, "/todo import confirm 1，3")
	if !strings.Contains(got, "从该消息创建了 2 项待办") || !strings.Contains(got, "#1 <@alice>：*完成预热页*") || !strings.Contains(got, "#2 <@chen.jie>：*提交报名表*") {
		t.Errorf("confirm 1,3: %q", got)
	}
	// Another user has no preview of their own.
	if got := w.one(uAlice, "/todo import confirm"); !strings.Contains(got, "没有等待你确认的导入") {
		t.Errorf("alice's confirm: %q", got)
	}
}

// TestTodoImportNothingReadable: notes without to-dos, and a message
// without text, get a polite answer saying what would work.
func TestTodoImportNothingReadable(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	if got := onlyText(t, w.shortcut(uWang, "# Agenda\nWe talked about the budget.\n", kickoffLink)); !strings.Contains(got, "I found no to-dos in the message") ||
		!strings.Contains(got, "@alice finish the warm-up page by friday") {
		t.Errorf("prose only: %q", got)
	}
	if got := onlyText(t, w.shortcut(uWang, "", kickoffLink)); !strings.Contains(got, "That message has no text") {
		t.Errorf("no text: %q", got)
	}
	said := w.shortcut(uWang, "- @nobody book the studio by friday", kickoffLink)
	if got := onlyText(t, said); !strings.Contains(got, "Nothing can be created") || !strings.Contains(got, "I don't know @nobody") {
		t.Errorf("unknown only: %q", got)
	}
	for _, s := range said {
		for _, b := range s.Message.Buttons {
			if b.ActionID == handlers.ActionImportConfirm {
				t.Errorf("a confirm button with nothing to create")
			}
		}
	}
	if got := w.one(uWang, "/todo import"); !strings.Contains(got, "Create to-dos from this message") || !strings.Contains(got, "to-dos") {
		t.Errorf("/todo import alone: %q", got)
	}
}

// TestTodoImport500Lines: a 500-line message is previewed in pages of 20
// lines, each within a Slack message's limits, and confirmed at once.
func TestTodoImport500Lines(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	var b strings.Builder
	for i := 1; i <= 500; i++ {
		fmt.Fprintf(&b, "- @alice prepare banner %d by friday\n", i)
	}
	said := w.shortcut(uWang, b.String(), kickoffLink)
	page := onlyText(t, said)
	if !strings.Contains(page, "500 to-dos to create") || !strings.Contains(page, "Page 1 of 25.") ||
		!strings.Contains(page, "20. <@alice> — *prepare banner 20*") || strings.Contains(page, "*prepare banner 21*") {
		t.Fatalf("page 1:\n%s", page)
	}
	for n := 2; n <= 25; n++ {
		next := button(t, said, handlers.ActionImportPage)
		said = w.click(uWang, next)
		page = onlyText(t, said)
		first := fmt.Sprintf("%d. <@alice> — *prepare banner %d*", (n-1)*20+1, (n-1)*20+1)
		if !strings.Contains(page, fmt.Sprintf("Page %d of 25.", n)) || !strings.Contains(page, first) {
			t.Fatalf("page %d:\n%s", n, page)
		}
		if len(page) > 10*3000 || len(said[0].Message.Buttons) > 4 {
			t.Fatalf("page %d is %d bytes with %d buttons", n, len(page), len(said[0].Message.Buttons))
		}
	}
	if got := w.one(uWang, "/todo import page 2"); !strings.Contains(got, "Page 2 of 25.") || !strings.Contains(got, "21. <@alice> — *prepare banner 21*") {
		t.Errorf("typed page 2: %q", got)
	}
	if got := w.one(uWang, "/todo import page 26"); !strings.Contains(got, "The preview has 25 pages.") {
		t.Errorf("page 26: %q", got)
	}
	done := onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm)))
	if !strings.Contains(done, "created 500 to-dos") || !strings.Contains(done, "…and 480 more: /todo list shows them all.") {
		t.Errorf("confirmation:\n%s", done)
	}
	if n := w.todoCount(); n != 500 {
		t.Fatalf("%d to-dos, want 500", n)
	}
}

// TestTodoImportFile: a .md or .docx file (paragraphs as lines) shared with the comment
// "to-dos" or "待办" is previewed; other kinds of file are refused
// politely.
func TestTodoImportFile(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.Files = map[string][]byte{"F1": []byte(readFixture(t, "minutes_kickoff.md")), "F2": []byte("\x89PNG")}
	share := func(comment string, f bot.SharedFile) []chattest.Said {
		w.chat.Reset()
		w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000000.000200", User: uWang, Channel: warRm,
			Text: comment, Files: []bot.SharedFile{f}, Permalink: kickoffLink + "-file"})
		return w.chat.Said()
	}
	notes := bot.SharedFile{ID: "F1", Name: "kickoff.md", MIME: "text/markdown", Size: 100}
	said := share("待办", notes)
	if got := onlyText(t, said); !strings.Contains(got, "📝 From kickoff.md: 4 to-dos to create, 2 lines I could not read.") {
		t.Fatalf("file preview: %q", got)
	}
	onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm)))
	all, err := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
	if err != nil || len(all) != 4 || all[0].SourceLink != campaignbot.FileSourceLink(kickoffLink+"-file", notes.ID) {
		t.Fatalf("after the file import: %v %+v", err, all)
	}
	docx, err := os.ReadFile(filepath.Join("testdata", "minutes_kickoff.docx"))
	if err != nil {
		t.Fatal(err)
	}
	w.chat.Files["F3"] = docx
	said = share("to-dos", bot.SharedFile{ID: "F3", Name: "kickoff.docx", Size: int64(len(docx))})
	if got := onlyText(t, said); !strings.Contains(got, "📝 From kickoff.docx: 4 to-dos to create, 2 lines I could not read.") ||
		!strings.Contains(got, "1. <@alice> — *完成预热页* — due Fri 10-23 18:00 (line 7)") {
		t.Fatalf("docx preview: %q", got)
	}
	if got := onlyText(t, share("to-dos", bot.SharedFile{ID: "F2", Name: "banner.png", MIME: "image/png"})); !strings.Contains(got, "I can read to-dos from .md, .txt and .docx files, not from banner.png") {
		t.Errorf("png: %q", got)
	}
	if got := onlyText(t, share("to-dos", bot.SharedFile{ID: "gone", Name: "old.txt"})); !strings.Contains(got, "The file is gone.") {
		t.Errorf("missing file: %q", got)
	}
}

// TestTodoImportPreviewSharedByReplicas makes the preview through one
// router and edits and confirms it through another on the same database,
// as two replicas (or the process after a restart) would: the preview is
// kept in the database, so the confirmation finds it, creates the to-dos
// once, and a confirmation reaching the first router again creates
// nothing new.
func TestTodoImportPreviewSharedByReplicas(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		a, b := newTodoWorld(t, db), newTodoWorld(t, db)
		said := a.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
		b.chat.Messages = a.chat.Messages // one workspace
		if got := b.one(uWang, "/todo import edit 1 @alice 完成预热页 by friday 3pm"); !strings.Contains(got, "完成预热页") {
			t.Fatalf("edit through the other replica: %q", got)
		}
		got := onlyText(t, b.click(uWang, button(t, said, handlers.ActionImportConfirm)))
		if !strings.Contains(got, "created 4 to-dos") || !strings.Contains(got, "15:00") {
			t.Errorf("confirm through the other replica: %q", got)
		}
		if got := a.one(uWang, "/todo import confirm"); !strings.Contains(got, "created already") {
			t.Errorf("confirm again through the first: %q", got)
		}
		if n := a.todoCount(); n != 4 {
			t.Errorf("%d to-dos stored, want 4", n)
		}
	})
}
