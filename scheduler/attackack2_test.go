package scheduler_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/scheduler"
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

// groupPeople is a directory whose user groups change during a test.
type groupPeople struct {
	groups map[string][]campaignbot.UserID
}

func (p *groupPeople) User(_ context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	return campaignbot.User{ID: id, Name: string(id), Timezone: "Asia/Shanghai"}, nil
}

func (p *groupPeople) GroupMembers(_ context.Context, g string) ([]campaignbot.UserID, error) {
	return p.groups[g], nil
}

// TestAttackAck2_GroupMemberLeavesAfterThePost: the launch check's post
// asks the members of the user group ops (ack.from_groups): alice and
// bob when it goes out. bob then leaves the group; the next hourly
// re-plan expands the group again, and the post no longer asks him: his
// click records nothing and the count is out of 1. carol, who joined the
// group, is asked.
func TestAttackAck2_GroupMemberLeavesAfterThePost(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		data, err := os.ReadFile("testdata/acks_channel.yaml")
		if err != nil {
			t.Fatal(err)
		}
		yaml := strings.Replace(string(data), `from: ["@alice", "@bob"]`, `from_groups: [ops]`, 1)
		people := &groupPeople{groups: map[string][]campaignbot.UserID{"ops": {"alice", "bob"}}}
		w := &ackWorld{cfg: parseConfig(t, yaml), sent: &messenger{}}
		w.open(db)
		ctx := context.Background()
		plan := func(now time.Time) {
			t.Helper()
			plans, problems := scheduler.MilestoneReminders(ctx, w.cfg, people)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if _, err := w.rs.ReplanPrefix(ctx, "milestone:", plans, now); err != nil {
				t.Fatal(err)
			}
		}
		plan(cst(t, "2026-10-01 00:00"))
		w.dispatch(t, cst(t, "2026-10-30 20:00"))
		const post = "milestone:double11/launch-check:1d:#double11-war-room"
		people.groups["ops"] = []campaignbot.UserID{"alice", "carol"}
		plan(cst(t, "2026-10-30 21:00"))
		if _, recorded, err := w.acks.Acknowledge(ctx, post, "bob", cst(t, "2026-10-30 21:05")); campaignbot.ErrorCode(err) != campaignbot.EFORBIDDEN {
			t.Errorf("bob, out of the group: recorded %v, %v; want EFORBIDDEN", recorded, err)
		}
		st, recorded, err := w.acks.Acknowledge(ctx, post, "carol", cst(t, "2026-10-30 21:06"))
		if acked, total := st.Counts(); err != nil || !recorded || acked != 1 || total != 2 {
			t.Errorf("carol, in the group now: %v, %d of %d, %v; want recorded, 1 of 2", recorded, acked, total, err)
		}
	})
}

// memberPeople is groupPeople that knows who is in each channel.
type memberPeople struct {
	groupPeople
	members map[campaignbot.ChannelID][]campaignbot.UserID
}

func (p *memberPeople) InChannel(_ context.Context, ch campaignbot.ChannelID, u campaignbot.UserID) (bool, error) {
	return slices.Contains(p.members[ch], u), nil
}

// TestAttackAck2_FromNotInThePrivateChannel: the launch check posts in
// the private war room and lists alice and bob under ack.from, but bob
// is not in the war room. The post asked him anyway, and his re-ping
// DMed him the private channel's post. Now only alice is asked; the
// planner reports bob; bob gets no re-ping and his click records
// nothing.
func TestAttackAck2_FromNotInThePrivateChannel(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		data, err := os.ReadFile("testdata/acks_channel.yaml")
		if err != nil {
			t.Fatal(err)
		}
		people := &memberPeople{members: map[campaignbot.ChannelID][]campaignbot.UserID{"double11-war-room": {"alice", "li.na", "chen.jie"}}}
		w := &ackWorld{cfg: parseConfig(t, string(data)), sent: &messenger{}}
		w.open(db)
		ctx := context.Background()
		plans, problems := scheduler.MilestoneReminders(ctx, w.cfg, people)
		if len(problems) != 1 || !strings.Contains(problems[0].Error(), "bob is not a member of double11-war-room") {
			t.Errorf("problems: %v, want one about bob", problems)
		}
		if _, err := w.rs.ReplanPrefix(ctx, "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
			t.Fatal(err)
		}
		w.dispatch(t, cst(t, "2026-10-30 20:00"))
		w.dispatch(t, cst(t, "2026-10-31 08:00"))
		for _, s := range w.sent.sent {
			if s.to.User == "bob" {
				t.Errorf("bob, not in the private war room, was sent %s: %q", s.msg.Key, s.msg.Text)
			}
		}
		const post = "milestone:double11/launch-check:1d:#double11-war-room"
		if _, recorded, err := w.acks.Acknowledge(ctx, post, "bob", cst(t, "2026-10-31 08:05")); campaignbot.ErrorCode(err) != campaignbot.EFORBIDDEN {
			t.Errorf("bob's click: recorded %v, %v; want EFORBIDDEN", recorded, err)
		}
	})
}
