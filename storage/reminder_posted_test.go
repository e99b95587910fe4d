package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestReminderAckColumns: the re-ping delay, the escalation audience and
// the posted message's id are columns of their own, kept through a
// re-plan; a changed audience is a changed plan; Posted needs the claim.
func TestReminderAckColumns(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		esc := to("e:1d:ack-escalate:@UL", t0, "UL")
		esc.Kind, esc.AckDelay, esc.AckAudience = campaignbot.ReminderAckEscalate, 6*time.Hour, []campaignbot.UserID{"U2", "U1", "U2"}
		post := to("e:1d:#C1", t0.Add(-time.Minute), "C1")
		if _, err := s.Replan(ctx, "milestone:e", []campaignbot.Reminder{esc, post}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		esc.AckAudience = []campaignbot.UserID{"U1"}
		res, err := s.Replan(ctx, "milestone:e", []campaignbot.Reminder{esc, post}, time.Time{})
		if err != nil || res.Updated != 1 || res.Unchanged != 1 {
			t.Fatalf("re-plan with a smaller audience = %+v, %v; want 1 updated", res, err)
		}
		got := claim(t, s, t0, 1)
		if len(got) != 2 || got[0].Key != post.Key {
			t.Fatalf("claimed %q", keys(got))
		}
		if err := s.Posted(ctx, post.Key, "not-the-claim", "1.2"); campaignbot.ErrorCode(err) != campaignbot.ECONFLICT {
			t.Errorf("Posted with a lost claim = %v, want ECONFLICT", err)
		}
		if err := s.Posted(ctx, post.Key, got[0].Claim, "1700000000.000100"); err != nil {
			t.Fatal(err)
		}
		if err := s.Finish(ctx, post.Key, got[0].Claim, campaignbot.ReminderSent, t0, false, ""); err != nil {
			t.Fatal(err)
		}
		rs, err := s.Reminders(ctx, campaignbot.ReminderFilter{Source: "milestone:e"})
		if err != nil || len(rs) != 2 {
			t.Fatalf("reminders = %v, %v", rs, err)
		}
		for _, r := range rs {
			switch r.Key {
			case esc.Key:
				if r.AckDelay != 6*time.Hour || !slices.Equal(r.AckAudience, []campaignbot.UserID{"U1"}) {
					t.Errorf("escalation: delay %v audience %v", r.AckDelay, r.AckAudience)
				}
			case post.Key:
				if r.SentTS != "1700000000.000100" || r.AckDelay != 0 || r.AckAudience != nil {
					t.Errorf("post: ts %q delay %v audience %v", r.SentTS, r.AckDelay, r.AckAudience)
				}
			}
		}
	})
}
