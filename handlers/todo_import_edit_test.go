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

// submitEdit submits the import edit form with values and returns its
// result and what the bot said.
func (w *todoWorld) submitEdit(user campaignbot.User, f bot.Form, values map[string]string) (bot.FormResult, []string) {
	w.t.Helper()
	w.chat.Reset()
	res := w.router.HandleForm(context.Background(), w.chat, &bot.FormSubmission{Workspace: "T1", FormID: f.ID,
		PrivateValue: f.PrivateValue, User: user, Values: values})
	return res, w.chat.Texts()
}

// TestTodoImportEditForm: the edit form shows each row of the page as a
// line of to-do text that reads back as it is; a changed line replaces
// its row, an emptied one leaves it out, an unreadable one is shown
// beside its field and changes nothing; a retried submission changes the
// same rows; confirming creates the edited to-dos.
func TestTodoImportEditForm(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.chat.FormsEnabled = true
	said := w.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
	edit := button(t, said, handlers.ActionImportEdit)
	if edit.Label != "Edit rows 1–4" {
		t.Errorf("edit button: %+v", edit)
	}
	w.click(uWang, edit)
	forms := w.chat.Forms()
	if len(forms) != 1 || len(forms[0].Fields) != 4 {
		t.Fatalf("forms: %+v", forms)
	}
	f := forms[0]
	want := []string{
		"@alice 完成预热页 by 2026-10-23",
		"@li.na send the coupon list by 2026-10-28",
		"@chen.jie 提交报名表 by 2026-10-29",
		"确认直播间 by 2026-10-30",
	}
	values := map[string]string{}
	for i, field := range f.Fields {
		if field.Initial != want[i] || !field.Optional {
			t.Errorf("field %d: %+v, want %q", i, field, want[i])
		}
		values[field.ID] = field.Initial
	}
	// Every row reads back as it was: saving unchanged changes nothing.
	if res, _ := w.submitEdit(uWang, f, values); len(res.Errors) != 0 {
		t.Fatalf("unchanged: %+v", res)
	}

	values[f.Fields[0].ID] = "@bob 完成预热页和海报 by 2026-10-24 12:00 !high"
	values[f.Fields[1].ID] = ""
	values[f.Fields[2].ID] = "@nobody 提交报名表 10月29日前"
	res, _ := w.submitEdit(uWang, f, values)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[f.Fields[2].ID], "I don't know @nobody") {
		t.Fatalf("an unreadable line: %+v", res)
	}
	values[f.Fields[2].ID] = want[2]
	for range 2 { // the second is Slack retrying the submission
		res, texts := w.submitEdit(uWang, f, values)
		if len(res.Errors) != 0 || len(texts) != 1 {
			t.Fatalf("edit: %+v %q", res, texts)
		}
		for _, s := range []string{"3 to-dos to create", "1. <@bob> — *完成预热页和海报* — due Sat 10-24 12:00 — high priority (line 7)", "2. <@chen.jie> — *提交报名表*"} {
			if !strings.Contains(texts[0], s) {
				t.Errorf("edited preview lacks %q:\n%s", s, texts[0])
			}
		}
	}
	if got := w.one(uWang, "/todo import edit 3 @alice 确认直播间 明天下午3点前"); !strings.Contains(got, "3. <@alice> — *确认直播间* — due Wed 10-21 15:00") {
		t.Errorf("typed edit: %q", got)
	}
	for _, bad := range []string{"/todo import edit 9 @alice x by friday", "/todo import edit 1", "/todo import edit 1 @zed x by friday"} {
		if got := w.one(uWang, bad); !strings.Contains(got, "Nothing was changed") && !strings.Contains(got, "was not changed") {
			t.Errorf("%s: %q", bad, got)
		}
	}
	w.one(uWang, "/todo import confirm")
	all, err := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
	if err != nil || len(all) != 3 {
		t.Fatalf("%d to-dos (%v), want 3", len(all), err)
	}
	first, _ := w.todos.FindTodo(context.Background(), "T1", 1)
	if first.Title != "完成预热页和海报" || first.Assignees[0] != "bob" || first.Priority != campaignbot.PriorityHigh || !first.Due.Equal(cst(t, "2026-10-24 12:00")) {
		t.Errorf("edited to-do: %+v", first)
	}
	// The form of a confirmed import changes nothing.
	if res, _ := w.submitEdit(uWang, f, values); res.Errors[""] == "" {
		t.Errorf("a stale form was accepted: %+v", res)
	}
}

// TestTodoImportEditWithoutForms: where there are no forms (the
// console), the edit button lists the typed commands for the page's rows.
func TestTodoImportEditWithoutForms(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	said := w.shortcut(uWang, readFixture(t, "minutes_kickoff.md"), kickoffLink)
	got := onlyText(t, w.click(uWang, button(t, said, handlers.ActionImportEdit)))
	if !strings.Contains(got, "/todo import edit 1 @alice 完成预热页 by 2026-10-23") || !strings.Contains(got, "/todo import edit 4 确认直播间 by 2026-10-30") {
		t.Errorf("typed edit commands: %q", got)
	}
}
