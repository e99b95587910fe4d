package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/slackfake"
)

// newAdapter returns an adapter on w that is not running: enough for Web
// API calls such as Send and Delivered.
func (w *world) newAdapter(t *testing.T) *Adapter {
	t.Helper()
	return w.newAdapterWith(t, nil)
}

// newAdapterWith returns an adapter on w, not running, keeping users in
// the given directory (nil: in memory only).
func (w *world) newAdapterWith(t *testing.T, users campaignbot.UserStore) *Adapter {
	t.Helper()
	a, err := New(context.Background(), Options{
		Config: func() *config.Config { return w.cfg },
		Logger: testLogger(t),
		Now:    w.clock.Now,
		Sleep:  w.clock.Sleep,
		Users:  users,
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// reminderMetadata is the metadata the adapter tags a reminder with.
func reminderMetadata(key string) *slackfake.Metadata {
	return &slackfake.Metadata{EventType: reminderEventType, EventPayload: map[string]any{"key": key}}
}

func TestDelivered(t *testing.T) {
	design := campaignbot.Recipient{Channel: "C0DESIGN"}
	bob := campaignbot.Recipient{User: "U0BOB"}
	for _, tt := range []struct {
		name string
		// setup posts what the history holds and returns what Delivered
		// is asked.
		setup     func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time)
		want      bool
		wantErr   string // the DeliveryError's reason
		wantCalls map[string]int
	}{
		{
			name: "found by key in a channel",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				send(design, "milestone:double11/warm-up/1h")
				at := send(design, "milestone:double11/launch/1h")
				send(design, "")
				return design, keyed("milestone:double11/warm-up/1h"), at.Add(-time.Hour)
			},
			want:      true,
			wantCalls: map[string]int{"conversations.history": 1, "conversations.open": 0},
		},
		{
			name: "a channel given by name is read by id",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(campaignbot.Recipient{Channel: "double11-design"}, "milestone:double11/warm-up/1h")
				return campaignbot.Recipient{Channel: "#double11-design"}, keyed("milestone:double11/warm-up/1h"), at.Add(-time.Minute)
			},
			want:      true,
			wantCalls: map[string]int{"conversations.history": 1, "conversations.list": 1},
		},
		{
			name: "a channel name nobody has is channel_not_found, without reading a history",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				return campaignbot.Recipient{Channel: "no-such-channel"}, keyed("milestone:double11/warm-up/1h"), time.Now().Add(-time.Hour)
			},
			wantErr:   "channel_not_found",
			wantCalls: map[string]int{"conversations.history": 0},
		},
		{
			name: "a reminder in a thread is found among the replies",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				parent := w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: "the hero banner, by Friday?"})
				w.fake.AddMessage("C0DESIGN", slackfake.Message{User: slackfake.BotUserID, BotID: slackfake.BotID, Text: "due in 2 hours",
					ThreadTS: parent, Metadata: reminderMetadata("todo:T0FAKE/9/2h")})
				return design, campaignbot.OutgoingMessage{Key: "todo:T0FAKE/9/2h", ThreadID: parent}, time.Now().Add(-time.Hour)
			},
			want:      true,
			wantCalls: map[string]int{"conversations.replies": 1, "conversations.history": 0},
		},
		{
			name: "another key is not found",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(design, "milestone:double11/launch/1h")
				send(design, "")
				return design, keyed("milestone:double11/warm-up/1h"), at.Add(-time.Hour)
			},
			wantCalls: map[string]int{"conversations.history": 1},
		},
		{
			name: "a message older than since is not found",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(design, "milestone:double11/warm-up/1h")
				return design, keyed("milestone:double11/warm-up/1h"), at.Add(time.Millisecond)
			},
			wantCalls: map[string]int{"conversations.history": 1},
		},
		{
			name: "someone else's message with the key is not the bot's delivery",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: "copied", Metadata: reminderMetadata("todo:T0FAKE/7/due")})
				w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0OTHER", BotID: "B0OTHER", Text: "other app", Metadata: reminderMetadata("todo:T0FAKE/7/due")})
				return design, keyed("todo:T0FAKE/7/due"), time.Now().Add(-time.Hour)
			},
			wantCalls: map[string]int{"conversations.history": 1},
		},
		{
			name: "a DM is read through conversations.open, opened once",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(bob, "todo:T0FAKE/7/due")
				send(campaignbot.Recipient{User: "U0ALICE"}, "todo:T0FAKE/8/due")
				return bob, keyed("todo:T0FAKE/7/due"), at.Add(-time.Minute)
			},
			want:      true,
			wantCalls: map[string]int{"conversations.open": 1, "conversations.history": 1},
		},
		{
			name: "a DM to someone else is not found",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(campaignbot.Recipient{User: "U0ALICE"}, "todo:T0FAKE/7/due")
				return bob, keyed("todo:T0FAKE/7/due"), at.Add(-time.Minute)
			},
			wantCalls: map[string]int{"conversations.open": 1, "conversations.history": 1},
		},
		{
			name: "found on a later page",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(design, "digest:T0FAKE/U0BOB/2026-11-23")
				for i := range 250 {
					w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: fmt.Sprint("chatter ", i)})
				}
				return design, keyed("digest:T0FAKE/U0BOB/2026-11-23"), at.Add(-time.Minute)
			},
			want:      true,
			wantCalls: map[string]int{"conversations.history": 2},
		},
		{
			name: "a history longer than the pages read is an error",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(design, "digest:T0FAKE/U0BOB/2026-11-23")
				for i := range historyPage * historyPages {
					w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: fmt.Sprint("chatter ", i)})
				}
				return design, keyed("digest:T0FAKE/U0BOB/2026-11-23"), at.Add(-time.Minute)
			},
			wantErr:   "history_too_long",
			wantCalls: map[string]int{"conversations.history": historyPages},
		},
		{
			name: "rate limited, then found",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(design, "milestone:double11/warm-up/1h")
				w.fake.Fail("conversations.history", slackfake.Fault{Status: 429, RetryAfter: 3})
				return design, keyed("milestone:double11/warm-up/1h"), at.Add(-time.Minute)
			},
			want:      true,
			wantCalls: map[string]int{"conversations.history": 2},
		},
		{
			name: "an API error is an error",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				at := send(design, "milestone:double11/warm-up/1h")
				w.fake.Fail("conversations.history", slackfake.Fault{Error: "invalid_auth"})
				return design, keyed("milestone:double11/warm-up/1h"), at.Add(-time.Minute)
			},
			wantErr:   "invalid_auth",
			wantCalls: map[string]int{"conversations.history": 1},
		},
		{
			name: "a channel the bot is not in is an error",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				return campaignbot.Recipient{Channel: "C0SECRET"}, keyed("milestone:double11/warm-up/1h"), time.Now().Add(-time.Hour)
			},
			wantErr:   "not_in_channel",
			wantCalls: map[string]int{"conversations.history": 1},
		},
		{
			name: "a DM that cannot be opened is an error",
			setup: func(t *testing.T, w *world, send func(campaignbot.Recipient, string) time.Time) (campaignbot.Recipient, campaignbot.OutgoingMessage, time.Time) {
				return campaignbot.Recipient{User: "U0GONE"}, keyed("todo:T0FAKE/7/due"), time.Now().Add(-time.Hour)
			},
			wantErr:   "user_not_found",
			wantCalls: map[string]int{"conversations.open": 1, "conversations.history": 0},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, ModeHTTP)
			a := w.newAdapter(t)
			ctx := context.Background()
			send := func(r campaignbot.Recipient, key string) time.Time {
				t.Helper()
				ref, err := a.Send(ctx, r, campaignbot.OutgoingMessage{Text: "Reminder " + key, Key: key})
				if err != nil {
					t.Fatal(err)
				}
				return parseTS(ref.TS)
			}
			r, m, since := tt.setup(t, w, send)
			got, err := a.Delivered(ctx, r, m, since)
			if tt.wantErr != "" {
				if d := asDelivery(err); d == nil || d.Reason != tt.wantErr {
					t.Fatalf("Delivered = %v, %v; want a %s DeliveryError", got, err, tt.wantErr)
				}
			} else if err != nil || got != tt.want {
				t.Fatalf("Delivered = %v, %v; want %v", got, err, tt.want)
			}
			for method, n := range tt.wantCalls {
				if got := len(w.fake.Calls(method)); got != n {
					t.Errorf("%d %s calls, want %d", got, method, n)
				}
			}
			if tt.wantErr == "" && tt.want {
				// A second look is answered the same, and a DM is not opened again.
				opened := len(w.fake.Calls("conversations.open"))
				if again, err := a.Delivered(ctx, r, m, since); err != nil || !again {
					t.Errorf("second Delivered = %v, %v", again, err)
				}
				if n := len(w.fake.Calls("conversations.open")); n != opened {
					t.Errorf("conversations.open called again: %d calls", n)
				}
			}
			for _, c := range w.fake.Calls("conversations.history") {
				if c.Params.Get("include_all_metadata") != "1" || c.Params.Get("limit") != fmt.Sprint(historyPage) || c.Params.Get("oldest") != slackTS(since) {
					t.Errorf("conversations.history params %v", c.Params)
				}
			}
			if tt.name == "rate limited, then found" && !slices.Contains(w.clock.Sleeps(), 3*time.Second) {
				t.Errorf("sleeps %v, want the 3s Slack asked for", w.clock.Sleeps())
			}
		})
	}
}

func TestSentRemindersCarryTheirKey(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	a := w.newAdapter(t)
	if _, err := a.Send(context.Background(), campaignbot.Recipient{User: "U0BOB"}, campaignbot.OutgoingMessage{Text: "due soon", Key: "todo:T0FAKE/7/due"}); err != nil {
		t.Fatal(err)
	}
	var md map[string]any
	if err := json.Unmarshal([]byte(w.fake.Delivered("chat.postMessage")[0].Params.Get("metadata")), &md); err != nil {
		t.Fatal(err)
	}
	if md["event_type"] != reminderEventType || md["event_payload"].(map[string]any)["key"] != "todo:T0FAKE/7/due" {
		t.Errorf("metadata %v", md)
	}
	if msgs := w.fake.Messages("U0BOB"); len(msgs) != 1 || msgs[0].Metadata == nil {
		t.Errorf("bob's DM holds %v", msgs)
	}
}

// keyed is a reminder message with the key.
func keyed(key string) campaignbot.OutgoingMessage { return campaignbot.OutgoingMessage{Key: key} }
