package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

const attackAckYAML = `
timezone: Asia/Shanghai
language: en
quiet_hours: ["22:00-08:00"]
calendar: {workdays: ["2026-10-31 warm-up"]}
console:
  users: [{name: li.na}, {name: chen.jie}, {name: alice}]
campaigns:
  - id: double11
    name: Double 11
    channel: double11-war-room
    leads: [li.na, chen.jie]
    d_day: 2026-11-11 00:00
    milestones:
      - id: warm-up
        name: Warm-up starts
        at: 2026-10-31 14:00
        offsets: [2h]
        notify: {leads: true, users: [alice]}
        ack: {required: true, reping_after: 1h, escalate_after: 90m}
`

// newAttackAckWorld is newAckWorld on attackAckYAML.
func newAttackAckWorld(t *testing.T, db *storage.DB, yaml string) *ackWorld {
	t.Helper()
	cfg := parseConfig(t, yaml)
	w := &ackWorld{cfg: cfg, sent: &messenger{}}
	w.open(db)
	plans, problems := scheduler.MilestoneReminders(context.Background(), cfg, nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if _, err := w.rs.ReplanPrefix(context.Background(), "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
		t.Fatal(err)
	}
	return w
}

var _ = config.Config{}

// TestAttackAck_LateDeliveryRepingsAtOnce: the warm-up's reminders are
// planned for 10-31 12:00, re-pings 1h later (13:00), escalations 90m
// later (13:30). The bot was down until 13:30 (within catch_up). At 13:30
// it delivers the late reminders and, in the same pass, the re-pings and
// escalations: each person gets "🔔 Not acknowledged yet" seconds after
// the reminder it repeats, and the leads are told that nobody
// acknowledged a reminder nobody had a chance to see. One would expect
// the re-ping an hour after the reminder actually arrived (or at least
// not in the same minute).
func TestAttackAck_LateDeliveryRepingsAtOnce(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		w.dispatch(t, cst(t, "2026-10-31 13:30"))
		got, msgs := w.sentSince(0)
		if len(got) == 0 {
			t.Fatal("nothing sent at 13:30")
		}
		for _, l := range got {
			if strings.Contains(l, ":reping:") || strings.Contains(l, ":ack-escalate:") {
				_, key, _ := strings.Cut(l, " ")
				t.Errorf("sent %s in the same pass as the late reminder it is about: %q", l, msgs[key].Text)
			}
		}
	})
}

// TestAttackAck_RepingRepeatsStaleCountdown: delivered on time, the
// reminder at 12:00 says "in 2 hours" (the warm-up is at 14:00). The
// re-ping at 13:00 repeats that text word for word: "in 2 hours" when
// the warm-up is one hour away. A re-ping should count down from now.
func TestAttackAck_RepingRepeatsStaleCountdown(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		w.dispatch(t, cst(t, "2026-10-31 12:00"))
		before := len(w.sent.sent)
		w.dispatch(t, cst(t, "2026-10-31 13:00"))
		_, msgs := w.sentSince(before)
		m, ok := msgs["milestone:double11/warm-up:2h:reping:@alice"]
		if !ok {
			t.Fatalf("no re-ping to alice at 13:00: %v", msgs)
		}
		if strings.Contains(m.Text, "in 2 hours") || !strings.Contains(m.Text, "in 1 hour") {
			t.Errorf("re-ping at 13:00 for a 14:00 milestone = %q, want its countdown as of 13:00 (in 1 hour)", m.Text)
		}
	})
}

// replanAt re-plans the world's milestones from yaml at now, as a YAML
// reload or /campaign move does.
func (w *ackWorld) replanAt(t *testing.T, yaml string, now time.Time) {
	t.Helper()
	w.cfg = parseConfig(t, yaml)
	plans, problems := scheduler.MilestoneReminders(context.Background(), w.cfg, nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if _, err := w.rs.ReplanPrefix(context.Background(), "milestone:", plans, now); err != nil {
		t.Fatal(err)
	}
}

// TestAttackAck_RepingAfterMoveRepeatsOldDate: the 2h reminders went out
// at 12:00 for a warm-up at 10-31 14:00. At 12:10 the warm-up moves to
// Monday 11-02 14:00. The re-ping's key is unchanged, so it is
// re-planned for 11-02 13:00 and then repeats the old reminder:
// "2026-10-31 14:00", a date that is no longer true, two days after it
// passed. (The 2h reminder of the new date is never sent either: its
// key is the one already sent.)
func TestAttackAck_RepingAfterMoveRepeatsOldDate(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		w.dispatch(t, cst(t, "2026-10-31 12:00"))
		w.replanAt(t, strings.Replace(attackAckYAML, "at: 2026-10-31 14:00", "at: 2026-11-02 14:00", 1), cst(t, "2026-10-31 12:10"))
		before := len(w.sent.sent)
		w.dispatch(t, cst(t, "2026-10-31 13:00"))
		w.dispatch(t, cst(t, "2026-11-02 12:00"))
		w.dispatch(t, cst(t, "2026-11-02 13:00"))
		got, msgs := w.sentSince(before)
		t.Logf("sent after the move: %v", got)
		for key, m := range msgs {
			if strings.Contains(m.Text, "2026-10-31 14:00") {
				t.Errorf("%s after the move to 11-02 14:00 says %q", key, m.Text)
			}
		}
	})
}

