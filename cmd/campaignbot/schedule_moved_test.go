package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
)

// TestSchedulePreviewMovedMilestone: the war room's 2h reminder of
// registration-closes went out for the milestone at 10-28 23:59; the
// config now has it at 10-29 23:59. `schedule` shows the new occurrence
// the bot will send for the new time (its key names that time in UTC),
// in the quiet-hours place the planner gives it (20:59); with --db=false
// it cannot know, and shows the reminder under its first key.
func TestSchedulePreviewMovedMilestone(t *testing.T) {
	dir := isolate(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{Driver: "sqlite", DSN: filepath.Join(dir, "bot.db")})
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	oldDue := time.Date(2026, 10, 28, 23, 59, 0, 0, loc)
	key := "milestone:double11/registration-closes:2h:#double11-war-room"
	rs := storage.NewReminderStore(db)
	if _, err := rs.Replan(ctx, "milestone:double11/registration-closes", []campaignbot.Reminder{{
		Key: key, Kind: campaignbot.ReminderMilestone, At: oldDue.Add(-2 * time.Hour), Zone: "Asia/Shanghai", Due: oldDue, Offset: "2h",
		Recipient: campaignbot.Recipient{Channel: "double11-war-room"}, Message: campaignbot.OutgoingMessage{Text: "closes in 2 hours"},
	}}, oldDue.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	sentAt := oldDue.Add(-2 * time.Hour)
	claimed, err := rs.Claim(ctx, campaignbot.ClaimRequest{Owner: "test", Now: sentAt, LeaseUntil: sentAt.Add(time.Minute), Limit: 1, PerRecipient: 1})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := rs.Start(ctx, key, claimed[0].Claim, sentAt, sentAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := rs.Finish(ctx, key, claimed[0].Claim, campaignbot.ReminderSent, sentAt, false, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		db   string
		want string
	}{
		{"--db=true", "2026-10-29T20:59:00+08:00 milestone:double11/registration-closes:2h@20261029T1559Z:#double11-war-room"},
		{"--db=false", "2026-10-29T20:59:00+08:00 " + key},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", "schedule", "--json", tt.db, "--from", "2026-10-29 00:00", "--until", "2026-10-30 00:00")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.db, code, errOut)
		}
		var items []struct {
			At  string `json:"at"`
			Key string `json:"key"`
		}
		if err := json.Unmarshal([]byte(out), &items); err != nil {
			t.Fatalf("not a JSON array: %v\n%s", err, out)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.At+" "+it.Key)
		}
		if joined := strings.Join(got, "\n"); !strings.Contains(joined, tt.want) {
			t.Errorf("%s: preview lacks %q:\n%s", tt.db, tt.want, joined)
		}
	}
}
