package handlers_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
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

// ackWorld is the campaign of testdata/acks.yaml with the warm-up's 1d
// reminders sent (2026-10-30 20:00, Shanghai), a real database and a
// recording chat; clicks are handled at 21:05.
type ackWorld struct {
	t      *testing.T
	router *bot.Router
	chat   *chattest.Recorder
	acks   *storage.AckStore
	// dm is each person's 1d warm-up DM: where it went and its key.
	dm map[campaignbot.UserID]chattest.Said
}

const warmUp = "milestone:double11/warm-up"

func newAckWorld(t *testing.T, db *storage.DB, lang string) *ackWorld {
	t.Helper()
	data, err := os.ReadFile("testdata/acks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("acks.yaml", []byte(strings.Replace(string(data), "language: en", "language: "+lang, 1)))
	if err != nil {
		t.Fatal(err)
	}
	w := &ackWorld{t: t, chat: &chattest.Recorder{}, acks: storage.NewAckStore(db), dm: map[campaignbot.UserID]chattest.Said{}}
	ctx := context.Background()
	rs := storage.NewReminderStore(db)
	plans, problems := scheduler.MilestoneReminders(ctx, cfg, nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if _, err := rs.ReplanPrefix(ctx, "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
		t.Fatal(err)
	}
	sendAt := cst(t, "2026-10-30 20:00")
	d := &scheduler.Dispatcher{Store: rs, Messenger: w.chat, Clock: scheduler.FixedClock{T: sendAt}, Config: func() *config.Config { return cfg }, Owner: "test"}
	if err := d.DispatchDue(ctx, sendAt); err != nil {
		t.Fatal(err)
	}
	for _, s := range w.chat.Said() {
		if strings.HasPrefix(s.Message.Key, warmUp+":1d:@") {
			w.dm[s.Recipient.User] = s
		}
	}
	if len(w.dm) != 3 {
		t.Fatalf("warm-up DMs sent: %+v", w.dm)
	}
	now := cst(t, "2026-10-30 21:05")
	w.router = bot.NewRouter(bot.RouterOptions{
		Config: func() *config.Config { return cfg },
		Now:    func() time.Time { return now },
		Events: storage.NewEventLog(db),
	})
	handlers.Register(w.router, handlers.Deps{Reminders: rs, Acks: &scheduler.Acks{Reminders: rs, Store: w.acks}})
	return w
}

// click handles user's click on a button of owner's warm-up DM, as the
// interaction eventID, and returns what the bot said.
func (w *ackWorld) click(user, owner campaignbot.UserID, action, eventID string) []chattest.Said {
	w.t.Helper()
	w.chat.Reset()
	dm := w.dm[owner]
	w.router.HandleAction(context.Background(), w.chat, &bot.Action{
		Workspace: "T1", EventID: eventID, ActionID: action, Value: dm.Message.Key,
		User: campaignbot.User{ID: user, Name: string(user)}, Channel: campaignbot.Channel{ID: campaignbot.ChannelID("D-" + owner), IsDM: true},
		Message: campaignbot.MessageRef{Channel: campaignbot.ChannelID("D-" + owner), TS: "1730293200.000100"},
	})
	return w.chat.Said()
}

// say types a command as user in the war room and returns the answers.
func (w *ackWorld) say(user campaignbot.UserID, line string) []string {
	w.t.Helper()
	w.chat.Reset()
	name, args, _ := strings.Cut(strings.TrimPrefix(line, "/"), " ")
	w.router.HandleCommand(context.Background(), w.chat, &bot.Command{Workspace: "T1", Name: name, Args: args,
		User: campaignbot.User{ID: user, Name: string(user)}, Channel: warRm})
	return w.chat.Texts()
}

// acked returns who acknowledged the 1d warm-up reminder.
func (w *ackWorld) acked() []campaignbot.UserID {
	w.t.Helper()
	acks, err := w.acks.Acks(context.Background(), warmUp)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []campaignbot.UserID
	for _, a := range acks {
		out = append(out, a.User)
	}
	return out
}

func buttonIDs(m campaignbot.OutgoingMessage) []string {
	var out []string
	for _, b := range m.Buttons {
		out = append(out, b.ActionID)
	}
	return out
}

// TestAckClickUpdatesTheClickersMessage: the click records the ack and
// updates the clicker's own DM: the Got it button gives way to the count
// and a Who button; a double click and a retried interaction record one.
func TestAckClickUpdatesTheClickersMessage(t *testing.T) {
	for _, tt := range []struct{ lang, first, again, count string }{
		{"en", "✓ Got it: you acknowledged at 10-30 21:05. ✓ 1 of 3 acknowledged.", "✓ You had already acknowledged at 10-30 21:05. ✓ 1 of 3 acknowledged.", "✓ 2 of 3 acknowledged."},
		{"zh-CN", "✓ 已收到：你于 10-30 21:05 确认。✓ 3 人中 1 人已收到。", "✓ 你已于 10-30 21:05 确认过。✓ 3 人中 1 人已收到。", "✓ 3 人中 2 人已收到。"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			w := newAckWorld(t, storagetest.OpenSQLite(t), tt.lang)
			if ids := buttonIDs(w.dm["alice"].Message); !slices.Equal(ids, []string{campaignbot.AckAction, "campaign.timeline"}) {
				t.Fatalf("alice's DM buttons = %v", ids)
			}
			said := w.click("alice", "alice", campaignbot.AckAction, "I1")
			if len(said) != 1 || said[0].Kind != "update" || said[0].Recipient.Channel != "D-alice" {
				t.Fatalf("click said %+v, want one update of alice's DM", said)
			}
			m := said[0].Message
			if !strings.HasPrefix(m.Text, w.dm["alice"].Message.Text+"\n") || !strings.HasSuffix(m.Text, "\n"+tt.first) {
				t.Errorf("updated text = %q, want the reminder then %q", m.Text, tt.first)
			}
			if ids := buttonIDs(m); !slices.Equal(ids, []string{campaignbot.AckWhoAction, "campaign.timeline"}) {
				t.Errorf("updated buttons = %v", ids)
			}
			if said := w.click("alice", "alice", campaignbot.AckAction, "I1"); len(said) != 0 {
				t.Errorf("a retried interaction said %+v, want nothing", said)
			}
			said = w.click("alice", "alice", campaignbot.AckAction, "I2")
			if len(said) != 1 || !strings.HasSuffix(said[0].Message.Text, "\n"+tt.again) {
				t.Errorf("double click said %+v, want %q", said, tt.again)
			}
			if got := w.acked(); !slices.Equal(got, []campaignbot.UserID{"alice"}) {
				t.Errorf("acks = %v, want alice once", got)
			}
			said = w.click("li.na", "li.na", campaignbot.AckAction, "I3")
			if len(said) != 1 || !strings.HasSuffix(said[0].Message.Text, tt.count) {
				t.Errorf("li.na's click said %+v, want the count %q", said, tt.count)
			}
		})
	}
}

// TestAckClickConcurrently: two replicas' handlers taking the same click
// (different event ids, as two deliveries can be) at once record one ack.
func TestAckClickConcurrently(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAckWorld(t, db, "en")
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				w.router.HandleAction(context.Background(), w.chat, &bot.Action{
					Workspace: "T1", EventID: "C" + string(rune('a'+i)), ActionID: campaignbot.AckAction, Value: w.dm["chen.jie"].Message.Key,
					User: campaignbot.User{ID: "chen.jie"}, Channel: campaignbot.Channel{ID: "D-chen.jie", IsDM: true},
					Message: campaignbot.MessageRef{Channel: "D-chen.jie", TS: "1.1"},
				})
			})
		}
		wg.Wait()
		if got := w.acked(); !slices.Equal(got, []campaignbot.UserID{"chen.jie"}) {
			t.Errorf("acks = %v, want chen.jie once", got)
		}
		first := 0
		for _, s := range w.chat.Said() {
			if strings.Contains(s.Message.Text, "✓ Got it: you acknowledged") {
				first++
			}
		}
		if first != 1 {
			t.Errorf("%d answers said the ack was recorded, want 1", first)
		}
	})
}

