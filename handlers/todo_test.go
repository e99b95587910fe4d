package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// todoWorld is the bot with real storage, a recording chat and a fixed
// clock: Tuesday 2026-10-20 10:00 in Shanghai.
type todoWorld struct {
	t      testing.TB
	router *bot.Router
	chat   *chattest.Recorder
	todos  *storage.TodoService
	store  *storage.ReminderStore
	cfg    *config.Config
	now    time.Time
	plan   *scheduler.TodoNudges
	// events, when set, numbers each line as a Slack delivery, which the
	// router records in the event log.
	events int64
}

// nudges returns the world's to-do planner.
func (w *todoWorld) nudges() *scheduler.TodoNudges { return w.plan }

var (
	uWang  = campaignbot.User{ID: "wang.fang", Name: "wang.fang", RealName: "王芳"}
	uLiNa  = campaignbot.User{ID: "li.na", Name: "li.na"}
	uAlice = campaignbot.User{ID: "alice", Name: "alice"}
	uBob   = campaignbot.User{ID: "bob", Name: "bob", Timezone: "America/New_York"}
	warRm  = campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}
)

func newTodoWorld(t *testing.T, db *storage.DB) *todoWorld { return newTodoWorldTB(t, db) }

func newTodoWorldTB(t testing.TB, db *storage.DB) *todoWorld {
	t.Helper()
	cfg := exampleConfig(t)
	w := &todoWorld{t: t, cfg: cfg, todos: storage.NewTodoService(db), store: storage.NewReminderStore(db), now: cst(t, "2026-10-20 10:00")}
	w.chat = &chattest.Recorder{Users: []campaignbot.User{uWang, uLiNa, uAlice, uBob, {ID: "chen.jie", Name: "chen.jie"}}}
	nudges := &scheduler.TodoNudges{Todos: w.todos, Store: w.store, Config: func() *config.Config { return cfg }, People: people{w.chat}}
	w.router = bot.NewRouter(bot.RouterOptions{
		Config: func() *config.Config { return cfg },
		Now:    func() time.Time { return w.now },
	})
	w.plan = nudges
	handlers.Register(w.router, handlers.Deps{Todos: w.todos, Nudges: nudges, Reminders: w.store, ImportPreviews: storage.NewImportPreviewStore(db)})
	return w
}

// people adapts the recorder for the planner.
type people struct{ chat *chattest.Recorder }

func (p people) User(ctx context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	return p.chat.User(ctx, id)
}

func (p people) GroupMembers(context.Context, string) ([]campaignbot.UserID, error) {
	return nil, campaignbot.Errorf(campaignbot.ENOTFOUND, "no groups", "没有用户组")
}

