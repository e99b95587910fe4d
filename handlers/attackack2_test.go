package handlers_test

import (
	"context"
	"os"
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

// slowUpdates is a recording chat whose chat.update of a channel post
// waits, once, for hold to be closed: a replica whose update reaches
// Slack after another replica's.
type slowUpdates struct {
	*chattest.Recorder
	mu      sync.Mutex
	held    bool
	arrived chan struct{}
	hold    chan struct{}
	updates []string
}

func (s *slowUpdates) Update(ctx context.Context, ref campaignbot.MessageRef, m campaignbot.OutgoingMessage) error {
	s.mu.Lock()
	first := !s.held && !strings.HasPrefix(string(ref.Channel), "D-")
	s.held = s.held || first
	s.mu.Unlock()
	if first {
		close(s.arrived)
		<-s.hold
	}
	s.mu.Lock()
	s.updates = append(s.updates, m.Text)
	s.mu.Unlock()
	return s.Recorder.Update(ctx, ref, m)
}

// TestAttackAck2_RacingUpdatesLeaveStaleCount: the warm-up's channel
// post asks alice and bob (ack.from). Two replicas handle their clicks
// at once: alice's replica records her ack and reads "1 of 2", bob's
// records his and reads "2 of 2"; bob's chat.update reaches Slack first,
// alice's (stale) last. The post everyone sees then says "✓ 1 of 2
// acknowledged" although both have acknowledged, and nothing corrects
// it: nobody is left to click.
func TestAttackAck2_RacingUpdatesLeaveStaleCount(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		data, err := os.ReadFile("testdata/acks.yaml")
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Parse("acks.yaml", []byte(strings.NewReplacer("ack: {required: true}", "ack: {required: true, from: [alice, bob]}", "notify: {channel: true, leads: true, users: [alice]}", "notify: {channel: true}").Replace(string(data))))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		rs := storage.NewReminderStore(db)
		acks := storage.NewAckStore(db)
		plans, problems := scheduler.MilestoneReminders(ctx, cfg, nil)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if _, err := rs.ReplanPrefix(ctx, "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
			t.Fatal(err)
		}
		chat := &slowUpdates{Recorder: &chattest.Recorder{}, arrived: make(chan struct{}), hold: make(chan struct{})}
		sendAt := cst(t, "2026-10-30 20:00")
		d := &scheduler.Dispatcher{Store: rs, Messenger: chat.Recorder, Clock: scheduler.FixedClock{T: sendAt}, Config: func() *config.Config { return cfg }, Owner: "test"}
		if err := d.DispatchDue(ctx, sendAt); err != nil {
			t.Fatal(err)
		}
		key := warmUp + ":1d:#double11-war-room"
		now := cst(t, "2026-10-30 21:05")
		replica := func() *bot.Router {
			r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }, Events: storage.NewEventLog(db)})
			handlers.Register(r, handlers.Deps{Reminders: rs, Acks: &scheduler.Acks{Reminders: rs, Store: acks}})
			return r
		}
		a, b := replica(), replica()
		click := func(r *bot.Router, user campaignbot.UserID) {
			r.HandleAction(ctx, chat, &bot.Action{
				Workspace: "T1", EventID: "E-" + string(user), ActionID: campaignbot.AckAction, Value: key,
				User: campaignbot.User{ID: user, Name: string(user)}, Channel: warRm,
				Message: campaignbot.MessageRef{Channel: warRm.ID, TS: "1730293200.000100"},
			})
		}
		done := make(chan struct{})
		go func() { click(a, "alice"); close(done) }()
		<-chat.arrived // alice's update, "1 of 2", is on its way
		click(b, "bob")
		close(chat.hold)
		<-done
		if len(chat.updates) == 0 {
			t.Fatal("the post was never updated")
		}
		if last := chat.updates[len(chat.updates)-1]; !strings.Contains(last, "✓ 2 of 2 acknowledged") {
			t.Errorf("both acknowledged, yet the post as Slack keeps it says %q (updates in order: %q)", last[strings.LastIndex(last, "\n")+1:], chat.updates)
		}
	})
}

// TestAttackAck2_CampaignAcksNamesAPrivatePostsPeople: the warm-up's
// post in the private war room asks alice and bob. Its Who has it?
// button shows their names only in the channel or to them; carol, not in
// the channel and not asked, got the missing-reminder answer there, yet
// `/campaign acks warm-up` typed anywhere listed who was asked in the
// private channel and who had acknowledged.
func TestAttackAck2_CampaignAcksNamesAPrivatePostsPeople(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		data, err := os.ReadFile("testdata/acks.yaml")
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Parse("acks.yaml", []byte(strings.NewReplacer("ack: {required: true}", "ack: {required: true, from: [alice, bob]}", "notify: {channel: true, leads: true, users: [alice]}", "notify: {channel: true}").Replace(string(data))))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		rs := storage.NewReminderStore(db)
		acks := storage.NewAckStore(db)
		plans, problems := scheduler.MilestoneReminders(ctx, cfg, nil)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if _, err := rs.ReplanPrefix(ctx, "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
			t.Fatal(err)
		}
		room := campaignbot.Channel{ID: warRm.ID, Name: warRm.Name, Private: true}
		lobby := campaignbot.Channel{ID: "CLOBBY", Name: "lobby"}
		chat := &chattest.Recorder{Channels: []campaignbot.Channel{room, lobby}, Members: map[string][]campaignbot.UserID{string(room.ID): {"alice", "bob", "li.na"}}}
		sendAt := cst(t, "2026-10-30 20:00")
		d := &scheduler.Dispatcher{Store: rs, Messenger: chat, Clock: scheduler.FixedClock{T: sendAt}, Config: func() *config.Config { return cfg }, Owner: "test"}
		if err := d.DispatchDue(ctx, sendAt); err != nil {
			t.Fatal(err)
		}
		if _, _, err := (&scheduler.Acks{Reminders: rs, Store: acks}).Acknowledge(ctx, warmUp+":1d:#double11-war-room", "alice", cst(t, "2026-10-30 20:30")); err != nil {
			t.Fatal(err)
		}
		now := cst(t, "2026-10-30 21:05")
		r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }, Events: storage.NewEventLog(db)})
		handlers.Register(r, handlers.Deps{Reminders: rs, Acks: &scheduler.Acks{Reminders: rs, Store: acks}})
		ask := func(user campaignbot.UserID, ch campaignbot.Channel) string {
			chat.Reset()
			r.HandleCommand(ctx, chat, &bot.Command{Workspace: "T1", Name: "campaign", Args: "acks warm-up", User: campaignbot.User{ID: user, Name: string(user)}, Channel: ch})
			return strings.Join(chat.Texts(), "\n")
		}
		if got := ask("carol", lobby); got != "No reminder of warm-up has asked for acknowledgements yet." {
			t.Errorf("carol, outside the private war room and not asked: %q", got)
		}
		for _, who := range []struct {
			user campaignbot.UserID
			ch   campaignbot.Channel
		}{{"li.na", lobby}, {"bob", lobby}, {"carol", room}} {
			if got := ask(who.user, who.ch); !strings.Contains(got, "Acknowledged: <@alice>") || !strings.Contains(got, "Not yet: <@bob>") {
				t.Errorf("%s from #%s: %q", who.user, who.ch.Name, got)
			}
		}
	})
}
