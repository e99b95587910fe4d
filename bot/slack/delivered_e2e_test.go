package slack

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// TestDispatcherChecksHistoryBeforeResending runs the real scheduler
// against the fake Slack: a dispatcher claimed a reminder and stopped
// before recording the outcome, after posting it or before. Another
// dispatcher takes the stale claim over and must end with exactly one
// message in Slack either way.
func TestDispatcherChecksHistoryBeforeResending(t *testing.T) {
	for _, tt := range []struct {
		name       string
		recipient  campaignbot.Recipient
		posted     bool
		wantReason string
		wantOpen   int
	}{
		{"channel, posted before the dispatcher stopped", campaignbot.Recipient{Channel: "C0DESIGN"}, true, "confirmed from history", 0},
		{"channel, never posted", campaignbot.Recipient{Channel: "C0DESIGN"}, false, "", 0},
		{"DM, posted before the dispatcher stopped", campaignbot.Recipient{User: "U0BOB"}, true, "confirmed from history", 1},
		{"DM, never posted", campaignbot.Recipient{User: "U0BOB"}, false, "", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, ModeHTTP)
			a := w.newAdapter(t)
			store := storage.NewReminderStore(w.db)
			ctx := context.Background()
			at := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
			rem := campaignbot.Reminder{
				Key:       "milestone:double11/warm-up/-1h/" + tt.recipient.String(),
				Source:    "milestone:double11/warm-up",
				Kind:      campaignbot.ReminderMilestone,
				At:        at,
				Zone:      "Asia/Shanghai",
				Offset:    "1h",
				Recipient: tt.recipient,
				Message:   campaignbot.OutgoingMessage{Text: "*Warm-up* starts in 1 hour"},
			}
			if _, err := store.Replan(ctx, rem.Source, []campaignbot.Reminder{rem}, at.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
			// The first dispatcher claims the reminder, starts sending it,
			// maybe sends it, and stops before recording anything.
			lease := time.Minute
			claimed, err := store.Claim(ctx, campaignbot.ClaimRequest{Owner: "replica-a", Now: at, LeaseUntil: at.Add(lease), Limit: 10})
			if err != nil || len(claimed) != 1 {
				t.Fatalf("Claim = %v, %v", claimed, err)
			}
			if err := store.Start(ctx, claimed[0].Key, claimed[0].Claim, at, at.Add(lease)); err != nil {
				t.Fatal(err)
			}
			if tt.posted {
				m := claimed[0].Message
				m.Key = claimed[0].Key
				if _, err := a.Send(ctx, tt.recipient, m); err != nil {
					t.Fatal(err)
				}
			}

			now := time.Now().Add(2 * lease) // replica-a's lease ran out
			d := &scheduler.Dispatcher{
				Store:     store,
				Messenger: a,
				Clock:     scheduler.FixedClock{T: now},
				Config:    func() *config.Config { return w.cfg },
				Owner:     "replica-b",
				Logger:    testLogger(t),
				Lease:     lease,
			}
			if err := d.DispatchDue(ctx, now); err != nil {
				t.Fatal(err)
			}

			posts := w.fake.Delivered("chat.postMessage")
			if len(posts) != 1 {
				t.Fatalf("%d messages posted, want exactly 1: %q", len(posts), posted(w.fake))
			}
			var md struct {
				EventType    string         `json:"event_type"`
				EventPayload map[string]any `json:"event_payload"`
			}
			if err := json.Unmarshal([]byte(posts[0].Params.Get("metadata")), &md); err != nil || md.EventPayload["key"] != rem.Key {
				t.Errorf("the post's metadata %s (%v) lacks the key %s", posts[0].Params.Get("metadata"), err, rem.Key)
			}
			if n := len(w.fake.Delivered("conversations.history")); n != 1 {
				t.Errorf("%d conversations.history calls, want 1", n)
			}
			if n := len(w.fake.Delivered("conversations.open")); n != tt.wantOpen {
				t.Errorf("%d conversations.open calls, want %d", n, tt.wantOpen)
			}
			got, err := store.Reminders(ctx, campaignbot.ReminderFilter{Source: rem.Source})
			if err != nil || len(got) != 1 {
				t.Fatalf("Reminders = %v, %v", got, err)
			}
			wantAttempts := 2
			if tt.posted {
				wantAttempts = 1 // found, not sent again
			}
			if r := got[0]; r.Status != campaignbot.ReminderSent || r.Reason != tt.wantReason || r.Attempts != wantAttempts {
				t.Errorf("reminder %s: status %s, reason %q, attempts %d; want sent, %q, %d", r.Key, r.Status, r.Reason, r.Attempts, tt.wantReason, wantAttempts)
			}
		})
	}
}
