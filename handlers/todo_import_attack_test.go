package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/handlers"
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

// docxWithTable is a Word file of minutes whose action items are a table
// (事项 | 负责人 | 截止), as DingTalk and Word minutes templates have them.
func docxWithTable(t *testing.T, rows [][3]string) []byte {
	t.Helper()
	cell := func(s string) string { return "<w:tc><w:p><w:r><w:t>" + s + "</w:t></w:r></w:p></w:tc>" }
	var body strings.Builder
	body.WriteString("<w:p><w:r><w:t>双11 启动会纪要</w:t></w:r></w:p><w:p><w:r><w:t>【行动项】</w:t></w:r></w:p><w:tbl>")
	for _, r := range rows {
		body.WriteString("<w:tr>" + cell(r[0]) + cell(r[1]) + cell(r[2]) + "</w:tr>")
	}
	body.WriteString("</w:tbl>")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body.String() + `</w:body></w:document>`,
	} {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAttackImport_DocxTableRowsSplit: in a .docx, a table's cells come
// out as lines of their own, so "完成预热页 | @alice | 10月28日" is read as
// three lines: the task (prose, skipped), "@alice" alone and the date
// alone. The same table in Markdown gives the rows.
func TestAttackImport_DocxTableRowsSplit(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.Files = map[string][]byte{"F1": docxWithTable(t, [][3]string{
		{"事项", "负责人", "截止"},
		{"完成预热页", "@alice", "10月28日"},
		{"提交报名表", "@li.na", "10月29日"},
	})}
	w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000000.000200", User: uWang, Channel: warRm,
		Text: "待办", Files: []bot.SharedFile{{ID: "F1", Name: "纪要.docx", Size: int64(len(w.chat.Files["F1"]))}}, Permalink: kickoffLink + "-file"})
	got := strings.Join(w.chat.Texts(), "\n")
	for _, want := range []string{"<@alice> — *完成预热页* — due Wed 10-28 18:00", "<@li.na> — *提交报名表* — due Thu 10-29 18:00"} {
		if !strings.Contains(got, want) {
			t.Errorf("the .docx table's row was not read as %q:\n%s", want, got)
		}
	}
}

// TestAttackImport_PrivateNotesAnnouncedInPublic: alice, a member of the
// private #hush, types `/todo import LINK` with the link of #hush's notes
// in the public war room. The preview is private, but confirming
// announces the to-dos' titles ("提交预算") in the public channel where
// the command was typed, to everyone there who cannot read #hush.
func TestAttackImport_PrivateNotesAnnouncedInPublic(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	hush := campaignbot.Channel{ID: "CHUSH", Name: "hush", Private: true}
	w.chat.Channels = []campaignbot.Channel{warRm, hush}
	w.chat.Members = map[string][]campaignbot.UserID{"CHUSH": {uAlice.ID}}
	w.chat.Messages = map[string]*bot.Message{"CHUSH/1760000000.000100": {TS: "1760000000.000100", Channel: hush,
		Text: "- @alice 提交预算 by friday", Permalink: "https://example.slack.com/archives/CHUSH/p1760000000000100"}}
	if got := w.one(uAlice, "/todo import https://example.slack.com/archives/CHUSH/p1760000000000100"); !strings.Contains(got, "提交预算") {
		t.Fatalf("preview: %q", got)
	}
	w.say(uAlice, "/todo import confirm")
	for _, s := range w.chat.Said() {
		if s.Kind != "ephemeral" && s.Recipient.Channel != hush.ID && strings.Contains(s.Message.Text, "提交预算") {
			t.Errorf("a to-do of the private #hush was announced to %+v: %q", s.Recipient, s.Message.Text)
		}
	}
}