// TestAckRefusedLikeMissing: a click by someone not in the audience, and
// /ack with someone else's key, a forged key or no such key, all get the
// same polite answer, and nothing is recorded.
func TestAckRefusedLikeMissing(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), "en")
	want := campaignbot.ErrNoAck().Text.In(campaignbot.English)
	said := w.click("bob", "alice", campaignbot.AckAction, "X1")
	if len(said) != 1 || said[0].Kind == "update" || said[0].Message.Text != want {
		t.Errorf("bob clicking alice's Got it said %+v, want %q privately", said, want)
	}
	said = w.click("bob", "alice", campaignbot.AckWhoAction, "X2")
	if len(said) != 1 || said[0].Message.Text != want {
		t.Errorf("bob clicking alice's Who said %+v, want %q", said, want)
	}
	for _, line := range []string{
		"/ack " + w.dm["alice"].Message.Key,
		"/ack milestone:double11/warm-up:1d:@bob",
		"/ack milestone:double11/warm-up:0:@bob",
		"/ack milestone:double11/warm-up:1d:#double11-war-room",
		"/ack todo:T1/1:24h:@bob",
		"/ack nothing-at-all",
	} {
		if got := w.say("bob", line); !slices.Equal(got, []string{want}) {
			t.Errorf("%s by bob = %q, want %q", line, got, want)
		}
	}
	if got := w.acked(); len(got) != 0 {
		t.Errorf("acks = %v, want none", got)
	}
}

