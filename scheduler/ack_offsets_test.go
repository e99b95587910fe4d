package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAckPerOffset: li.na's reminder merges 3h and 2h ("3h+2h", quiet
// hours); alice in Los Angeles gets "3h" and "2h". li.na's Got it
// acknowledges both offsets; alice's click on her "3h" only that one.
func TestAckPerOffset(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		yaml := strings.NewReplacer("at: 2026-10-31 14:00", "at: 2026-10-30 10:00", "offsets: [2h]", "offsets: [3h, 2h]").Replace(attackAckYAML)
		w := newAttackAckWorld(t, db, yaml)
		plans, _ := scheduler.MilestoneReminders(context.Background(), w.cfg, zonedPeople{"alice": "America/Los_Angeles"})
		if _, err := w.rs.ReplanPrefix(context.Background(), "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
			t.Fatal(err)
		}
		w.dispatch(t, cst(t, "2026-10-30 07:00"))
		w.dispatch(t, cst(t, "2026-10-30 08:00"))
		clicks := []struct{ key, user string }{
			{"milestone:double11/warm-up:3h+2h:@li.na", "li.na"},
			{"milestone:double11/warm-up:3h:@alice", "alice"},
		}
		for _, c := range clicks {
			if _, _, err := w.acks.Acknowledge(context.Background(), c.key, campaignbot.UserID(c.user), cst(t, "2026-10-30 08:05")); err != nil {
				t.Fatalf("%s: %v", c.key, err)
			}
		}
		acks, err := w.store.Acks(context.Background(), "milestone:double11/warm-up")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range acks {
			got = append(got, string(a.User)+" "+strings.TrimPrefix(a.Occurrence, "milestone:double11/warm-up:"))
		}
		slices.Sort(got)
		if want := []string{"alice 3h", "li.na 2h", "li.na 3h"}; !slices.Equal(got, want) {
			t.Errorf("acks = %v, want %v", got, want)
		}
	})
}