// TestAttackImport_FixedLineNeverImportable: the preview says the lines
// it could not read are left out and "fix the line in the notes and
// import again". After confirming the readable rows, the writer fixes
// "@nobody" to "@alice" in the notes and imports again: the import says
// the to-dos were created already and the fixed line can never be
// created from these notes.
func TestAttackImport_FixedLineNeverImportable(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	notes := readFixture(t, "minutes_kickoff.md")
	said := w.shortcut(uWang, notes, kickoffLink)
	if got := onlyText(t, said); !strings.Contains(got, "I don't know @nobody") || !strings.Contains(got, "fix the line in the notes and import again") {
		t.Fatalf("preview: %q", got)
	}
	onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm)))
	fixed := strings.Replace(notes, "@nobody", "@alice", 1)
	said = w.shortcut(uWang, fixed, kickoffLink)
	if b := findButton(said, handlers.ActionImportConfirm); b != nil {
		w.click(uWang, *b)
	}
	if n := w.todoCount(); n != 5 {
		t.Errorf("after fixing the unreadable line and importing again: %d to-dos, want 5 (the 4 created and the fixed one); the bot said %q",
			n, w.chat.Texts())
	}
}

// findButton is the button with the action id in what was said, or nil.
func findButton(said []chattest.Said, action string) *campaignbot.Button {
	for _, s := range said {
		for _, b := range s.Message.Buttons {
			if b.ActionID == action {
				return &b
			}
		}
	}
	return nil
}

// TestAttackImport_SameFileSharedTwice: the same notes file (one file id)
// shared twice with "待办" — shared again in the thread after a
// mis-click, or into a second channel — is imported twice: its source is
// the share message, not the file, so every to-do is created again.
func TestAttackImport_SameFileSharedTwice(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.Files = map[string][]byte{"F1": []byte(readFixture(t, "minutes_kickoff.md"))}
	for i, ts := range []string{"1760000000.000200", "1760000300.000200"} {
		w.chat.Reset()
		w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: ts, User: uWang, Channel: warRm,
			Text: "待办", Files: []bot.SharedFile{{ID: "F1", Name: "kickoff.md", MIME: "text/markdown", Size: 100}},
			Permalink: "https://example.slack.com/archives/C0WAR/p" + strings.Replace(ts, ".", "", 1)})
		if b := findButton(w.chat.Said(), handlers.ActionImportConfirm); b != nil {
			w.click(uWang, *b)
		} else if i == 0 {
			t.Fatalf("no preview: %q", w.chat.Texts())
		}
	}
	if n := w.todoCount(); n != 4 {
		t.Errorf("the file F1 shared twice: %d to-dos, want 4; the second import said %q", n, w.chat.Texts())
	}
}

// TestAttackImport_PageAfterConfirmLooksWaiting: after the to-dos were
// created, `/todo import page 1` shows the preview again as if it were
// still waiting ("4 to-dos to create", a Create button), although
// confirming it creates nothing; the edit button knows better.
func TestAttackImport_PageAfterConfirmLooksWaiting(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	said := w.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
	onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm)))
	if got := w.one(uWang, "/todo import page 1"); strings.Contains(got, "to-dos to create") {
		t.Errorf("page 1 of a confirmed import: %q", got)
	}
}

// TestAttackImport_OneToDos: a one-line import says "1 to-dos" in the
// preview, on its button and in the announcement.
func TestAttackImport_OneToDos(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	said := w.shortcut(uWang, "- @alice 完成预热页 by friday", kickoffLink)
	done := onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm)))
	for _, got := range []string{onlyText(t, said), button(t, said, handlers.ActionImportConfirm).Label, done} {
		if strings.Contains(got, "1 to-dos") {
			t.Errorf("%q", got)
		}
	}
}