// TestAckCommandAndWho: /ack KEY (the console's button) acknowledges;
// Who and /campaign acks name who has and who has not.
func TestAckCommandAndWho(t *testing.T) {
	for _, tt := range []struct {
		lang         string
		command, who string
	}{
		{
			lang:    "en",
			command: "✓ Got it: you acknowledged at 10-30 21:05. ✓ 1 of 3 acknowledged.",
			who:     "*Warm-up starts* (1 day before, 10-30 20:00): ✓ 1 of 3 acknowledged.\nAcknowledged: <@alice> 10-30 21:05\nNot yet: <@chen.jie>, <@li.na>",
		},
		{
			lang:    "zh-CN",
			command: "✓ 已收到：你于 10-30 21:05 确认。✓ 3 人中 1 人已收到。",
			who:     "*Warm-up starts*（提前 1 天，10-30 20:00）：✓ 3 人中 1 人已收到。\n已收到：<@alice> 10-30 21:05\n未确认：<@chen.jie>, <@li.na>",
		},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			w := newAckWorld(t, storagetest.OpenSQLite(t), tt.lang)
			if got := w.say("alice", "/ack "+w.dm["alice"].Message.Key); !slices.Equal(got, []string{tt.command}) {
				t.Errorf("/ack = %q, want %q", got, tt.command)
			}
			said := w.click("li.na", "li.na", campaignbot.AckWhoAction, "W1")
			if len(said) != 1 || said[0].Message.Text != tt.who {
				t.Errorf("Who = %+v, want %q", said, tt.who)
			}
			for _, line := range []string{"/campaign acks", "/campaign acks warm-up", "/campaign acks double11/warm-up"} {
				if got := w.say("bob", line); !slices.Equal(got, []string{tt.who}) {
					t.Errorf("%s = %q, want %q", line, got, tt.who)
				}
			}
			if got := w.say("bob", "/campaign acks design-review"); len(got) != 1 || !strings.Contains(got[0], "design-review") {
				t.Errorf("/campaign acks design-review = %q", got)
			}
		})
	}
}

