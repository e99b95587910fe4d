package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// button is a button of a posted message's blocks.
type button struct {
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
	Text     struct {
		Text string `json:"text"`
	} `json:"text"`
}

// buttonsOf returns the buttons of a chat.postMessage or chat.update.
func buttonsOf(t *testing.T, c map[string][]string) []button {
	t.Helper()
	var blocks []struct {
		Elements []button `json:"elements"`
	}
	if err := json.Unmarshal([]byte(c["blocks"][0]), &blocks); err != nil {
		t.Fatalf("blocks %q: %v", c["blocks"], err)
	}
	var out []button
	for _, b := range blocks {
		out = append(out, b.Elements...)
	}
	return out
}

// clickPayload is a block_actions payload: user clicks b on the message
// ts of channel, with its own trigger id.
func clickPayload(user, channel, ts, trigger string, b button, responseURL string) []byte {
	p := map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": user, "team_id": "T0FAKE"},
		"team":         map[string]any{"id": "T0FAKE"},
		"container":    map[string]any{"type": "message", "message_ts": ts, "channel_id": channel},
		"channel":      map[string]any{"id": channel},
		"trigger_id":   trigger,
		"response_url": responseURL,
		"actions":      []map[string]any{{"action_id": b.ActionID, "value": b.Value, "type": "button", "block_id": "actions-0"}},
	}
	out, _ := json.Marshal(p)
	return out
}

// TestAckEndToEnd: a milestone that asks for acks DMs alice and bob on
// Slack with a Got it button; alice's click updates her message (one
// chat.update, also when Slack retries the interaction) and records one
// ack; bob clicking alice's button is told politely that there is
// nothing for him to acknowledge, and nothing changes.
func TestAckEndToEnd(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		now := w.clock.Now()
		cfg := *w.cfg
		cfg.Campaigns = []campaignbot.Campaign{{
			ID: "double11", Name: "Double 11", Channel: "C0DESIGN", DDay: now.Add(48 * time.Hour),
			Milestones: []campaignbot.Milestone{{
				ID: "warm-up", Name: "Warm-up starts", At: now.Add(time.Hour), Offsets: []time.Duration{time.Hour},
				Message: config.DefaultMilestoneMessage, Urgent: true,
				Notify: campaignbot.Audience{Users: []campaignbot.UserID{"U0ALICE", "U0BOB"}}, Ack: campaignbot.AckPolicy{Required: true},
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
		var alice map[string][]string
		for _, c := range posts {
			if c.Params.Get("channel") == "U0ALICE" { // a DM is posted to the user's id
				alice = c.Params
			}
		}
		if len(posts) != 2 || alice == nil {
			t.Fatalf("posted %d messages, alice's %v", len(posts), alice)
		}
		var got button
		for _, bt := range buttonsOf(t, alice) {
			if bt.ActionID == campaignbot.AckAction {
				got = bt
			}
		}
		key := "milestone:double11/warm-up:1h:@U0ALICE"
		if got.Value != key || got.Text.Text != "Got it" {
			t.Fatalf("alice's Got it button = %+v", got)
		}
		var ts string
		for _, m := range w.fake.Messages("D0ALICE") {
			ts = m.TS
		}

		click := clickPayload("U0ALICE", "D0ALICE", ts, "T-alice-1", got, w.fake.ResponseURL("alice"))
		b.deliverInteraction(click)
		b.waitFor(func() bool { return len(w.fake.Delivered("chat.update")) == 1 }, "the update of alice's message")
		b.deliverInteraction(click) // Slack retries the interaction
		up := w.fake.Delivered("chat.update")[0].Params
		if up.Get("channel") != "D0ALICE" || up.Get("ts") != ts || !strings.Contains(up.Get("text"), "✓ Got it: you acknowledged at") ||
			!strings.Contains(up.Get("text"), "✓ 1 of 2 acknowledged.") {
			t.Errorf("chat.update = %v", up)
		}
		var who bool
		for _, bt := range buttonsOf(t, up) {
			who = who || bt.ActionID == campaignbot.AckWhoAction
			if bt.ActionID == campaignbot.AckAction {
				t.Errorf("the updated message still asks: %+v", bt)
			}
		}
		if !who {
			t.Errorf("the updated message has no Who button: %v", up.Get("blocks"))
		}

		b.deliverInteraction(clickPayload("U0BOB", "D0ALICE", ts, "T-bob-1", got, w.fake.ResponseURL("bob")))
		b.waitFor(func() bool { return len(responses(w.fake, "bob")) == 1 }, "the answer to bob")
		if r := responses(w.fake, "bob")[0]; r["text"] != campaignbot.ErrNoAck().Text.In(campaignbot.English) || r["response_type"] == "in_channel" {
			t.Errorf("bob was answered %v", r)
		}
		if n := len(w.fake.Delivered("chat.update")); n != 1 {
			t.Errorf("%d chat.update calls, want alice's one", n)
		}
		all, err := acks.Acks(ctx, "milestone:double11/warm-up")
		if err != nil || len(all) != 1 || all[0].User != "U0ALICE" {
			t.Errorf("acks = %+v, %v; want alice's one", all, err)
		}
	})
}
