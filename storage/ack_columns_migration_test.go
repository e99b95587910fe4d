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

// TestAckColumnsMigrationBackfills: migration 16 moves the re-ping delay
// and the escalation audience out of the hidden fields of the stored
// message into their columns, on both backends.
func TestAckColumnsMigrationBackfills(t *testing.T) {
	insert := `INSERT INTO reminders (key, source, kind, send_at, zone, recipient_user, recipient, message, next_at, status, created_at, updated_at)
VALUES (?, 'milestone:c/m', ?, ?, 'UTC', 'U9', '@U9', ?, ?, 'pending', ?, ?)`
	at := migrationTime
	row := func(key, kind, message string) statement {
		return statement{insert, []any{key, kind, at, message, at, at, at}}
	}
	tests := []struct {
		key, kind, message string
		delay              time.Duration
		audience           []campaignbot.UserID
	}{
		{"c:1d:reping:@U9", "ack-reping", `{"Fields":[{"Label":"ack-delay","Value":"2h0m0s"}],"Key":"c:1d:reping:@U9"}`, 2 * time.Hour, nil},
		{"c:1d:rp2:@U9", "ack-reping", `{"Fields":[{"Label":"ack-delay","Value":"1h30m0s"}]}`, 90 * time.Minute, nil},
		{"c:1d:rp3:@U9", "ack-reping", `{"Fields":[{"Label":"ack-delay","Value":"45m0s"}]}`, 45 * time.Minute, nil},
		{"c:1d:rp4:@U9", "ack-reping", `{"Fields":[{"Label":"ack-delay","Value":"36h0m30s"}]}`, 36*time.Hour + 30*time.Second, nil},
		{"c:1d:ack-escalate:@U9", "ack-escalation", `{"Fields":[{"Label":"ack-delay","Value":"6h0m0s"},{"Label":"ack-audience","Value":"U1 U2"}]}`, 6 * time.Hour, []campaignbot.UserID{"U1", "U2"}},
		{"c:1d:@U9", "milestone", `{"Text":"hi","Fields":null}`, 0, nil},
	}
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		var stmts []statement
		for _, tt := range tests {
			stmts = append(stmts, row(tt.key, tt.kind, tt.message))
		}
		db := migrateAfter(t, b, "acknowledgement columns on reminders, acks on chat milestones, imported to-dos by source line", stmts...)
		rs, err := storage.NewReminderStore(db).Reminders(context.Background(), campaignbot.ReminderFilter{Source: "milestone:c/m"})
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]campaignbot.Reminder{}
		for _, r := range rs {
			byKey[r.Key] = r
		}
		for _, tt := range tests {
			r := byKey[tt.key]
			if r.AckDelay != tt.delay || !slices.Equal(r.AckAudience, tt.audience) {
				t.Errorf("%s: delay %v audience %v, want %v %v", tt.key, r.AckDelay, r.AckAudience, tt.delay, tt.audience)
			}
		}
	})
}
