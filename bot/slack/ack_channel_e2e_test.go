package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// TestAttackAck_ChannelPostThroughSlack: a milestone posted in a channel
// with ack.from [alice, bob] carries Got it on the post. carol, in the
// channel but not asked, is told so privately and nothing changes; a
// forged key finds nothing; alice's click records her ack and updates
// the post for everyone to "✓ 1 of 2 acknowledged" (one chat.update),
// keeping Got it for bob; Slack's retry of her click and her second
// click record nothing more and update nothing; carol sees who has it
// from the channel only; bob's click from his DM updates the post
// through its stored ts.
func TestAttackAck_ChannelPostThroughSlack(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddUser(slackfake.User{ID: "U0CAROL", Name: "carol", RealName: "Carol", TZ: "Asia/Shanghai"})
		now := w.clock.Now()
		cfg := *w.cfg
		cfg.Campaigns = []campaignbot.Campaign{{
			ID: "double11", Name: "Double 11", Channel: "C0DESIGN", DDay: now.Add(48 * time.Hour),
			Milestones: []campaignbot.Milestone{{
				ID: "launch-check", Name: "Launch check", At: now.Add(time.Hour), Offsets: []time.Duration{time.Hour},
				Message: config.DefaultMilestoneMessage, Urgent: true, Notify: campaignbot.Audience{Channel: true},
				Ack: campaignbot.AckPolicy{Required: true, From: []campaignbot.UserID{"U0ALICE", "U0BOB"}},
			}},
		}}
		w.cfg = &cfg
		rs := storage.NewReminderStore(w.db)
		acks := storage.NewAckStore(w.db)
		b := w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{Reminders: rs, Acks: &scheduler.Acks{Reminders: rs, Store: acks}, Logger: testLogger(t)})
		})
		ctx := context.Background()
		plans, problems := scheduler.MilestoneReminders(ctx, w.cfg, nil)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if _, err := rs.ReplanPrefix(ctx, "milestone:", plans, now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		d := &scheduler.Dispatcher{Store: rs, Messenger: b.adapter, Clock: scheduler.FixedClock{T: now}, Config: func() *config.Config { return w.cfg }, Owner: "e2e"}
		if err := d.DispatchDue(ctx, now); err != nil {
			t.Fatal(err)
		}
		posts := w.fake.Delivered("chat.postMessage")
		if len(posts) != 1 || posts[0].Params.Get("channel") != "C0DESIGN" {
			t.Fatalf("posted %v", posts)
		}
		key := "milestone:double11/launch-check:1h:#C0DESIGN"
		var gotIt button
		for _, bt := range buttonsOf(t, posts[0].Params) {
			if bt.ActionID == campaignbot.AckAction {
				gotIt = bt
			}
		}
		if gotIt.Value != key {
			t.Fatalf("the post's Got it = %+v", gotIt)
		}
		msgs := w.fake.Messages("C0DESIGN")
		ts := msgs[len(msgs)-1].TS
		if stored, _ := rs.Reminders(ctx, campaignbot.ReminderFilter{Source: "milestone:double11/launch-check"}); len(stored) != 1 || stored[0].SentTS != ts {
			t.Errorf("the post's stored ts: %+v, want %s", stored, ts)
		}
		answer := func(resp string) string {
			t.Helper()
			b.waitFor(func() bool { return len(responses(w.fake, resp)) == 1 }, "the answer "+resp)
			r := responses(w.fake, resp)[0]
			if r["response_type"] == "in_channel" {
				t.Errorf("%s was answered in the channel: %v", resp, r)
			}
			return fmt.Sprint(r["text"])
		}

		b.deliverInteraction(clickPayload("U0CAROL", "C0DESIGN", ts, "T-carol", gotIt, w.fake.ResponseURL("carol")))
		if got := answer("carol"); !strings.Contains(got, "This reminder asks <@U0ALICE>, <@U0BOB> to acknowledge it, not you, so nothing was recorded.") {
			t.Errorf("carol: %q", got)
		}
		forged := gotIt
		forged.Value = "milestone:double11/launch-check:1h:#C0SECRET"
		b.deliverInteraction(clickPayload("U0BOB", "C0DESIGN", ts, "T-forged", forged, w.fake.ResponseURL("forged")))
		if got := answer("forged"); got != campaignbot.ErrNoAck().Text.EN {
			t.Errorf("forged key: %q", got)
		}

		click := clickPayload("U0ALICE", "C0DESIGN", ts, "T-alice-1", gotIt, w.fake.ResponseURL("alice"))
		b.deliverInteraction(click)
		if got := answer("alice"); !strings.Contains(got, "✓ Got it: you acknowledged at") {
			t.Errorf("alice: %q", got)
		}
		b.deliverInteraction(click) // Slack retries the interaction
		b.deliverInteraction(clickPayload("U0ALICE", "C0DESIGN", ts, "T-alice-2", gotIt, w.fake.ResponseURL("alice-again")))
		if got := answer("alice-again"); !strings.Contains(got, "✓ You had already acknowledged at") {
			t.Errorf("alice again: %q", got)
		}
		// carol, not asked, may see who has it from the channel, not from
		// elsewhere.
		whoBtn := button{ActionID: campaignbot.AckWhoAction, Value: key}
		b.deliverInteraction(clickPayload("U0CAROL", "C0DESIGN", ts, "T-carol-who", whoBtn, w.fake.ResponseURL("carol-who")))
		if got := answer("carol-who"); !strings.Contains(got, "✓ 1 of 2 acknowledged.") || !strings.Contains(got, "Acknowledged: <@U0ALICE>") || !strings.Contains(got, "Not yet: <@U0BOB>") {
			t.Errorf("carol's Who from the channel: %q", got)
		}
		b.deliverInteraction(clickPayload("U0CAROL", "D0CAROL", "1700009999.000200", "T-carol-who-dm", whoBtn, w.fake.ResponseURL("carol-who-dm")))
		if got := answer("carol-who-dm"); got != campaignbot.ErrNoAck().Text.EN {
			t.Errorf("carol's Who from elsewhere: %q", got)
		}
		b.stop()
		ups := w.fake.Delivered("chat.update")
		if len(ups) != 1 {
			t.Fatalf("%d chat.update calls, want 1", len(ups))
		}
		defer func() {
			// bob answers from his DM (a re-ping, or the App Home): the
			// post, found by its stored ts, shows the new count.
			b := w.startWith(t, func(b *testBot) {
				handlers.Register(b.router, handlers.Deps{Reminders: rs, Acks: &scheduler.Acks{Reminders: rs, Store: acks}, Logger: testLogger(t)})
			})
			b.deliverInteraction(clickPayload("U0BOB", "D0BOB", "1700009999.000100", "T-bob-dm", gotIt, w.fake.ResponseURL("bob-dm")))
			b.waitFor(func() bool { return len(w.fake.Delivered("chat.update")) == 2 }, "the post's second update")
			up := w.fake.Delivered("chat.update")[1].Params
			if up.Get("channel") != "C0DESIGN" || up.Get("ts") != ts || !strings.Contains(up.Get("text"), "✓ 2 of 2 acknowledged.") {
				t.Errorf("the update after bob's DM click = %v", up)
			}
		}()
		up := ups[0].Params
		if up.Get("channel") != "C0DESIGN" || up.Get("ts") != ts || !strings.Contains(up.Get("text"), "✓ 1 of 2 acknowledged.") {
			t.Errorf("chat.update = %v", up)
		}
		var ask, who bool
		for _, bt := range buttonsOf(t, up) {
			ask = ask || bt.ActionID == campaignbot.AckAction
			who = who || bt.ActionID == campaignbot.AckWhoAction
		}
		if !ask || !who {
			t.Errorf("the updated post: Got it %v, Who %v", ask, who)
		}
		if all, err := acks.Acks(ctx, "milestone:double11/launch-check"); err != nil || len(all) != 1 || all[0].User != "U0ALICE" {
			t.Errorf("acks = %+v, %v; want alice's one", all, err)
		}
	})
}
