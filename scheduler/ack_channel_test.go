package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestChannelPostAcks: a channel post whose milestone has ack.from
// carries Got it; only the people listed count ("1 of 2"), anyone else
// is told they are not asked and nothing is recorded; a double click
// records one ack; forged keys find nothing; the post waits in the App
// Home of who has not acknowledged; the re-ping goes by DM to bob only,
// out of quiet hours, and the leads hear once who has not; /campaign
// acks lists the post's occurrence. On both backends.
func TestChannelPostAcks(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAckWorldFrom(t, db, "testdata/acks_channel.yaml", cst(t, "2026-10-30 20:00"))
		ctx := context.Background()
		const post = "milestone:double11/launch-check:1d:#double11-war-room"
		var sentPost campaignbot.OutgoingMessage
		for _, s := range w.sent.sent {
			if s.msg.Key == post {
				sentPost = s.msg
			}
		}
		if !slices.ContainsFunc(sentPost.Buttons, func(b campaignbot.Button) bool { return b.ActionID == campaignbot.AckAction && b.Value == post }) {
			t.Fatalf("the channel post carries no Got it: %+v (sent %d)", sentPost, len(w.sent.sent))
		}
		rs, _ := w.rs.Reminders(ctx, campaignbot.ReminderFilter{Source: "milestone:double11/launch-check"})
		for _, r := range rs {
			if r.Key == post && (r.SentTS == "" || !slices.Equal(r.AckAudience, []campaignbot.UserID{"alice", "bob"})) {
				t.Errorf("the post: ts %q, audience %v", r.SentTS, r.AckAudience)
			}
		}

		at := cst(t, "2026-10-30 20:30")
		_, _, err := w.acks.Acknowledge(ctx, post, "carol", at)
		if campaignbot.ErrorCode(err) != campaignbot.EFORBIDDEN || !strings.Contains(err.Error(), "asks <@alice>, <@bob> to acknowledge it, not you") {
			t.Errorf("carol's click: %v", err)
		}
		for _, forged := range []struct{ key, user string }{
			{"milestone:double11/launch-check:1d:#other-room", "alice"},
			{"milestone:double11/launch-check:2h:#double11-war-room", "alice"},
			{"milestone:double11/launch-check:1d:@bob", "alice"},
			{"milestone:double11/launch-check:1d:#double11-war-room:@alice", "alice"},
		} {
			if _, _, err := w.acks.Acknowledge(ctx, forged.key, campaignbot.UserID(forged.user), at); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
				t.Errorf("forged %s: %v, want ENOTFOUND", forged.key, err)
			}
		}
		st, recorded, err := w.acks.Acknowledge(ctx, post, "alice", at)
		if acked, total := st.Counts(); err != nil || !recorded || acked != 1 || total != 2 {
			t.Fatalf("alice's click: %d of %d, %v, %v", acked, total, recorded, err)
		}
		if st, recorded, err = w.acks.Acknowledge(ctx, post, "alice", at.Add(1)); err != nil || recorded {
			t.Errorf("double click recorded again: %v, %v", recorded, err)
		}
		if acks, _ := w.store.Acks(ctx, "milestone:double11/launch-check"); len(acks) != 1 {
			t.Errorf("%d acks stored, want 1 (alice's): %+v", len(acks), acks)
		}
		for user, want := range map[campaignbot.UserID]int{"alice": 0, "bob": 1, "carol": 0} {
			if got, err := w.acks.Waiting(ctx, user, cst(t, "2026-10-24 00:00")); err != nil || len(got) != want {
				t.Errorf("waiting for %s: %d, %v; want %d", user, len(got), err, want)
			}
		}

		// The re-ping, due 22:00 in quiet hours, goes at 08:00, to bob
		// only; the escalation, due 02:00, too.
		w.dispatch(t, cst(t, "2026-10-31 08:00"))
		var reping, escalations []string
		for _, s := range w.sent.sent {
			switch {
			case strings.Contains(s.msg.Key, ":reping:"):
				reping = append(reping, s.to.String())
				if !strings.HasPrefix(s.msg.Text, "🔔 Not acknowledged yet") || !slices.ContainsFunc(s.msg.Buttons, func(b campaignbot.Button) bool { return b.Value == post }) {
					t.Errorf("re-ping: %+v", s.msg)
				}
			case strings.Contains(s.msg.Key, ":ack-escalate:"):
				escalations = append(escalations, s.to.String())
				if !strings.Contains(s.msg.Text, "<@bob>. ✓ 1 of 2 acknowledged.") || strings.Contains(s.msg.Text, "alice") {
					t.Errorf("escalation: %q", s.msg.Text)
				}
			}
		}
		if !slices.Equal(reping, []string{"@bob"}) || len(escalations) != 2 {
			t.Errorf("re-pinged %v, escalated to %v; want [@bob] and both leads", reping, escalations)
		}
		// bob answers the re-ping's Got it: the post's key.
		if st, recorded, err = w.acks.Acknowledge(ctx, post, "bob", cst(t, "2026-10-31 08:05")); err != nil || !recorded {
			t.Fatalf("bob: %v, %v", recorded, err)
		}
		all, err := w.acks.Statuses(ctx, "milestone:double11/launch-check")
		if err != nil || len(all) != 1 {
			t.Fatalf("statuses: %+v, %v", all, err)
		}
		if acked, total := all[0].Counts(); acked != 2 || total != 2 {
			t.Errorf("/campaign acks: %d of %d", acked, total)
		}
	})
}
