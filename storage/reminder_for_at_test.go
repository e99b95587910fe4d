package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestReminderForAtMigration: migration 19 gives waiting reminders their
// due time as the milestone time they were planned for (for_at), and
// leaves those already sent NULL (read as a zero ForAt: the planner
// counts them as sent for the milestone's current time). Re-planning
// then keeps a sent reminder's for_at and moves a waiting one's with its
// due time, on both backends.
func TestReminderForAtMigration(t *testing.T) {
	at := migrationTime
	due := time.Date(2026, 10, 29, 10, 0, 0, 0, time.UTC)
	moved := time.Date(2026, 10, 31, 10, 0, 0, 0, time.UTC)
	insert := `INSERT INTO reminders (key, source, kind, send_at, zone, due_at, offset_label, recipient_user, recipient, message, next_at, status, started_at, created_at, updated_at)
VALUES (?, 'milestone:c/m', 'milestone', ?, 'UTC', ?, '1d', 'U9', '@U9', '{"Text":"hi"}', ?, ?, ?, ?, ?)`
	send := due.Add(-24 * time.Hour)
	started := send
	tests := []struct {
		key, status   string
		started       *time.Time
		wantForAt     time.Time // after the migration
		wantReplanned time.Time // after a re-plan for moved
	}{
		{"milestone:c/m:1d:@U9", "sent", &started, time.Time{}, time.Time{}},
		{"milestone:c/m:1d:@U8", "pending", nil, due, moved},
		{"milestone:c/m:1d:@U7", "sending", &started, time.Time{}, time.Time{}},
	}
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		var stmts []statement
		for _, tt := range tests {
			stmts = append(stmts, statement{insert, []any{tt.key, send, due, send, tt.status, tt.started, at, at}})
		}
		db := migrateAfter(t, b, "reminders remember the milestone time they were planned for", stmts...)
		rs := storage.NewReminderStore(db)
		ctx := context.Background()
		check := func(when string, want func(int) time.Time) {
			t.Helper()
			got, err := rs.Reminders(ctx, campaignbot.ReminderFilter{Source: "milestone:c/m"})
			if err != nil {
				t.Fatal(err)
			}
			byKey := map[string]campaignbot.Reminder{}
			for _, r := range got {
				byKey[r.Key] = r
			}
			for i, tt := range tests {
				if r := byKey[tt.key]; !r.ForAt.Equal(want(i)) {
					t.Errorf("%s: %s: ForAt %v, want %v", when, tt.key, r.ForAt, want(i))
				}
			}
		}
		check("after the migration", func(i int) time.Time { return tests[i].wantForAt })
		var plan []campaignbot.Reminder
		for _, tt := range tests {
			u := tt.key[len(tt.key)-2:]
			plan = append(plan, campaignbot.Reminder{Key: tt.key, Kind: campaignbot.ReminderMilestone, At: moved.Add(-24 * time.Hour), Zone: "UTC",
				Due: moved, Offset: "1d", Recipient: campaignbot.Recipient{User: campaignbot.UserID(u)}, Message: campaignbot.OutgoingMessage{Text: "hi"}})
		}
		if _, err := rs.Replan(ctx, "milestone:c/m", plan, send); err != nil {
			t.Fatal(err)
		}
		check("after the re-plan", func(i int) time.Time { return tests[i].wantReplanned })

		// A reminder planned now records its due time, and keeps it once
		// sent.
		fresh := campaignbot.Reminder{Key: "milestone:c/n:1d:@U9", Kind: campaignbot.ReminderMilestone, At: send, Zone: "UTC",
			Due: due, Offset: "1d", Recipient: campaignbot.Recipient{User: "U9"}, Message: campaignbot.OutgoingMessage{Text: "hi"}}
		if _, err := rs.Replan(ctx, "milestone:c/n", []campaignbot.Reminder{fresh}, at); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec(ctx, "UPDATE reminders SET status = 'sent', started_at = ? WHERE key = ?", send, fresh.Key); err != nil {
			t.Fatal(err)
		}
		fresh.Due, fresh.At = moved, moved.Add(-24*time.Hour)
		if _, err := rs.Replan(ctx, "milestone:c/n", []campaignbot.Reminder{fresh}, at); err != nil {
			t.Fatal(err)
		}
		got, err := rs.Reminders(ctx, campaignbot.ReminderFilter{Source: "milestone:c/n"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !got[0].ForAt.Equal(due) {
			t.Errorf("sent reminder after its milestone moved: %+v, want ForAt %v", got, due)
		}
	})
}