func cst(t testing.TB, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// say sends a typed line as user (a /command or a message) and returns
// the texts the bot said.
func (w *todoWorld) say(user campaignbot.User, line string) []string {
	w.t.Helper()
	w.chat.Reset()
	ctx := context.Background()
	if cmd, ok := strings.CutPrefix(line, "/"); ok {
		name, args, _ := strings.Cut(cmd, " ")
		w.router.HandleCommand(ctx, w.chat, &bot.Command{Workspace: "T1", Name: name, Args: args, User: user, Channel: warRm, EventID: w.nextEventID()})
	} else {
		w.router.HandleMessage(ctx, w.chat, &bot.Message{Workspace: "T1", TS: "1.1", User: user, Channel: warRm, Text: line, MentionsBot: true, EventID: w.nextEventID()})
	}
	return w.chat.Texts()
}

// nextEventID returns the event id of the next delivery, or "" when the
// world does not number them.
func (w *todoWorld) nextEventID() string {
	if w.events == 0 {
		return ""
	}
	w.events++
	return fmt.Sprintf("Ev%d", w.events)
}

func (w *todoWorld) one(user campaignbot.User, line string) string {
	w.t.Helper()
	texts := w.say(user, line)
	if len(texts) != 1 {
		w.t.Fatalf("%q answered %d messages: %q", line, len(texts), texts)
	}
	return texts[0]
}

func TestTodoCreate(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newTodoWorld(t, db)
		tests := []struct {
			user campaignbot.User
			line string
			want string
		}{
			{uWang, "<@UBOT> <@alice> <@bob> finalize the coupon banner by tomorrow 6pm",
				"✅ To-do #1 for <@alice> <@bob>: *finalize the coupon banner* — due Wed 10-21 18:00 (in 1 day) — from “by tomorrow 6pm”."},
			{uWang, "/todo add <@li.na> 完成预热页设计 明天下午3点前 !high",
				"✅ To-do #2 for <@li.na>: *完成预热页设计* — due Wed 10-21 15:00 (in 1 day) — from “明天下午3点前”. Priority: high."},
			{uAlice, "/todo add <@bob> submit the preheat links due 10/23 17:00 #preheat-links-1",
				"✅ To-do #3 for <@bob>: *submit the preheat links* — due Fri 10-23 17:00 (in 3 days) — from “due 10/23 17:00”. Milestone: double11/preheat-links-1."},
			{uAlice, "/todo add check stock depth",
				"✅ To-do #4 for <@alice>: *check stock depth* — no due date. No one was mentioned, so it is yours. Add a date any time: /todo edit 4 due friday."},
			{uAlice, "<@UBOT> hello", "Hi alice! Type /help to see what I can do."},
		}
		for _, tt := range tests {
			if got := w.one(tt.user, tt.line); got != tt.want {
				t.Errorf("%s:\n got %q\nwant %q", tt.line, got, tt.want)
			}
		}
		t1, err := w.todos.FindTodo(context.Background(), "T1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if t1.Creator != "wang.fang" || t1.Channel != "double11-war-room" || len(t1.Assignees) != 2 || !t1.Due.Equal(cst(t, "2026-10-21 18:00")) {
			t.Errorf("stored %+v", t1)
		}
		// Nudges were planned: 24h before (18:00 today), 2h before, at due;
		// bob's are in New York time for quiet hours, and the leads get the
		// escalation a day after.
		rs, err := w.store.Reminders(context.Background(), campaignbot.ReminderFilter{Source: "todo:T1/1"})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, r := range rs {
			keys = append(keys, r.Key[len("todo:T1/1:"):]+"@"+r.At.In(w.now.Location()).Format("01-02 15:04"))
		}
		got := strings.Join(keys, ",")
		for _, k := range []string{"1d:@alice@10-20 18:00", "2h:@alice@10-21 16:00", "0:@alice@10-21 18:00", "escalate:@li.na@10-22 18:00", "escalate:@chen.jie@10-22 18:00"} {
			if !strings.Contains(got, k) {
				t.Errorf("nudges %s lack %s", got, k)
			}
		}
		// Bob is in New York: 10-20 18:00 CST is 06:00 there, quiet until
		// 09:00 EDT = 21:00 CST. His 2h and at-due nudges (04:00 and 06:00
		// EDT) fall in a night that ends after the deadline, so both move to
		// 20:59 EDT the evening before and merge.
		if !strings.Contains(got, "1d:@bob@10-20 21:00") || !strings.Contains(got, "2h+0:@bob@10-21 08:59") {
			t.Errorf("bob's 24h nudge is not moved out of his night: %s", got)
		}
	})
}

func TestTodoManage(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newTodoWorld(t, db)
		w.one(uWang, "/todo add <@alice> finish the coupon banner by tomorrow 6pm")
		w.one(uWang, "/todo add <@bob> pack the gift boxes by friday")
		steps := []struct {
			user campaignbot.User
			line string
			want string
		}{
			{uAlice, "/todo list", "Your open to-dos (1):\n• #1 finish the coupon banner — <@alice> — Wed 10-21 18:00 (in 1 day)"},
			{uAlice, "/todo list <@bob>", "Open to-dos of <@bob> (1):\n• #2 pack the gift boxes — <@bob> — Fri 10-23 18:00 (in 3 days)"},
			{uAlice, "/todo list <#double11-war-room|double11-war-room>", "Open to-dos from <#double11-war-room> (2):"},
			{uAlice, "/todo list overdue", "Your open to-dos (overdue): none."},
			{uBob, "/todo done 1", "Only the assignees (<@alice>), the creator (<@wang.fang>), the leads or an admin can change to-do #1."},
			{uAlice, "/todo done #1", "✅ <@alice> finished #1 *finish the coupon banner*."},
			{uAlice, "/todo list done", "Your finished to-dos (1):\n✓ #1 finish the coupon banner"},
			{uAlice, "/todo reopen 1", "↩ <@alice> reopened #1 *finish the coupon banner* — due Wed 10-21 18:00 (in 1 day)."},
			{uAlice, "/todo edit 1 due friday 5pm", "✏️ #1 *finish the coupon banner* for <@alice> — due Fri 10-23 17:00 (in 3 days)."},
			{uAlice, "/todo edit 1 title finish the coupon banner v2", "✏️ #1 *finish the coupon banner v2* for <@alice> — due Fri 10-23 17:00 (in 3 days)."},
			{uLiNa, "/todo assign 1 <@bob>", "👤 #1 *finish the coupon banner v2* is now <@bob>'s — due Fri 10-23 17:00 (in 3 days)."},
			// Bob is in New York: times are shown in his zone.
			{uBob, "/todo snooze 1 2h", "💤 I'll remind <@bob> about #1 *finish the coupon banner v2* at Tue 10-20 00:00; it is still due Fri 10-23 05:00 (in 3 days)."},
			{uBob, "/todo delete 1", "Only the creator (<@wang.fang>) or an admin can delete to-do #1; you can mark it done with /todo done 1."},
			{uWang, "/todo delete 1", "🗑 <@wang.fang> deleted #1 *finish the coupon banner v2*; it stays in the history (/todo search)."},
			{uAlice, "/todo search COUPON", "To-dos matching \"COUPON\" (1):\n🗑 #1 finish the coupon banner v2 — <@bob> — Fri 10-23 17:00 (in 3 days) (deleted)"},
			{uAlice, "/todo search gift", "To-dos matching \"gift\" (1):\n• #2 pack the gift boxes"},
			{uAlice, "/todo done 1", "To-do #1 was deleted."},
		}
		for _, st := range steps {
			if got := w.one(st.user, st.line); !strings.HasPrefix(got, st.want) {
				t.Errorf("%s %s:\n got %q\nwant %q", st.user.ID, st.line, got, st.want)
			}
		}
		// Deleting canceled the pending nudges; the snooze moved bob's next
		// nudge to 12:00 (as the reassignment replaced alice's).
		rs, _ := w.store.Reminders(context.Background(), campaignbot.ReminderFilter{Source: "todo:T1/1", Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderPending}})
		if len(rs) != 0 {
			t.Errorf("a deleted to-do still has pending nudges: %+v", rs)
		}
	})
}