// TestAttackAck_EscalationNamesPeopleRemovedFromAudience: alice is
// taken off the warm-up's users by a config reload after the 12:00
// reminders; her re-ping is canceled with the re-plan, yet the leads'
// escalation at 13:30 still says she has not acknowledged, and the count
// is out of 3.
func TestAttackAck_EscalationNamesPeopleRemovedFromAudience(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		w.dispatch(t, cst(t, "2026-10-31 12:00"))
		w.replanAt(t, strings.Replace(attackAckYAML, "users: [alice]", "users: []", 1), cst(t, "2026-10-31 12:10"))
		before := len(w.sent.sent)
		w.dispatch(t, cst(t, "2026-10-31 13:00"))
		w.dispatch(t, cst(t, "2026-10-31 13:30"))
		got, msgs := w.sentSince(before)
		if slices.Contains(got, "@alice milestone:double11/warm-up:2h:reping:@alice") {
			t.Errorf("alice re-pinged after being removed: %v", got)
		}
		m, ok := msgs["milestone:double11/warm-up:2h:ack-escalate:@li.na"]
		if !ok {
			t.Fatalf("no escalation: %v", got)
		}
		if strings.Contains(m.Text, "<@alice>") {
			t.Errorf("escalation = %q, names alice who is no longer in the audience", m.Text)
		}
	})
}

// TestAttackAck_FailedDMCountsAsNotAcknowledged: alice's 12:00 DM fails
// for good (Slack: cannot_dm_bot / account deactivated). She never saw
// the reminder and cannot acknowledge it (her key answers "no reminder
// waiting"), yet she counts in the audience: the count is "of 3" and the
// leads' escalation at 13:30 names her among those who have not
// acknowledged, with nothing telling them her DM never arrived.
func TestAttackAck_FailedDMCountsAsNotAcknowledged(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		w.sent.fail = func(key string, attempt int) error {
			if key == "milestone:double11/warm-up:2h:@alice" {
				return &campaignbot.DeliveryError{Reason: "cannot_dm_bot"}
			}
			return nil
		}
		w.dispatch(t, cst(t, "2026-10-31 12:00"))
		if r, _ := w.status(t, "milestone:double11/warm-up:2h:@alice"); r.Status != campaignbot.ReminderFailed {
			t.Fatalf("alice's reminder: %s (%s), want failed", r.Status, r.Reason)
		}
		st, _, err := w.acks.Acknowledge(context.Background(), "milestone:double11/warm-up:2h:@li.na", "li.na", cst(t, "2026-10-31 12:05"))
		if err != nil {
			t.Fatal(err)
		}
		if acked, total := st.Counts(); total != 2 {
			t.Errorf("li.na's click counts %d of %d (audience %v), want of 2: alice's DM never arrived", acked, total, st.Audience)
		}
		before := len(w.sent.sent)
		w.dispatch(t, cst(t, "2026-10-31 13:30"))
		_, msgs := w.sentSince(before)
		if m := msgs["milestone:double11/warm-up:2h:ack-escalate:@li.na"]; strings.Contains(m.Text, "<@alice>") {
			t.Errorf("escalation = %q: alice is listed as not acknowledging a reminder she never received", m.Text)
		}
	})
}

// TestAttackAck_AckRemovedStillWaiting: after the 12:00 reminders a
// config reload drops the warm-up's `ack:` (the lead no longer wants
// confirmations). The re-pings are canceled with the re-plan, but
// alice's App Home (Waiting) keeps asking for her Got it on the
// reminder for the next 7 days.
func TestAttackAck_AckRemovedStillWaiting(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		w.dispatch(t, cst(t, "2026-10-31 12:00"))
		w.replanAt(t, strings.Replace(attackAckYAML, "        ack: {required: true, reping_after: 1h, escalate_after: 90m}\n", "", 1), cst(t, "2026-10-31 12:10"))
		if r, _ := w.status(t, "milestone:double11/warm-up:2h:reping:@alice"); r.Status != campaignbot.ReminderCanceled {
			t.Fatalf("alice's re-ping after ack was removed: %s", r.Status)
		}
		waiting, err := w.acks.Waiting(context.Background(), "alice", cst(t, "2026-10-24 12:30"))
		if err != nil {
			t.Fatal(err)
		}
		if len(waiting) != 0 {
			t.Errorf("alice's App Home still waits for %d acks after the milestone stopped asking: %s", len(waiting), waiting[0].Reminder.Key)
		}
	})
}

