package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// attackTodoHome sends alice and li.na the 1d nudge of a to-do that asks
// for acks and returns the world and a visit to alice's App Home.
func attackTodoHome(t *testing.T) (*todoWorld, func() string) {
	t.Helper()
	db := storagetest.OpenSQLite(t)
	w := newTodoWorld(t, db)
	w.cfg.Todos.Ack = campaignbot.AckPolicy{Required: true, RepingAfter: 2 * time.Hour}
	cfg := func() *config.Config { return w.cfg }
	w.one(uWang, "/todo add <@alice> <@li.na> finish the coupon banner by tomorrow 6pm")
	todo := scheduler.TodoComposer{Todos: w.todos, Config: cfg}
	acks := storage.NewAckStore(db)
	at := cst(t, "2026-10-20 18:00")
	d := &scheduler.Dispatcher{Store: w.store, Messenger: w.chat, Clock: scheduler.FixedClock{T: at}, Config: cfg, Owner: "test",
		Composers: map[campaignbot.ReminderKind]scheduler.Composer{campaignbot.ReminderTodo: todo}}
	if err := d.DispatchDue(context.Background(), at); err != nil {
		t.Fatal(err)
	}
	now := cst(t, "2026-10-20 18:30")
	router := bot.NewRouter(bot.RouterOptions{Config: cfg, Now: func() time.Time { return now }})
	handlers.Register(router, handlers.Deps{Todos: w.todos, Reminders: w.store, Acks: &scheduler.Acks{Reminders: w.store, Store: acks,
		Composers: map[campaignbot.ReminderKind]scheduler.Composer{campaignbot.ReminderTodo: todo}}})
	home := func() string {
		t.Helper()
		resp := &homePages{}
		router.HandleHome(context.Background(), w.chat, &bot.HomeVisit{Workspace: "T1", User: uAlice, Responder: resp})
		if len(resp.pages) != 1 {
			t.Fatalf("published %d pages", len(resp.pages))
		}
		return resp.pages[0].Text
	}
	return w, home
}

// TestAttackAck_HomeNamesTodoBySource: alice's to-do nudge asks for her
// Got it; her App Home lists it as "*T1/1* (1 day before, 10-20 18:00)",
// the reminder's internal source, not the to-do (#1 finish the coupon
// banner). The Who has it? answer on a nudge uses the same title.
func TestAttackAck_HomeNamesTodoBySource(t *testing.T) {
	_, home := attackTodoHome(t)
	page := home()
	if !strings.Contains(page, "1. ") {
		t.Fatalf("alice's home lists nothing waiting: %q", page)
	}
	if strings.Contains(page, "T1/1") || !strings.Contains(page, "coupon banner") {
		t.Errorf("alice's home = %q, want the to-do named by its title, not its source T1/1", page)
	}
}

// TestAttackAck_HomeWaitsForDoneTodo: after alice marks the to-do done
// (/todo done 1) her App Home still asks for her Got it on its nudge,
// while the re-ping of the same nudge is dropped once the to-do is done.
func TestAttackAck_HomeWaitsForDoneTodo(t *testing.T) {
	w, home := attackTodoHome(t)
	w.one(uAlice, "/todo done 1")
	if page := home(); strings.Contains(page, "1. ") {
		t.Errorf("alice's home after the to-do is done still waits for her Got it: %q", page)
	}
}

// TestAttackAck_ReplyShouDaoInDM: as DingTalk users do, li.na answers
// her warm-up DM by typing "收到" in it (in the reminder's thread). The
// bot says it did not understand ("我没有理解这句话") and records nothing:
// it neither takes the reply as her Got it nor points her at the 收到
// button or /ack.
func TestAttackAck_ReplyShouDaoInDM(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), "zh-CN")
	w.chat.Reset()
	w.router.HandleMessage(context.Background(), w.chat, &bot.Message{
		Workspace: "T1", EventID: "M1", TS: "1730300000.000200", ThreadTS: "1730293200.000100",
		User: campaignbot.User{ID: "li.na", Name: "li.na"}, Channel: campaignbot.Channel{ID: "D-li.na", IsDM: true},
		Text: "收到", MentionsBot: true,
	})
	said := strings.Join(w.chat.Texts(), "\n")
	if len(w.acked()) == 0 && !strings.Contains(said, "/ack") && !strings.Contains(said, "按钮") {
		t.Errorf("li.na typed 收到 under her reminder; the bot said %q and recorded nothing", said)
	}
}
