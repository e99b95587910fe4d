package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAmbiguousDueIsAskedNotGuessed: words that allow two due dates are
// asked about, privately, and nothing is stored until a choice is picked;
// the picked button creates exactly that to-do, with the words it read.
func TestAmbiguousDueIsAskedNotGuessed(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newTodoWorld(t, db)
		ctx := context.Background()
		for _, tt := range []struct {
			line   string
			what   string
			labels []string
			pick   int
			want   string
		}{
			{"<@UBOT> <@bob> prepare noon livestream 2026-10-24 12:30", "livestream", []string{"1. Tue 10-20 12:00", "2. Sat 10-24 12:30"}, 1,
				"*prepare noon livestream* — due Sat 10-24 12:30 (in 4 days) — from “by 2026-10-24 12:30”"},
			{"/todo add <@bob> 明天8点 开会 !high", "开会", []string{"1. Wed 10-21 08:00", "2. Wed 10-21 20:00"}, 1,
				"*开会* — due Wed 10-21 20:00 (in 1 day) — from “by 2026-10-21 20:00”. Priority: high."},
		} {
			said := w.say(uAlice, tt.line)
			rec := w.chat.Said()
			if len(rec) != 1 || rec[0].Kind != "ephemeral" || len(rec[0].Message.Buttons) != len(tt.labels) {
				t.Fatalf("%s: asked %+v", tt.line, rec)
			}
			if !strings.Contains(said[0], "nothing is saved until you pick one") {
				t.Errorf("%s: asked %q", tt.line, said[0])
			}
			for i, b := range rec[0].Message.Buttons {
				if b.Label != tt.labels[i] || b.ActionID != handlers.ActionTodoChoose || !strings.HasPrefix(b.Command, "/todo add ") {
					t.Errorf("%s: button %d = %+v", tt.line, i, b)
				}
			}
			if list := w.say(uAlice, "/todo list all"); strings.Contains(strings.Join(list, "\n"), tt.what) {
				t.Errorf("%s: stored before a choice: %q", tt.line, list)
			}
			b := rec[0].Message.Buttons[tt.pick]
			w.chat.Reset()
			w.router.HandleAction(ctx, w.chat, &bot.Action{Workspace: "T1", ActionID: b.ActionID, Value: b.Value, User: uAlice, Channel: warRm})
			if texts := w.chat.Texts(); len(texts) != 1 || !strings.Contains(texts[0], tt.want) {
				t.Errorf("%s: picking %q said %q, want …%s…", tt.line, b.Label, texts, tt.want)
			}
		}
	})
}

// TestConfirmationSaysWhichWordsItRead: the confirmation shows the words
// read as the date, so a misreading is seen at once.
func TestConfirmationSaysWhichWordsItRead(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	got := w.one(uWang, "/todo add <@li.na> 发返利表 明早9点半")
	want := "— due Wed 10-21 09:30 (in 24 hours) — from “明早9点半”."
	if !strings.Contains(got, want) {
		t.Errorf("got %q, want …%s", got, want)
	}
	if _, err := w.todos.FindTodo(context.Background(), "T1", 1); err != nil {
		t.Fatal(err)
	}
}

// TestUnknownMilestoneIsSaid: a #tag that names no milestone is not left
// silently in the title: the confirmation says the to-do has no milestone
// and which ones are ahead.
func TestUnknownMilestoneIsSaid(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	got := w.one(uWang, "/todo add <@li.na> submit the links #preheat-link by friday")
	for _, want := range []string{"#preheat-link is not a milestone I know", "#preheat-links-1", "/campaign timeline"} {
		if !strings.Contains(got, want) {
			t.Errorf("got %q, want …%s…", got, want)
		}
	}
	if got := w.one(uWang, "/todo add <@li.na> submit the links #preheat-links-1"); strings.Contains(got, "not a milestone") {
		t.Errorf("a known milestone: %q", got)
	}
}

// TestDescribingTimeIsSaid: a time that names the thing ("准备晚上8点的直播
// 脚本") is not taken as the due time, and the reply says so.
func TestDescribingTimeIsSaid(t *testing.T) {
	w := newTodoWorld(t, storagetest.OpenSQLite(t))
	got := w.one(uWang, "/todo add <@li.na> 准备晚上8点的直播脚本")
	for _, want := range []string{"*准备晚上8点的直播脚本*", "— no due date", "“晚上8点” reads as part of what is to be done"} {
		if !strings.Contains(got, want) {
			t.Errorf("got %q, want …%s…", got, want)
		}
	}
}
