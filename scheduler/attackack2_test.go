package scheduler_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackAck2_RemovedFromFromAfterThePost: the launch check's post
// (ack.from alice and bob) went out at 20:00; at 20:10 a config reload
// takes bob off ack.from. The post is no longer bob's to acknowledge:
// his re-ping is canceled and the leads' escalation counts alice only,
// yet bob's click on the post was still recorded as an ack, and the
// post kept waiting in his App Home.
func TestAttackAck2_RemovedFromFromAfterThePost(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAckWorldFrom(t, db, "testdata/acks_channel.yaml", cst(t, "2026-10-30 20:00"))
		data, err := os.ReadFile("testdata/acks_channel.yaml")
		if err != nil {
			t.Fatal(err)
		}
		w.replanAt(t, strings.Replace(string(data), `from: ["@alice", "@bob"]`, `from: ["@alice"]`, 1), cst(t, "2026-10-30 20:10"))
		ctx := context.Background()
		const post = "milestone:double11/launch-check:1d:#double11-war-room"
		if got, err := w.acks.Waiting(ctx, "bob", cst(t, "2026-10-24 00:00")); err != nil || len(got) != 0 {
			t.Errorf("waiting for bob after he was taken off ack.from: %d, %v; want none", len(got), err)
		}
		st, recorded, err := w.acks.Acknowledge(ctx, post, "bob", cst(t, "2026-10-30 20:30"))
		if campaignbot.ErrorCode(err) != campaignbot.EFORBIDDEN {
			acked, total := st.Counts()
			t.Errorf("bob's click after he was taken off ack.from: recorded %v, %d of %d, %v; want EFORBIDDEN", recorded, acked, total, err)
		}
		st, _, err = w.acks.Acknowledge(ctx, post, "alice", cst(t, "2026-10-30 20:31"))
		if acked, total := st.Counts(); err != nil || acked != 1 || total != 1 {
			t.Errorf("alice's click: %d of %d, %v; want 1 of 1", acked, total, err)
		}
	})
}