func TestTodoBadInput(t *testing.T) {
	f, err := os.Open("testdata/todo_bad_input.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.one(uWang, "/todo add <@alice> seed to-do by friday")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		in, want, _ := strings.Cut(line, "\t")
		in = strings.NewReplacer("@alice", "<@alice>", "@bob", "<@bob>").Replace(in)
		before, _ := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
		got := w.one(uAlice, in)
		if got == "" || !strings.HasPrefix(got, want) {
			t.Errorf("%s:\n got %q\nwant prefix %q", in, got, want)
		}
		if got == campaignbot.InternalErrorText.In(campaignbot.English) {
			t.Errorf("%s: internal error", in)
		}
		after, _ := w.todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: "T1"})
		if !strings.HasPrefix(want, "✅") && len(after) != len(before) {
			t.Errorf("%s: a refused request stored a to-do", in)
		}
	}
	long := "/todo add <@alice> " + strings.Repeat("很长的标题", 1000) + " by friday"
	// The due phrase is still in the count: an overlong text is refused
	// before any phrase is looked for.
	if got := w.one(uAlice, long); !strings.HasPrefix(got, "The to-do is 5010 characters long") {
		t.Errorf("5,000-character title: %q", got)
	}
}

func TestTodoButtons(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	w.one(uWang, "/todo add <@alice> finish the coupon banner by tomorrow 6pm")
	ctx := context.Background()
	w.chat.Reset()
	w.router.HandleAction(ctx, w.chat, &bot.Action{Workspace: "T1", ActionID: "todo.done", Value: "1", User: uAlice, Channel: warRm,
		Message: campaignbot.MessageRef{Channel: warRm.ID, TS: "9.9"}})
	said := w.chat.Said()
	if len(said) != 1 || said[0].Kind != "update" || said[0].Message.Text != "✅ <@alice> finished #1 *finish the coupon banner*." {
		t.Fatalf("Done button: %+v", said)
	}
	w.chat.Reset()
	w.router.HandleAction(ctx, w.chat, &bot.Action{Workspace: "T1", ActionID: "todo.edit", Value: "1", User: uAlice, Channel: warRm, TriggerID: "trig"})
	if texts := w.chat.Texts(); len(texts) != 1 || texts[0] != "Forms are not available here." {
		t.Fatalf("Edit button without forms: %q", texts)
	}
	res := w.router.HandleForm(ctx, w.chat, &bot.FormSubmission{Workspace: "T1", FormID: "todo.edit", PrivateValue: "1", User: uAlice,
		Values: map[string]string{"title": "finish the banner", "due": "the day after never"}})
	if res.Errors["due"] == "" {
		t.Fatalf("a bad due date was accepted: %+v", res)
	}
	res = w.router.HandleForm(ctx, w.chat, &bot.FormSubmission{Workspace: "T1", FormID: "todo.edit", PrivateValue: "1", User: uAlice,
		Values: map[string]string{"title": "finish the banner", "due": "friday"}})
	if len(res.Errors) != 0 {
		t.Fatalf("edit form: %+v", res)
	}
	got, _ := w.todos.FindTodo(ctx, "T1", 1)
	if got.Title != "finish the banner" || !got.Due.Equal(cst(t, "2026-10-23 18:00")) {
		t.Errorf("after the form: %+v", got)
	}
}
