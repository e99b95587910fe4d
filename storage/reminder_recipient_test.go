package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestRemindersOfARecipient: ReminderFilter.Recipient selects one
// person's (or channel's) reminders.
func TestRemindersOfARecipient(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewReminderStore(db)
		to := func(key string, r campaignbot.Recipient) campaignbot.Reminder {
			m := rem(key, t0.Add(time.Hour), key)
			m.Recipient = r
			return m
		}
		plan := []campaignbot.Reminder{
			to("m:1d:@U1", campaignbot.Recipient{User: "U1"}),
			to("m:1d:@U2", campaignbot.Recipient{User: "U2"}),
			to("m:1d:#C1", campaignbot.Recipient{Channel: "C1"}),
		}
		if _, err := s.Replan(ctx, "milestone:x", plan, t0); err != nil {
			t.Fatal(err)
		}
		for r, want := range map[campaignbot.Recipient]string{{User: "U1"}: "m:1d:@U1", {Channel: "C1"}: "m:1d:#C1"} {
			got, err := s.Reminders(ctx, campaignbot.ReminderFilter{Recipient: r})
			if err != nil || len(got) != 1 || got[0].Key != want {
				t.Errorf("Reminders(%s) = %+v, %v; want %s", r, got, err, want)
			}
		}
	})
}