// TestAttackAck_RepingAfterTheMilestone: a milestone on Friday
// 11-06 21:30 reminds 2h before (19:30) and re-pings 3h after that,
// 22:30, inside the quiet hours. The re-ping is moved to Saturday 08:00,
// a day off, and on to Monday: it asks people to confirm, and repeats
// "in 2 hours", about a milestone that passed three days earlier. The
// reminders themselves are never moved past their milestone.
func TestAttackAck_RepingAfterTheMilestone(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		yaml := strings.NewReplacer(
			`calendar: {workdays: ["2026-10-31 warm-up"]}`+"\n", "",
			"at: 2026-10-31 14:00", "at: 2026-11-06 21:30",
			"reping_after: 1h, escalate_after: 90m", "reping_after: 3h, escalate_after: 4h",
		).Replace(attackAckYAML)
		w := newAttackAckWorld(t, db, yaml)
		r, ok := w.status(t, "milestone:double11/warm-up:2h:reping:@alice")
		if !ok {
			t.Fatal("no re-ping planned")
		}
		if due := cst(t, "2026-11-06 21:30"); r.At.After(due) {
			t.Errorf("alice's re-ping is planned for %s, after the milestone (%s) it asks her to confirm",
				r.At.In(due.Location()).Format("Mon 01-02 15:04"), due.Format("Mon 01-02 15:04"))
		}
	})
}

// TestAttackAck_QuietHoursSplitTheAudience: the warm-up (Fri 10-30
// 10:00 Shanghai) reminds 3h and 2h before. For li.na and chen.jie in
// Shanghai the 07:00 reminder falls in the quiet hours and is merged
// with the 08:00 one (offset "3h+2h"); alice, in Los Angeles, gets two
// reminders ("3h", "2h"). Acks are kept per offset label, so the one
// milestone reminder becomes three occurrences: li.na's Got it counts
// "of 2" without alice, alice's "of 1", and each lead gets three
// escalations (08:30 about "3h" naming only alice, 09:30 about "2h"
// naming only alice, 09:30 about "3h+2h" naming the leads).
func TestAttackAck_QuietHoursSplitTheAudience(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		yaml := strings.NewReplacer("at: 2026-10-31 14:00", "at: 2026-10-30 10:00", "offsets: [2h]", "offsets: [3h, 2h]").Replace(attackAckYAML)
		w := newAttackAckWorld(t, db, yaml)
		plans, problems := scheduler.MilestoneReminders(context.Background(), w.cfg, zonedPeople{"alice": "America/Los_Angeles"})
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if _, err := w.rs.ReplanPrefix(context.Background(), "milestone:", plans, cst(t, "2026-10-01 00:00")); err != nil {
			t.Fatal(err)
		}
		var escalations []string
		for _, r := range plans["milestone:double11/warm-up"] {
			if r.Kind == campaignbot.ReminderAckEscalate && r.Recipient.User == "li.na" {
				escalations = append(escalations, r.Key)
			}
		}
		if len(escalations) > 2 {
			t.Errorf("li.na is to get %d escalations for a milestone with 2 offsets: %v", len(escalations), escalations)
		}
		w.dispatch(t, cst(t, "2026-10-30 07:00"))
		w.dispatch(t, cst(t, "2026-10-30 08:00"))
		st, _, err := w.acks.Acknowledge(context.Background(), "milestone:double11/warm-up:3h+2h:@li.na", "li.na", cst(t, "2026-10-30 08:05"))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(st.Audience, "alice") {
			t.Errorf("li.na's Got it counts among %v: alice, reminded of the same milestone at the same offsets, is left out", st.Audience)
		}
	})
}

// TestAttackAck_ClickOnDMWhoseSendTimedOut: alice's 12:00 DM reached
// Slack, but Slack answered after the client's timeout (an unknown
// outcome, slack-quirks.md): the reminder goes back to pending until the
// dispatcher looks for it. Alice has the message and clicks Got it at
// 12:01: she is told "I found no reminder waiting for your
// acknowledgement under that key. Nothing was recorded."
func TestAttackAck_ClickOnDMWhoseSendTimedOut(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		w.sent.fail = func(key string, attempt int) error {
			if key == "milestone:double11/warm-up:2h:@alice" && attempt == 1 {
				return &campaignbot.DeliveryError{Retryable: true, Unknown: true, Reason: "timeout"}
			}
			return nil
		}
		w.dispatch(t, cst(t, "2026-10-31 12:00"))
		r, _ := w.status(t, "milestone:double11/warm-up:2h:@alice")
		_, recorded, err := w.acks.Acknowledge(context.Background(), "milestone:double11/warm-up:2h:@alice", "alice", cst(t, "2026-10-31 12:01"))
		if err != nil || !recorded {
			t.Errorf("alice's Got it on the DM she has (reminder %s, unconfirmed %v) = %v, %v; want it recorded", r.Status, r.Unconfirmed, recorded, err)
		}
	})
}