// TestHomeListsRemindersWaitingForAck: the home page lists the reminders
// waiting for the visitor's Got it, each with its button, until they
// acknowledge; others see no such list.
func TestHomeListsRemindersWaitingForAck(t *testing.T) {
	for _, tt := range []struct{ lang, list string }{
		{"en", "*Waiting for your Got it*\n1. *Warm-up starts* (1 day before, 10-30 20:00): ✓ 0 of 3 acknowledged.\n\n"},
		{"zh-CN", "*等待你确认“收到”*\n1. *Warm-up starts*（提前 1 天，10-30 20:00）：✓ 3 人中 0 人已收到。\n\n"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			w := newAckWorld(t, storagetest.OpenSQLite(t), tt.lang)
			home := func(user campaignbot.UserID) campaignbot.OutgoingMessage {
				t.Helper()
				resp := &homePages{}
				w.router.HandleHome(context.Background(), w.chat, &bot.HomeVisit{Workspace: "T1", User: campaignbot.User{ID: user}, Responder: resp})
				if len(resp.pages) != 1 {
					t.Fatalf("published %d pages", len(resp.pages))
				}
				return resp.pages[0]
			}
			page := home("alice")
			if !strings.HasPrefix(page.Text, tt.list) || len(page.Buttons) != 1 ||
				page.Buttons[0].ActionID != campaignbot.AckAction || page.Buttons[0].Value != w.dm["alice"].Message.Key {
				t.Errorf("alice's home = %q %+v, want it to start with %q and one Got it", page.Text, page.Buttons, tt.list)
			}
			if page := home("bob"); strings.Contains(page.Text, "1. ") || len(page.Buttons) != 0 {
				t.Errorf("bob's home = %q %+v", page.Text, page.Buttons)
			}
			// The click on the home page's button: no conversation, no
			// message to update; the answer goes to alice's DM.
			w.chat.Reset()
			w.router.HandleAction(context.Background(), w.chat, &bot.Action{Workspace: "T1", EventID: "H1", ActionID: campaignbot.AckAction,
				Value: page.Buttons[0].Value, User: campaignbot.User{ID: "alice"}})
			if said := w.chat.Said(); len(said) != 1 || said[0].Kind != "send" || said[0].Recipient.User != "alice" || !strings.HasPrefix(said[0].Message.Text, "✓ ") {
				t.Errorf("the home click said %+v, want a DM to alice", said)
			}
			if page := home("alice"); strings.Contains(page.Text, "1. ") || len(page.Buttons) != 0 {
				t.Errorf("alice's home after her ack = %q %+v", page.Text, page.Buttons)
			}
		})
	}
}

// homePages records the home pages published.
type homePages struct{ pages []campaignbot.OutgoingMessage }

func (h *homePages) Reply(_ context.Context, m campaignbot.OutgoingMessage) error {
	h.pages = append(h.pages, m)
	return nil
}

func (h *homePages) ReplyPrivately(ctx context.Context, m campaignbot.OutgoingMessage) error {
	return h.Reply(ctx, m)
}

// TestAckCommandReadsMentions: the user at the end of a typed key
// arrives as a mention, as Slack escapes it in a command (<@U1|name>) or
// as the console writes it (<@alice>); both acknowledge.
func TestAckCommandReadsMentions(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), "en")
	for user, line := range map[campaignbot.UserID]string{
		"alice": "/ack milestone:double11/warm-up:1d:<@alice|alice>",
		"li.na": "/ack milestone:double11/warm-up:1d:<@li.na>",
	} {
		if got := w.say(user, line); len(got) != 1 || !strings.HasPrefix(got[0], "✓ Got it: you acknowledged") {
			t.Errorf("%s by %s = %q", line, user, got)
		}
	}
	if got := w.acked(); !slices.Equal(got, []campaignbot.UserID{"alice", "li.na"}) {
		t.Errorf("acks = %v", got)
	}
}
