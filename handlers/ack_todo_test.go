package handlers_test

import (
	"context"
	"slices"
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

// TestTodoNudgeAck: with todos.ack {required: true, reping_after: 2h} a
// to-do's nudges carry Got it; alice's click updates her nudge (written
// anew from the to-do as of the click) with the count; someone who is not an assignee
// gets the answer a missing reminder gets; 2 hours later only li.na, who
// did not acknowledge, is nudged again.
func TestTodoNudgeAck(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	w := newTodoWorld(t, db)
	w.cfg.Todos.Ack = campaignbot.AckPolicy{Required: true, RepingAfter: 2 * time.Hour}
	cfg := func() *config.Config { return w.cfg }
	w.one(uWang, "/todo add <@alice> <@li.na> finish the coupon banner by tomorrow 6pm")

	todo := scheduler.TodoComposer{Todos: w.todos, Config: cfg}
	acks := storage.NewAckStore(db)
	dispatch := func(at time.Time) {
		t.Helper()
		w.chat.Reset()
		d := &scheduler.Dispatcher{Store: w.store, Messenger: w.chat, Clock: scheduler.FixedClock{T: at}, Config: cfg, Owner: "test",
			Composers: map[campaignbot.ReminderKind]scheduler.Composer{
				campaignbot.ReminderTodo: todo,
				campaignbot.ReminderAckReping: scheduler.AckComposer{Reminders: w.store, Store: acks, Config: cfg,
					Originals: map[campaignbot.ReminderKind]scheduler.Composer{campaignbot.ReminderTodo: todo}},
			}}
		if err := d.DispatchDue(context.Background(), at); err != nil {
			t.Fatal(err)
		}
	}
	dispatch(cst(t, "2026-10-20 18:00"))
	nudges := map[campaignbot.UserID]campaignbot.OutgoingMessage{}
	for _, s := range w.chat.Said() {
		nudges[s.Recipient.User] = s.Message
	}
	key := "todo:T1/1:1d:@alice"
	if m := nudges["alice"]; m.Key != key || len(m.Buttons) == 0 || m.Buttons[0].ActionID != campaignbot.AckAction || m.Buttons[0].Value != key {
		t.Fatalf("alice's nudge = %+v", m)
	}

	now := cst(t, "2026-10-20 18:30")
	router := bot.NewRouter(bot.RouterOptions{Config: cfg, Now: func() time.Time { return now }})
	handlers.Register(router, handlers.Deps{Todos: w.todos, Reminders: w.store, Acks: &scheduler.Acks{Reminders: w.store, Store: acks,
		Composers: map[campaignbot.ReminderKind]scheduler.Composer{campaignbot.ReminderTodo: todo}}})
	click := func(user campaignbot.User) []chattestSaid {
		w.chat.Reset()
		router.HandleAction(context.Background(), w.chat, &bot.Action{Workspace: "T1", ActionID: campaignbot.AckAction, Value: key,
			User: user, Channel: campaignbot.Channel{ID: "D-alice", IsDM: true}, Message: campaignbot.MessageRef{Channel: "D-alice", TS: "9.9"}})
		var out []chattestSaid
		for _, s := range w.chat.Said() {
			out = append(out, chattestSaid{s.Kind, s.Message.Text})
		}
		return out
	}
	got := click(uAlice)
	if len(got) != 1 || got[0].kind != "update" || !strings.HasPrefix(got[0].text, "⏰ Reminder: #1 *finish the coupon banner* is due in 24 hours (Wed 10-21 18:00).\n") ||
		!strings.HasSuffix(got[0].text, "✓ Got it: you acknowledged at 10-20 18:30. ✓ 1 of 2 acknowledged.") {
		t.Errorf("alice's click = %+v", got)
	}
	want := campaignbot.ErrNoAck().Text.In(campaignbot.English)
	if got := click(uBob); len(got) != 1 || got[0].text != want {
		t.Errorf("bob's click on alice's nudge = %+v, want %q", got, want)
	}

	dispatch(cst(t, "2026-10-20 20:00"))
	var repinged []string
	for _, s := range w.chat.Said() {
		repinged = append(repinged, s.Recipient.String()+" "+s.Message.Key)
		if !strings.HasPrefix(s.Message.Text, "🔔 Not acknowledged yet: please confirm with Got it.\n⏰ Reminder: #1 *finish the coupon banner*") ||
			!slices.ContainsFunc(s.Message.Buttons, func(b campaignbot.Button) bool { return b.Value == "todo:T1/1:1d:@li.na" }) {
			t.Errorf("re-ping = %+v", s.Message)
		}
	}
	if !slices.Equal(repinged, []string{"@li.na todo:T1/1:1d:reping:@li.na"}) {
		t.Errorf("re-pinged %v, want li.na only", repinged)
	}

	// A to-do done before its re-ping is not nudged again.
	w.now = cst(t, "2026-10-20 21:00")
	w.one(uWang, "/todo add <@li.na> pack the gift boxes by tomorrow 6pm")
	dispatch(cst(t, "2026-10-21 16:00"))
	if !slices.ContainsFunc(w.chat.Said(), func(s chattest.Said) bool { return s.Message.Key == "todo:T1/2:2h:@li.na" }) {
		t.Fatalf("the 2h nudge of #2 was not sent: %+v", w.chat.Said())
	}
	w.one(uLiNa, "/todo done 2")
	dispatch(cst(t, "2026-10-21 18:00"))
	for _, s := range w.chat.Said() {
		if strings.HasPrefix(s.Message.Key, "todo:T1/2:") {
			t.Errorf("sent %s after the to-do was done", s.Message.Key)
		}
	}
}

// chattestSaid is what a click said: its kind and text.
type chattestSaid struct{ kind, text string }