// TestAttackImport_GBKTextFile: a .txt of minutes saved by Windows
// Notepad in the Chinese default encoding (GBK) or as "Unicode"
// (UTF-16), or a damaged .docx, shared with "待办" is answered with the
// knowledge base's words: "… so only its title and details are
// searchable" — nothing was filed, and the answer does not say what would
// work (save as UTF-8, paste the notes into a message).
func TestAttackImport_GBKTextFile(t *testing.T) {
	gbk, _ := hex.DecodeString("bbe1d2e9bccdd2aa0a2d2040616c69636520cdeab3c9d4a4c8c8d2b320d6dccee5c7b00a2d2040626f6220d7bcb1b8d3c5bbddc8af203130d4c23238c8d5c7b00a")
	utf16, _ := hex.DecodeString("fffe1a4fae8baa7e81890a002d002000400061006c0069006300650020008c5b10628498ed70759820006854944e4d520a002d002000400062006f0062002000c6510759184fe0603852200031003000086732003800e5654d520a00")
	for name, f := range map[string]struct {
		file string
		data []byte
	}{"gbk": {"纪要.txt", gbk}, "utf-16": {"纪要.txt", utf16}, "damaged docx": {"纪要.docx", []byte("PK\x03\x04 not a zip")}} {
		w := newTodoWorld(t, storagetest.OpenSQLite(t))
		w.chat.Files = map[string][]byte{"F1": f.data}
		w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000000.000200", User: uWang, Channel: warRm,
			Text: "待办", Files: []bot.SharedFile{{ID: "F1", Name: f.file, Size: int64(len(f.data))}}})
		got := strings.Join(w.chat.Texts(), "\n")
		if strings.Contains(got, "searchable") || !strings.Contains(got, "message") {
			t.Errorf("%s: %q", name, got)
		}
	}
}

// TestAttackImport_ThreadWordsWithPunctuation: in the notes' thread,
// "@campaignbot 导入。" (the Chinese IME's full stop), "导入待办！",
// "请导入" and "import todos" are answered "I did not understand that.
// Type /help", where "导入" and "import to-dos" preview the notes.
func TestAttackImport_ThreadWordsWithPunctuation(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.Messages = map[string]*bot.Message{"double11-war-room/1760000000.000100": {TS: "1760000000.000100", Channel: warRm,
		Text: readFixture(t, "minutes_kickoff.md"), Permalink: kickoffLink}}
	for _, words := range []string{"导入。", "导入待办！", "请导入", "import todos", "import."} {
		w.chat.Reset()
		w.router.HandleMessage(context.Background(), w.chat, &bot.Message{Workspace: "T1", TS: "1760000900.000100", ThreadTS: "1760000000.000100",
			User: uWang, Channel: warRm, Text: "<@UBOT> " + words, MentionsBot: true})
		if got := strings.Join(w.chat.Texts(), "\n"); !strings.Contains(got, "to-dos to create") {
			t.Errorf("%q in the notes' thread: %q", words, got)
		}
	}
}

// TestAttackImport_BotAnnouncementReimported: someone uses "Create
// to-dos from this message" on the bot's own announcement ("✅ @wang.fang
// created 4 to-dos from the message: #1 @alice: *完成预热页* — due …").
// The preview offers 5 new to-dos: the headline as a to-do of its own,
// and the 4 created ones again with "#1 : *…* — 10-23 18:00 (in 3 days)"
// as titles and due dates read from "(in 8 days)" — a click from
// duplicating every to-do.
func TestAttackImport_BotAnnouncementReimported(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	said := w.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
	done := onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportConfirm)))
	w.chat.Reset()
	w.router.HandleShortcut(context.Background(), w.chat, &bot.Shortcut{Workspace: "T1", CallbackID: handlers.ShortcutTodoImport,
		User: uLiNa, Channel: warRm, TriggerID: "trig",
		Message: &bot.Message{Workspace: "T1", TS: "1760000100.000100", Channel: warRm, Text: done,
			User: campaignbot.User{ID: "UBOT", Name: "campaignbot", IsBot: true}, Permalink: kickoffLink + "-announcement"}})
	if got := strings.Join(w.chat.Texts(), "\n"); strings.Contains(got, "to-dos to create") && findButton(w.chat.Said(), handlers.ActionImportConfirm) != nil {
		t.Errorf("the shortcut on the bot's announcement offers to create:\n%s", got)
	}
}

// TestAttackImport_DueNoDueDate: a row with an owner and no date reads
// "— due no due date" in the preview ("—— 截止 无截止时间" in Chinese).
func TestAttackImport_DueNoDueDate(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	got := onlyText(t, w.shortcut(uWang, "- @alice 准备海报", kickoffLink))
	if strings.Contains(got, "due no due date") {
		t.Errorf("preview: %q", got)
	}
}
