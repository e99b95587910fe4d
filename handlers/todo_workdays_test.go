package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestTodoWorkdays creates and edits to-dos end to end through the router,
// as the console and Slack do, with the example config's calendar
// (mainland China: 10-01..10-07 off for National Day, Saturday 10-10
// worked): due dates counted in working days, and the note, in English and
// in Chinese, on a due date in the holiday, whose suggested command moves
// it to the next working day. A plain weekend gets no note.
func TestTodoWorkdays(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	steps := []struct {
		name string
		now  string // empty: unchanged
		zh   bool
		user campaignbot.User
		line string
		want string
	}{
		{"the next working day is after the holiday", "2026-09-30 10:00", false, uWang,
			"/todo add <@alice> 提交双11报名表 下个工作日",
			"✅ To-do #1 for <@alice>: *提交双11报名表* — due Thu 10-08 18:00 (in 8 days) — from “下个工作日”."},
		{"three working days end on the makeup Saturday", "", false, uWang,
			"<@UBOT> <@li.na> 交主图 3个工作日内",
			"✅ To-do #2 for <@li.na>: *交主图* — due Sat 10-10 18:00 (in 10 days) — from “3个工作日内”."},
		{"next business day with a time", "", false, uWang,
			"/todo add <@alice> send the rebate sheet by next business day 10am",
			"✅ To-do #3 for <@alice>: *send the rebate sheet* — due Thu 10-08 10:00 (in 8 days) — from “by next business day 10am”."},
		{"a due date in the holiday is taken, with a note", "", false, uWang,
			"/todo add <@alice> send the banner by 10/3",
			"✅ To-do #4 for <@alice>: *send the banner* — due Sat 10-03 18:00 (in 3 days) — from “by 10/3”. " +
				"10-03 is a day off (National Day holiday); to move it to the next working day: /todo edit 4 due 10-08 18:00."},
		{"the note's command moves it", "", false, uAlice,
			"/todo edit 4 due 10-08 18:00",
			"✏️ #4 *send the banner* for <@alice> — due Thu 10-08 18:00 (in 8 days)."},
		{"editing into the holiday gives the note", "", false, uAlice,
			"/todo edit 1 due 10月5日下午3点",
			"✏️ #1 *提交双11报名表* for <@alice> — due Mon 10-05 15:00 (in 5 days). " +
				"10-05 is a day off (National Day holiday); to move it to the next working day: /todo edit 1 due 10-08 15:00."},
		{"in Chinese", "", true, uWang,
			"/todo add <@li.na> 交海报 10月3日前",
			"✅ 已创建待办 #5，负责人 <@li.na>：*交海报* —— 截止 10-03 周六 18:00（3 天后） —— 来自“10月3日前”。 " +
				"10-03 是休息日（国庆节），如需改到下一个工作日：/todo edit 5 due 10-08 18:00。"},
		{"edit in Chinese", "", true, uLiNa,
			"/todo edit 5 due 10月7日",
			"✏️ #5 *交海报*，负责人 <@li.na> —— 截止 10-07 周三 18:00（7 天后）。 " +
				"10-07 是休息日（国庆节），如需改到下一个工作日：/todo edit 5 due 10-08 18:00。"},
		{"a plain Sunday gets no note", "", false, uWang,
			"/todo add <@alice> clean up the shared drive by 10/11",
			"✅ To-do #6 for <@alice>: *clean up the shared drive* — due Sun 10-11 18:00 (in 11 days) — from “by 10/11”."},
		{"the makeup Saturday gets no note", "", false, uWang,
			"/todo add <@alice> 整理素材 10月10日前",
			"✅ To-do #7 for <@alice>: *整理素材* — due Sat 10-10 18:00 (in 10 days) — from “10月10日前”."},
		{"Friday's next working day is the makeup Saturday", "2026-10-09 10:00", false, uWang,
			"/todo add <@alice> 交海报 下个工作日",
			"✅ To-do #8 for <@alice>: *交海报* — due Sat 10-10 18:00 (in 1 day) — from “下个工作日”."},
		{"snooze until the next working day", "", false, uAlice,
			"/todo snooze 8 next working day",
			"💤 I'll remind <@alice> about #8 *交海报* at Sat 10-10 09:00; it is still due Sat 10-10 18:00 (in 1 day)."},
		{"the makeup Saturday's next working day is Monday", "2026-10-10 10:00", false, uWang,
			"/todo add <@alice> 复盘 next working day",
			"✅ To-do #9 for <@alice>: *复盘* — due Mon 10-12 18:00 (in 2 days) — from “next working day”."},
		{"a due date in a year without holiday data says so", "", false, uWang,
			"/todo add <@alice> 备货 2028年1月26日",
			"✅ To-do #10 for <@alice>: *备货* — due Wed 01-26 18:00 (in 473 days) — from “2028年1月26日”. " +
				"No CN public holidays are known for 2028 yet, so 01-26 may be a holiday; admins can list them under calendar.holidays."},
		{"and in Chinese", "", true, uWang,
			"/todo add <@alice> 备货 2028年1月27日",
			"✅ 已创建待办 #11，负责人 <@alice>：*备货* —— 截止 01-27 周四 18:00（474 天后） —— 来自“2028年1月27日”。 " +
				"暂无 2028 年的 CN 法定节假日数据，01-27 可能是假日；管理员可在 calendar.holidays 下列出。"},
		{"a count of none is answered", "", false, uWang,
			"/todo add <@alice> 复盘 0个工作日内",
			`"0个工作日内" counts no working days; write, for example, "next business day" or "within 2 working days".`},
		{"a count of none is answered in Chinese", "", true, uWang,
			"/todo add <@alice> 复盘 0个工作日内",
			"“0个工作日内”没有数到任何工作日；请写，例如“下个工作日”或“3个工作日内”。"},
	}
	for _, st := range steps {
		if st.now != "" {
			w.now = cst(t, st.now)
		}
		w.cfg.Language = campaignbot.English
		if st.zh {
			w.cfg.Language = campaignbot.Chinese
		}
		if got := w.one(st.user, st.line); got != st.want {
			t.Errorf("%s: %s\n got %q\nwant %q", st.name, st.line, got, st.want)
		}
	}
	// The edit form (Slack's Edit button) says the same; a next working
	// day in another year is written with its year.
	w.cfg.Language = campaignbot.English
	w.chat.Reset()
	res := w.router.HandleForm(context.Background(), w.chat, &bot.FormSubmission{Workspace: "T1", FormID: "todo.edit", PrivateValue: "6", User: uAlice,
		Values: map[string]string{"title": "clean up the shared drive", "due": "2027-01-01"}})
	want := "✏️ #6 *clean up the shared drive* for <@alice> — due Fri 01-01 18:00 (in 83 days). " +
		"01-01 is a day off (New Year's Day holiday); to move it to the next working day: /todo edit 6 due 2027-01-04 18:00."
	if texts := w.chat.Texts(); len(res.Errors) != 0 || len(texts) != 1 || texts[0] != want {
		t.Errorf("edit form: %+v %q\nwant %q", res, texts, want)
	}
	t1, err := w.todos.FindTodo(context.Background(), "T1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !t1.Due.Equal(cst(t, "2026-10-05 15:00")) {
		t.Errorf("#1 stored due %v, want the holiday date as written", t1.Due)
	}
	all, err := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 11 {
		var titles []string
		for _, td := range all {
			titles = append(titles, td.Title)
		}
		t.Errorf("%d to-dos stored, want 11: %s", len(all), strings.Join(titles, ", "))
	}
}
